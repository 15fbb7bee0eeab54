"""What `/musthave`, its form and the review menu do, between the listener and the domain."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from relbot.db import read_scope
from relbot.domain.categories import active_categories
from relbot.domain.musthaves import collections, entries
from relbot.domain.musthaves.collections import Collection
from relbot.domain.profile import person_by_slack_id
from relbot.models import Person
from relbot.slack.deps import Deps
from relbot.slack.errors import not_in_directory_message
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import MustHaveMetadata
from relbot.slack.musthaves import blocks
from relbot.slack.text import from_slack

_REMOVE = re.compile(r"remove\s+#?(\d{1,3})", re.IGNORECASE)
_OPEN_ROUND = re.compile(r"open-round\s+(.+)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Reply:
    """A message for the person, or a modal to open for them."""

    message: Message | None = None
    view: View | None = None


def _now() -> datetime:
    return datetime.now(UTC)


_Work = Callable[[Session, Collection, Person], Reply]
_FindRound = Callable[..., Collection | None]


def _in_round(deps: Deps, slack_user_id: str, work: _Work) -> Reply:
    with deps.sessions.begin() as session:
        deps.store_categories(session)
        reply = _with_round(session, deps, slack_user_id, work, collections.current_collection)
        return reply if reply is not None else Reply(blocks.no_round_message())


def _reading_in_round(deps: Deps, slack_user_id: str, work: _Work) -> Reply:
    """`_in_round` for work that only reads: in a read session when the current round is open
    as it stands (as it almost always is), else as `_in_round`, which opens or closes one."""
    with read_scope(deps.sessions) as session:
        reply = _with_round(session, deps, slack_user_id, work, collections.current_as_it_stands)
    return reply if reply is not None else _in_round(deps, slack_user_id, work)


def _with_round(
    session: Session, deps: Deps, slack_user_id: str, work: _Work, find: _FindRound
) -> Reply | None:
    """`work` for the person in the round `find` gives; None when it gives none."""
    person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
    if person is None:
        return Reply(not_in_directory_message(deps.settings.admins))
    current = find(session=session, now=_now(), zone=deps.settings.zone)
    return work(session, current, person) if current is not None else None


def handle(deps: Deps, slack_user_id: str, text: str) -> Reply:
    """Everything `/musthave <text>` can mean (`text` as Slack sends it, entities encoded)."""
    text = from_slack(text).strip()
    word = text.lower()
    if word == "help":
        admin = deps.settings.is_admin(slack_user_id)
        return Reply(text_message(blocks.USAGE + ("\n\n" + blocks.ADMIN_USAGE if admin else "")))
    if word in ("review", "close-round") or _OPEN_ROUND.fullmatch(text):
        return _admin(deps, slack_user_id, text)
    if word == "":
        return _reading_in_round(deps, slack_user_id, _form(slack_user_id))
    if word == "list":
        return _reading_in_round(
            deps,
            slack_user_id,
            lambda s, c, p: Reply(
                blocks.list_message(
                    entries.Outcome(c, entries.entries(session=s, collection=c, person=p))
                )
            ),
        )
    if word == "remove":
        return Reply(text_message("Say which one to remove, like `/musthave remove 2`."))
    if match := _REMOVE.fullmatch(text):
        number = int(match.group(1))

        def remove(s: Session, c: Collection, p: Person) -> Reply:
            outcome = entries.remove(session=s, collection=c, person=p, number=number)
            if outcome.problem is not None:
                return Reply(blocks.refused_message(outcome, number))
            return Reply(blocks.removed_message(outcome))

        return _in_round(deps, slack_user_id, remove)

    def add(s: Session, c: Collection, p: Person) -> Reply:
        outcome = entries.add(session=s, collection=c, person=p, text=text)
        if outcome.problem is not None:
            return Reply(blocks.refused_message(outcome))
        return Reply(blocks.added_message(outcome))

    return _in_round(deps, slack_user_id, add)


def _form(slack_user_id: str) -> _Work:
    def form(s: Session, c: Collection, p: Person) -> Reply:
        current = entries.entries(session=s, collection=c, person=p)
        metadata = MustHaveMetadata(slack_user_id=slack_user_id, collection_id=c.id)
        return Reply(view=blocks.musthave_modal(metadata, c.name, current))

    return form


def _admin(deps: Deps, slack_user_id: str, text: str) -> Reply:
    if not deps.settings.is_admin(slack_user_id):
        return Reply(text_message("Only relbot admins can manage Must Haves rounds."))
    with deps.sessions.begin() as session:
        deps.store_categories(session)
        if match := _OPEN_ROUND.fullmatch(text):
            opened = collections.open_collection(
                session=session, name=match.group(1), now=_now(), actor=slack_user_id
            )
            return Reply(blocks.round_message(opened.name, opened=True))
        if text.lower() == "close-round":
            closed = collections.close_current(session=session, now=_now(), actor=slack_user_id)
            if not closed:
                return Reply(text_message("No Must Haves round is open."))
            return Reply(blocks.round_message(", ".join(closed), opened=False))
        return Reply(review(session, deps))


def review(session: Session, deps: Deps) -> Message:
    """The admins' review of the current (else latest) round's categories."""
    chosen = collections.open_now(session=session) or collections.latest_collection(session=session)
    if chosen is None:
        return text_message("There are no Must Haves yet.")
    items = entries.for_review(session=session, collection=chosen, limit=blocks.REVIEW_LIMIT + 1)
    total = entries.count(session=session, collection=chosen)
    categories = [(c.key, c.label) for c in active_categories(session=session)]
    shown = items[: blocks.REVIEW_LIMIT]
    return blocks.review_message(chosen.name, shown, categories, max(0, total - len(shown)))


def save_form(
    deps: Deps, slack_user_id: str, metadata: MustHaveMetadata, texts: list[str]
) -> Reply:
    """The form's three fields, saved; a problem comes back as the message to show."""

    def save(s: Session, c: Collection, p: Person) -> Reply:
        if c.id != metadata.collection_id:
            return Reply(text_message("That Must Haves round has closed; type `/musthave` again."))
        outcome = entries.replace_all(session=s, collection=c, person=p, texts=texts)
        if outcome.problem is not None:
            return Reply(blocks.refused_message(outcome))
        return Reply(blocks.saved_message(outcome))

    return _in_round(deps, slack_user_id, save)
