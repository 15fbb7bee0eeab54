"""The app manifest: valid for Slack, and asking for the least scopes relbot's code uses.

`manifest.schema.json` beside this file is Slack's published app-manifest schema, copied
unchanged from https://github.com/slackapi/manifest-schema (schemas/manifest.schema.1.0.0.json,
commit c50cfa8508ff1017344550a5e5fb29a1416e5b98), the version `_metadata.major_version: 1`
names.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).with_name("manifest.schema.json")

# What each bot scope lets an app do, from the scopes' reference pages
# (https://docs.slack.dev/reference/scopes): the Web API methods (as slack_sdk names them)
# and the events it is needed for. A scope is justified when relbot calls one of its
# methods or subscribes to one of its events.
SCOPE_USES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "chat:write": (("chat_postMessage", "chat_update", "chat_postEphemeral"), ()),
    "im:write": (("conversations_open",), ()),
    "im:history": (("conversations_history", "conversations_replies"), ("message.im",)),
    "channels:history": (("conversations_history", "conversations_replies"), ("message.channels",)),
    "groups:history": (("conversations_history", "conversations_replies"), ("message.groups",)),
    "channels:read": (("conversations_info", "conversations_members"), ("member_joined_channel",)),
    "groups:read": (("conversations_info", "conversations_members"), ("member_joined_channel",)),
    "reactions:read": (("reactions_get",), ("reaction_added", "reaction_removed")),
    "reactions:write": (("reactions_add", "reactions_remove"), ()),
    "files:write": (("files_upload_v2", "files_completeUploadExternal"), ()),
    "users:read": (("users_info", "users_list"), ("user_change",)),
    "users:read.email": (("users_lookupByEmail",), ()),
}


def _manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text("utf-8"))
    return loaded


def _called_methods() -> set[str]:
    """The Web API methods relbot's code calls: a WebClient's methods, as `client.chat_update`
    (called, or handed to a helper that calls it), never a name in a comment or docstring."""
    calls: set[str] = set()
    for path in (ROOT / "relbot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and _is_client(node.value):
                calls.add(node.attr)
    return calls


def _is_client(node: ast.expr) -> bool:
    """`client` or `self.client` (`run.client`): what relbot names its WebClient."""
    if isinstance(node, ast.Name):
        return node.id == "client"
    return isinstance(node, ast.Attribute) and node.attr == "client"


def test_the_manifest_is_valid_for_slack() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft7Validator(schema).iter_errors(_manifest())
    ]
    assert errors == []


def test_the_schema_refuses_what_slack_refuses() -> None:
    validator = Draft7Validator(json.loads(SCHEMA.read_text("utf-8")))
    manifest = _manifest()
    del manifest["display_information"]
    manifest["features"]["bot_user"]["display_name"] = "x" * 81
    messages = [e.message for e in validator.iter_errors(manifest)]
    assert "'display_information' is a required property" in messages
    assert any("is too long" in m for m in messages)


@pytest.mark.parametrize("scope", _manifest()["oauth_config"]["scopes"]["bot"])
def test_every_scope_is_used(scope: str) -> None:
    manifest = _manifest()
    if scope == "commands":
        assert manifest["features"]["slash_commands"] and manifest["features"]["shortcuts"]
        return
    assert scope in SCOPE_USES, f"say in SCOPE_USES what {scope} is for"
    methods, events = SCOPE_USES[scope]
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    called = _called_methods()
    assert called & set(methods) or subscribed & set(events), (
        f"{scope} is asked for, but relbot calls none of {methods} and subscribes to none of {events}"
    )


def test_a_scope_no_code_uses_would_be_noticed() -> None:
    assert not _called_methods() & set(SCOPE_USES["users:read"][0])
