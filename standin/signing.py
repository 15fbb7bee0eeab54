"""Requests signed exactly as Slack signs them, in every shape relbot receives."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from standin.slack_api import TEAM_ID


@dataclass(frozen=True)
class SignedRequest:
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class SlackSigner:
    """Builds Slack's request bodies and their `X-Slack-Signature` headers."""

    signing_secret: str

    def sign(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        retry_num: int | None = None,
    ) -> SignedRequest:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(self.signing_secret).generate_signature(
            timestamp=stamp, body=body
        )
        assert signature is not None
        headers: dict[str, str] = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        }
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return SignedRequest(body.encode(), headers)

    def command(
        self,
        command: str,
        text: str,
        *,
        user_id: str,
        response_url: str,
        channel_id: str = "C0GENERAL",
        trigger_id: str = "13345224609.738474920.8088930838d88f008e0",
        **signing: Any,
    ) -> SignedRequest:
        form = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "council",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0RELBOT",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
        return self.sign(urlencode(form), "application/x-www-form-urlencoded", **signing)

    def interaction(self, payload: dict[str, Any], **signing: Any) -> SignedRequest:
        body = urlencode({"payload": json.dumps(payload)})
        return self.sign(body, "application/x-www-form-urlencoded", **signing)

    def event(
        self, event: dict[str, Any], *, event_id: str = "Ev0001", **signing: Any
    ) -> SignedRequest:
        envelope = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0RELBOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT0001", "is_bot": True}],
        }
        return self.sign(json.dumps(envelope), "application/json", **signing)


def block_action(
    *,
    user_id: str,
    action_id: str,
    value: str = "",
    trigger_id: str = "trig-1",
    view: dict[str, Any] | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A `block_actions` payload for one button press (on App Home when `view` is given).

    `user.team_id` is the presser's own workspace (or Enterprise organisation), which for
    someone of another organisation in a Slack Connect channel is not the council's
    (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "council"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A0RELBOT",
        "trigger_id": trigger_id,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }
    if view is not None:
        payload["view"] = view
        payload["container"] = {"type": "view", "view_id": view.get("id", "V1")}
    return payload


def view_submission(
    *,
    user_id: str,
    view: dict[str, Any],
    values: dict[str, dict[str, dict[str, Any]]],
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A `view_submission` payload for `view` (as relbot opened it) with state `values`;
    `user.team_id` is the submitter's own workspace, as in `block_action`
    (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload)."""
    submitted = {**view, "id": view.get("id", "V1"), "state": {"values": values}}
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "council"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A0RELBOT",
        "trigger_id": "trig-submit",
        "view": submitted,
    }
