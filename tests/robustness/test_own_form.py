"""The check every submitted form makes before its listener runs, case by case: a form
relbot did not write (or wrote for an older version) is out of date, another person's form
is refused, and the refusal shows at the field the form names, chosen from its metadata
where the form says so."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, BoltRequest, BoltResponse

from relbot.slack.forms import NOT_YOURS, OwnForm
from relbot.slack.metadata import FORM_EXPIRED, PulseMetadata


def _submit(
    form: OwnForm, private_metadata: Any, user: str = "U1"
) -> tuple[BoltResponse, dict[str, Any]]:
    body = {
        "type": "view_submission",
        "user": {"id": user},
        "view": {"private_metadata": private_metadata},
    }
    request = BoltRequest(body=json.dumps(body), headers={"content-type": ["application/json"]})
    request.context["ack"] = Ack()
    passed: dict[str, Any] = {}

    def next_() -> BoltResponse:
        passed.update(request.context)
        return BoltResponse(status=200, body="listener ran")

    return form.process(req=request, resp=BoltResponse(status=200), next=next_), passed


def _errors(response: BoltResponse) -> Any:
    return json.loads(response.body)


def _field(metadata: PulseMetadata | None) -> str:
    return f"rating-{metadata.departments[0]}" if metadata and metadata.departments else "first"


def test_a_form_relbot_did_not_write_is_out_of_date_at_its_field() -> None:
    for foreign in (None, "not json", json.dumps({"slack_user_id": "U1"})):
        response, passed = _submit(OwnForm(PulseMetadata, "answer", person=False), foreign)
        assert _errors(response) == {
            "response_action": "errors",
            "errors": {"answer": FORM_EXPIRED},
        }
        assert passed == {}
    response, _ = _submit(OwnForm(PulseMetadata, _field, person=False), None)
    assert _errors(response)["errors"] == {"first": FORM_EXPIRED}


def test_another_persons_form_is_refused_at_the_field_its_metadata_chooses() -> None:
    mine = PulseMetadata(slack_user_id="U1", round_id=3, departments=(7, 8)).dump()
    response, passed = _submit(OwnForm(PulseMetadata, _field, person=False), mine, user="U2")
    assert _errors(response)["errors"] == {"rating-7": NOT_YOURS}
    assert passed == {}


def test_the_submitters_own_form_reaches_its_listener_with_its_metadata() -> None:
    mine = PulseMetadata(slack_user_id="U1", round_id=3).dump()
    response, passed = _submit(OwnForm(PulseMetadata, "answer", person=False), mine)
    assert response.body == "listener ran"
    assert passed["metadata"] == PulseMetadata(slack_user_id="U1", round_id=3)
    assert passed["person"] is None  # the form needs no one from the directory
