"""The check every form makes when it is submitted, made once, before its listener runs.

A submitted view is refused in the form itself when relbot did not write its metadata (or
wrote it for an older version of the form), when it belongs to someone else, or when the
person is no longer in the directory. Otherwise the listener is given the parsed metadata as
`metadata` and the person (None when the form does not need one) as `person`. The person is
read in a session of its own: its columns are loaded, its relationships are not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from relbot.db import read_scope
from relbot.domain.profile import person_by_slack_id
from relbot.models import Person
from relbot.slack.deps import DEPS, Deps
from relbot.slack.metadata import FORM_EXPIRED, Metadata

NOT_YOURS = "This form belongs to someone else."
NO_LONGER_KNOWN = "You are no longer in relbot's directory."

# Where the refusal shows: a block id, or one chosen from the form's metadata.
Field = str | Callable[[Any], str]


class OwnForm(Middleware):
    """Listener middleware for a view submission: the form is relbot's and the submitter's."""

    def __init__(self, kind: type[Metadata], field: Field, *, person: bool = True) -> None:
        self._kind = kind
        self._field = field
        self._person = person

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        body = req.body
        metadata = self._kind.from_view(body.get("view") or {})
        found: Person | None = None
        if metadata is None:
            refusal = FORM_EXPIRED
        elif metadata.slack_user_id != (body.get("user") or {}).get("id"):
            refusal = NOT_YOURS
        elif self._person and (found := _person(req, metadata.slack_user_id)) is None:
            refusal = NO_LONGER_KNOWN
        else:
            req.context["metadata"] = metadata
            req.context["person"] = found
            return next()
        field = self._field(metadata) if callable(self._field) else self._field
        ack = req.context.ack
        assert ack is not None
        return ack(response_action="errors", errors={field: refusal})


def _person(req: BoltRequest, slack_user_id: str) -> Person | None:
    deps: Deps = req.context[DEPS]
    with read_scope(deps.sessions) as session:
        return person_by_slack_id(session=session, slack_user_id=slack_user_id)
