"""A provider's replies and the DM thread they wait for: the rule stated on its own, on both
databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Result, event, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from relbot.db import SessionFactory
from relbot.domain.queries import relay
from relbot.models import Department, Person, QueryRelay, QueryTicket
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QuerySource, QueryStatus, RelayDirection
from tests.directory_data import OFFICER, PROVIDER, load_council
from tests.faults.support import add_overdue_tickets

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_replies_waiting_for_a_dm_thread_that_fails_are_given_up_and_their_text_dropped(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    """The thread a provider's replies would be posted in could not be made: those replies
    can never be posted, so they are settled as failed and their words are not kept. A
    message the other way, into the queue thread, is untouched."""
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


# -- Each rule of the relay on its own -------------------------------------------------------

LATER = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Council:
    officer: int  # Olu Okafor, Finance
    asker: int  # Priya Patel, Oak Home Care
    tickets: tuple[int, int]


@pytest.fixture
def council(sessions: SessionFactory, tmp_path: Path) -> Council:
    """Two provider queries of Priya's, each with a DM thread waiting to be posted."""
    with sessions.begin() as session:
        load_council(session, tmp_path)
        people = {p.slack_user_id: p for p in session.scalars(select(Person))}
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        tickets = [
            QueryTicket(
                request_key=f"rule-{n}",
                asker_id=people[PROVIDER].id,
                department_id=finance.id,
                text=f"Question {n}",
                source=QuerySource.COMMAND,
                status=QueryStatus.OPEN,
                queue_channel="C0FINANCE",
                queue_ts=f"1700000000.00{n}000",
                post_status=DeliveryStatus.SENT,
                dm_status=DeliveryStatus.PENDING,
                created_at=MONDAY,
            )
            for n in range(2)
        ]
        session.add_all(tickets)
        session.flush()
        return Council(people[OFFICER].id, people[PROVIDER].id, (tickets[0].id, tickets[1].id))


def _take(
    session: Session,
    ticket_id: int,
    ts: str,
    *,
    direction: RelayDirection = RelayDirection.TO_PROVIDER,
    author: int | None = None,
    channel: str = "C0FINANCE",
) -> int | None:
    return relay.take(
        session=session,
        ticket=session.get_one(QueryTicket, ticket_id),
        direction=direction,
        author=session.get(Person, author) if author else None,
        source_channel=channel,
        source_ts=ts,
        text=f"Said at {ts}",
        files=1,
        now=MONDAY,
    )


def _open_thread(session: Session, ticket_id: int, channel: str = "D0PRIYA") -> None:
    relay.settle_thread(
        session=session,
        ticket_id=ticket_id,
        status=DeliveryStatus.SENT,
        channel=channel,
        ts=f"1700000500.{ticket_id:06d}",
    )


def test_a_message_is_known_by_its_channel_and_its_ts_together(
    sessions: SessionFactory, council: Council
) -> None:
    first, _ = council.tickets
    with sessions.begin() as session:
        here = _take(session, first, "1700000001.000100", channel="C0FINANCE")
        there = _take(session, first, "1700000001.000100", channel="C0OTHER")
        assert here is not None and there is not None and here != there
        later = _take(session, first, "1700000001.000200", channel="C0FINANCE")
        assert later is not None
        # Slack's retry of the first: the same row, still waiting.
        assert _take(session, first, "1700000001.000100", channel="C0FINANCE") == here
        relay.settle(session=session, relay_id=there, status=DeliveryStatus.SENT, now=LATER)
        assert (
            relay.status_of(
                session=session, source_channel="C0FINANCE", source_ts="1700000001.000100"
            )
            is DeliveryStatus.PENDING
        )
        assert (
            relay.status_of(
                session=session, source_channel="C0OTHER", source_ts="1700000001.000100"
            )
            is DeliveryStatus.SENT
        )
        assert relay.status_of(session=session, source_channel="C0NONE", source_ts="1.2") is None
        relay.settle(session=session, relay_id=later, status=DeliveryStatus.FAILED, now=LATER)
        assert (
            relay.status_of(
                session=session, source_channel="C0FINANCE", source_ts="1700000001.000200"
            )
            is DeliveryStatus.FAILED
        )
        # A retry of one already relayed is not relayed again.
        assert _take(session, first, "1700000001.000100", channel="C0OTHER") is None
        row = session.get_one(QueryRelay, here)
        assert (row.created_at.replace(tzinfo=UTC), row.files, row.text) == (
            MONDAY,
            1,
            "Said at 1700000001.000100",
        )


def test_a_dm_thread_is_claimed_once_for_its_own_query_only(
    sessions: SessionFactory, council: Council
) -> None:
    first, second = council.tickets
    with sessions.begin() as session:
        assert relay.claim_thread(session=session, ticket_id=first) == PROVIDER
        assert relay.claim_thread(session=session, ticket_id=first) is None
    with sessions.begin() as session:
        statuses = [session.get_one(QueryTicket, t).dm_status for t in (first, second)]
        assert statuses == [DeliveryStatus.SENDING, DeliveryStatus.PENDING]
        assert relay.threads_to_open(session=session) == [second]
        session.get_one(QueryTicket, first).dm_status = DeliveryStatus.PENDING
        assert relay.threads_to_open(session=session) == [first, second]
        # A query whose asker relbot has since forgotten: nobody to write to.
        session.get_one(QueryTicket, second).asker_id = None
        assert relay.claim_thread(session=session, ticket_id=second) is None
        assert session.get_one(QueryTicket, second).dm_status is DeliveryStatus.FAILED


def test_a_failed_thread_gives_up_only_its_own_waiting_replies(
    sessions: SessionFactory, council: Council
) -> None:
    first, second = council.tickets
    with sessions.begin() as session:
        sent = _take(session, first, "1700000002.000001")
        waiting = _take(session, first, "1700000002.000002")
        other = _take(session, second, "1700000002.000003")
        assert sent and waiting and other
        relay.settle(session=session, relay_id=sent, status=DeliveryStatus.SENT, now=LATER)
        relay.settle_thread(session=session, ticket_id=first, status=DeliveryStatus.FAILED)
    with sessions.begin() as session:
        rows = {r.id: (r.status, r.error) for r in session.scalars(select(QueryRelay))}
    assert rows == {
        sent: (DeliveryStatus.SENT, None),
        waiting: (DeliveryStatus.FAILED, "no_thread"),
        other: (DeliveryStatus.PENDING, None),
    }


def test_a_thread_notice_needs_the_whole_thread_and_names_who_acted(
    sessions: SessionFactory, council: Council
) -> None:
    first, second = council.tickets
    with sessions.begin() as session:
        assert relay.thread_notice(session=session, ticket_id=first, actor_slack_id=OFFICER) is None
        ticket = session.get_one(QueryTicket, first)
        ticket.dm_channel = "D0PRIYA"  # the thread's channel, but not yet its ts
        assert relay.thread_notice(session=session, ticket_id=first, actor_slack_id=OFFICER) is None
        ticket.dm_channel, ticket.dm_ts = None, "1700000500.000001"
        assert relay.thread_notice(session=session, ticket_id=first, actor_slack_id=OFFICER) is None
        _open_thread(session, first)
        by_officer = relay.thread_notice(session=session, ticket_id=first, actor_slack_id=OFFICER)
        by_asker = relay.thread_notice(session=session, ticket_id=first, actor_slack_id=PROVIDER)
        by_nobody = relay.thread_notice(session=session, ticket_id=first, actor_slack_id="UADMIN")
        assert relay.thread_notice(session=session, ticket_id=999, actor_slack_id=OFFICER) is None
        # Found by its DM thread: channel and ts together.
        _open_thread(session, second, channel="D0OTHER")
        session.get_one(QueryTicket, second).dm_ts = f"1700000500.{first:06d}"
        found = relay.ticket_by_dm_thread(
            session=session, channel="D0OTHER", thread_ts=f"1700000500.{first:06d}"
        )
        assert found is not None and found.id == second
        session.get_one(QueryTicket, second).dm_channel = "D0PRIYA"  # a second thread there
        session.get_one(QueryTicket, second).dm_ts = "1700000600.000001"
        found = relay.ticket_by_dm_thread(
            session=session, channel="D0PRIYA", thread_ts="1700000600.000001"
        )
        assert found is not None and found.id == second
    ts = f"1700000500.{first:06d}"
    assert by_officer == relay.ThreadNotice("D0PRIYA", ts, "Finance", "Olu Okafor", False)
    assert by_asker == relay.ThreadNotice("D0PRIYA", ts, "Finance", "Priya Patel", True)
    assert by_nobody == relay.ThreadNotice("D0PRIYA", ts, "Finance", "A council officer", False)


def test_a_relay_is_claimed_when_its_other_side_is_posted_and_nothing_earlier_waits(
    sessions: SessionFactory, council: Council
) -> None:
    first, second = council.tickets
    with sessions.begin() as session:
        # A message of another query waits from before; it holds nothing of this one back.
        assert _take(session, second, "1700000003.000000") is not None
        to_provider = _take(session, first, "1700000003.000001", author=council.officer)
        later = _take(session, first, "1700000003.000002", author=council.officer)
        assert to_provider and later
        session.get_one(QueryTicket, first).dm_channel = "D0PRIYA"  # no ts yet
        assert relay.claim(session=session, relay_id=to_provider) is None
        _open_thread(session, first)
        assert relay.claim(session=session, relay_id=later) is None  # the earlier one first
        # Nor does a message waiting the other way.
        to_queue = _take(
            session,
            first,
            "1700000003.000003",
            direction=RelayDirection.TO_QUEUE,
            author=council.asker,
        )
        assert to_queue is not None
        crossing = relay.claim(session=session, relay_id=to_provider)
        assert relay.claim(session=session, relay_id=to_provider) is None  # taken
        queue = relay.claim(session=session, relay_id=to_queue)
        assert session.get_one(QueryRelay, to_provider).status is DeliveryStatus.SENDING
    assert crossing == relay.Crossing(
        relay_id=to_provider,
        ticket_id=first,
        direction=RelayDirection.TO_PROVIDER,
        channel="D0PRIYA",
        thread_ts=f"1700000500.{first:06d}",
        author="Olu Okafor",
        where="Finance",
        text="Said at 1700000003.000001",
        files=1,
        source_channel="C0FINANCE",
        source_ts="1700000003.000001",
    )
    assert queue is not None
    assert (queue.channel, queue.thread_ts, queue.author, queue.where) == (
        "C0FINANCE",
        "1700000000.000000",
        "Priya Patel",
        "Oak Home Care",
    )


def test_a_relay_settled_elsewhere_meanwhile_is_not_claimed(
    sessions: SessionFactory, council: Council
) -> None:
    """Between reading the row and claiming it, another process posts it."""
    first, _ = council.tickets
    with sessions.begin() as session:
        _open_thread(session, first)
        taken = _take(session, first, "1700000004.000001")
    assert taken is not None
    raced = []

    def meanwhile(state: ORMExecuteState) -> Result[Any] | None:
        columns = state.statement.selected_columns if state.is_select else []
        if raced or [c.name for c in columns] != ["id"] or "<" not in str(state.statement):
            return None
        state.session.execute(
            update(QueryRelay).where(QueryRelay.id == taken).values(status=DeliveryStatus.SENT)
        )
        raced.append(True)
        return None

    with sessions.begin() as session:
        event.listen(session, "do_orm_execute", meanwhile)
        assert relay.claim(session=session, relay_id=taken) is None
    assert raced


def test_who_a_relay_is_from_and_where(sessions: SessionFactory, council: Council) -> None:
    first, _ = council.tickets
    with sessions.begin() as session:
        _open_thread(session, first)
        people = {p.slack_user_id: p for p in session.scalars(select(Person))}
        # An officer with no department writing to the provider, and one writing the other
        # way: neither says where they are from, as neither has an organisation.
        people["UOFFI0002"].department_id = None
        anonymous = _take(session, first, "1700000005.000001")
        no_department = _take(session, first, "1700000005.000002", author=people["UOFFI0002"].id)
        officer_to_queue = _take(
            session,
            first,
            "1700000005.000003",
            direction=RelayDirection.TO_QUEUE,
            author=council.officer,
        )
        asker_to_queue = _take(
            session, first, "1700000005.000004", direction=RelayDirection.TO_QUEUE
        )
        found = {}
        for relay_id in (anonymous, no_department, officer_to_queue, asker_to_queue):
            assert relay_id is not None
            crossing = relay.claim(session=session, relay_id=relay_id)
            assert crossing is not None
            found[relay_id] = (crossing.author, crossing.where)
            relay.settle(session=session, relay_id=relay_id, status=DeliveryStatus.SENT, now=LATER)
        author = relay.author_of(session=session, relay_id=officer_to_queue or 0)
        assert author is not None and author.id == council.officer
        assert relay.author_of(session=session, relay_id=anonymous or 0) is None
        assert relay.author_of(session=session, relay_id=999) is None
    assert found == {
        anonymous: ("A council officer", ""),
        no_department: ("Ben Baker", ""),
        officer_to_queue: ("Olu Okafor", ""),
        asker_to_queue: ("The asker", ""),
    }


def test_a_settled_relay_keeps_its_text_only_while_it_waits(
    sessions: SessionFactory, council: Council
) -> None:
    first, second = council.tickets
    with sessions.begin() as session:
        again = _take(session, first, "1700000006.000001")
        sent = _take(session, first, "1700000006.000002")
        failed = _take(session, first, "1700000006.000003")
        elsewhere = _take(session, second, "1700000006.000004")
        assert again and sent and failed and elsewhere
        assert relay.waiting(session=session, ticket_id=first) == [again, sent, failed]
        assert relay.waiting(session=session) == [again, sent, failed, elsewhere]
        relay.settle(session=session, relay_id=again, status=DeliveryStatus.PENDING, now=LATER)
        relay.settle(
            session=session, relay_id=sent, status=DeliveryStatus.SENT, now=LATER, target_ts="9.1"
        )
        relay.settle(
            session=session,
            relay_id=failed,
            status=DeliveryStatus.FAILED,
            now=LATER,
            target_ts="9.2",
            error="is_archived",
        )
        rows = {
            r.id: (
                r.status,
                r.text,
                r.target_ts,
                r.sent_at and r.sent_at.replace(tzinfo=UTC),
                r.error,
            )
            for r in session.scalars(select(QueryRelay).where(QueryRelay.ticket_id == first))
        }
        assert relay.waiting(session=session, ticket_id=first) == [again]
    assert rows == {
        again: (DeliveryStatus.PENDING, "Said at 1700000006.000001", None, None, None),
        sent: (DeliveryStatus.SENT, "", "9.1", LATER, None),
        failed: (DeliveryStatus.FAILED, "", None, None, "is_archived"),
    }
