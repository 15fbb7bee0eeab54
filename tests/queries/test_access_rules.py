"""Who may act on a query, and whose query a logged message is: the rules on their own."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.db import SessionFactory
from relbot.domain.queries.access import asker_for, may_act
from relbot.models import Person, QueryTicket
from relbot.models.enums import Side
from tests.directory_data import OFFICER, PROVIDER, load_council

COLLEAGUE = "UOFFI0002"


def _people(session: Session) -> dict[str, Person]:
    return {p.slack_user_id: p for p in session.scalars(select(Person))}


def test_the_asker_any_officer_or_an_admin_may_act_and_no_one_else(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
        people = _people(session)
        other = Person(slack_user_id="UPROV0009", name="Other provider", side=Side.PROVIDER)
        session.add(other)
        session.flush()
        ticket = QueryTicket(asker_id=people[PROVIDER].id)

        def may(actor: Person | None, admin: bool = False) -> bool:
            return may_act(session=session, ticket=ticket, actor=actor, is_admin=admin)

        assert may(people[PROVIDER]) and may(people[OFFICER])
        assert not may(other) and not may(None)
        assert may(other, admin=True) and may(None, admin=True)


def test_a_logged_message_is_its_providers_query_only_when_an_officer_logs_it(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
        people = _people(session)
        officer, provider = people[OFFICER], people[PROVIDER]
        other = Person(slack_user_id="UPROV0009", name="Other provider", side=Side.PROVIDER)
        session.add(other)
        session.flush()

        def asker(logger: Person, author: str | None, admin: bool = False) -> Person:
            return asker_for(session=session, logger=logger, author=author, is_admin=admin)

        assert asker(officer, PROVIDER) is provider
        assert asker(officer, None) is officer and asker(officer, OFFICER) is officer
        # A colleague's message, or one by someone unknown, stays the officer's own.
        assert asker(officer, COLLEAGUE) is officer and asker(officer, "UNOBODY1") is officer
        # A provider may not open a query in another's name; a provider who is an admin may.
        assert asker(other, PROVIDER) is other
        assert asker(other, PROVIDER, admin=True) is provider
