"""A provider's replies and the DM thread they wait for: the rule stated on its own, on both
databases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from relbot.db import SessionFactory
from relbot.models import QueryTicket
from relbot.models.pulse import DeliveryStatus
from tests.directory_data import load_council
from tests.faults.support import add_overdue_tickets

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_replies_waiting_for_a_dm_thread_that_fails_are_given_up_and_their_text_dropped(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    """The thread a provider's replies would be posted in could not be made: those replies
    can never be posted, so they are settled as failed and their words are not kept. A
    message the other way, into the queue thread, is untouched."""
    from relbot.domain.queries import relay
    from relbot.models import QueryRelay
    from relbot.models.queries import RelayDirection

    with sessions.begin() as session:
        load_council(session, tmp_path)
    add_overdue_tickets(sessions, 1, MONDAY)
    with sessions.begin() as session:
        ticket = session.scalars(select(QueryTicket)).one()
        for number, direction in enumerate(
            (RelayDirection.TO_PROVIDER, RelayDirection.TO_PROVIDER, RelayDirection.TO_QUEUE)
        ):
            relay.take(
                session=session,
                ticket=ticket,
                direction=direction,
                author=None,
                source_channel="C0FINANCE",
                source_ts=f"1700000000.00000{number}",
                text=f"Reply {number}",
                files=0,
                now=MONDAY,
            )
        relay.settle_thread(session=session, ticket_id=ticket.id, status=DeliveryStatus.FAILED)
    with sessions.begin() as session:
        rows = session.execute(
            select(QueryRelay.direction, QueryRelay.status, QueryRelay.text).order_by(QueryRelay.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (RelayDirection.TO_PROVIDER, DeliveryStatus.FAILED, ""),
        (RelayDirection.TO_PROVIDER, DeliveryStatus.FAILED, ""),
        (RelayDirection.TO_QUEUE, DeliveryStatus.PENDING, "Reply 2"),
    ]
