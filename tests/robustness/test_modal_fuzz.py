"""Modal submissions with missing, unknown, mistyped or someone else's fields, and metadata
that is not what relbot wrote: an error inside the modal or a polite message, never a crash."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relbot.jobs.pulse import PulseJobs
from relbot.models.pulse import Dimension
from relbot.slack.ids import Callback, ProfileBlock, PulseBlock, QueryBlock
from standin.harness import Harness
from standin.signing import view_submission
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.robustness.support import assert_clear

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
USERS = [PROVIDER, OFFICER, STRANGER, ADMIN]
KNOWN_BLOCKS = (
    [b.value for b in ProfileBlock]
    + [b.value for b in PulseBlock]
    + [b.value for b in QueryBlock]
    + [d.value for d in Dimension]
    + [f"must_have_{n}" for n in (1, 2, 3)]
    + ["dept_1_trust", "rating_1_trust", "dept_999_trust"]
)
small_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | small_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(small_text, inner, max_size=3),
    max_leaves=6,
)
ids = st.one_of(
    st.integers(min_value=-3, max_value=5),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.just(2**31),
)
value_text = st.one_of(
    small_text,
    ids.map(str),
    st.sampled_from(["1", "2", "4", "0", "\u00b2", "\u0661", "1,2", "north", "owner", "homecare"]),
    st.text(min_size=2000, max_size=4000),
)


def metadata_for(user: str) -> st.SearchStrategy[str | None]:
    """What `private_metadata` may hold: nothing, junk, wrong types, or plausible JSON."""
    fields = st.fixed_dictionaries(
        {},
        optional={
            "slack_user_id": st.sampled_from([user, PROVIDER, OFFICER, STRANGER, ""]),
            "side": st.sampled_from(["provider", "officer", "alien"]) | anything,
            "round_id": ids | anything,
            "collection_id": ids | anything,
            "ticket_id": ids | st.none(),
            "departments": st.lists(ids, max_size=3) | anything,
            "channel": st.none() | small_text,
            "message_ts": st.none() | small_text,
        },
    )
    return st.one_of(
        st.none(),
        st.just(""),
        small_text,
        anything.map(json.dumps),
        fields.map(json.dumps),
    )


def element() -> st.SearchStrategy[dict[str, Any]]:
    option = st.one_of(st.none(), st.fixed_dictionaries({"value": value_text}), anything)
    return st.one_of(
        st.fixed_dictionaries({"type": st.just("plain_text_input"), "value": st.none() | value_text}),
        st.fixed_dictionaries({"type": st.sampled_from(["static_select", "radio_buttons"]), "selected_option": option}),
        st.fixed_dictionaries({"type": st.just("multi_static_select"), "selected_options": st.lists(st.fixed_dictionaries({"value": value_text}), max_size=3)}),
        st.fixed_dictionaries({"type": st.sampled_from(["datepicker", "checkboxes", "users_select"]), "value": anything}),
    )  # fmt: skip


state = st.dictionaries(
    st.sampled_from(KNOWN_BLOCKS) | small_text,
    st.dictionaries(st.sampled_from(["a", "query_input", "profile_input", "pulse_score"]), element(), min_size=1, max_size=2),
    max_size=8,
)  # fmt: skip


@pytest.fixture
def open_rounds(council: Harness, jobs: PulseJobs) -> Harness:
    """The council with a pulse round and a Must Haves round open, so forms reach the domain."""
    jobs.open(now=datetime.now(UTC), slot="manual:fuzz", by=ADMIN)
    assert council.command("open-round Fuzz", user_id=ADMIN, command="/musthave").status == 200
    council.settle()
    return council


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("callback", [c for c in Callback if c is not Callback.LOG_QUERY_SHORTCUT])
def test_any_submission_gets_an_error_in_the_modal_or_a_message(
    open_rounds: Harness, callback: Callback, data: st.DataObject
) -> None:
    user = data.draw(st.sampled_from(USERS), "user")
    view: dict[str, Any] = {"id": "VFUZZ1", "type": "modal", "callback_id": callback.value}
    metadata = data.draw(metadata_for(user), "private_metadata")
    if metadata is not None:
        view["private_metadata"] = metadata
    values = data.draw(state, "values")
    harness = open_rounds
    harness.slack.reset()
    reply = harness.interact(view_submission(user_id=user, view=view, values=values))
    assert reply.status == 200, reply.body
    harness.settle()
    said = [
        call.params
        # The Home tab republished counts: the profile form is opened from it and closes
        # onto it, showing what was saved.
        for method in ("chat.postMessage", "chat.postEphemeral", "views.update", "views.publish")
        for call in harness.slack.calls_to(method)
    ]
    if reply.body:
        answer = reply.json()
        assert answer["response_action"] in ("errors", "update", "clear"), answer
        if answer["response_action"] == "errors":
            assert answer["errors"] and all(answer["errors"].values())
        said.append(answer)
    # Whatever was sent, the person is told something: a form never closes in silence.
    assert said, (callback, values)
    assert_clear(said)
