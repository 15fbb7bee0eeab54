"""The pulse's DMs as an outbox, each rule stated on its own, on both databases: a DM is
claimed by one process only, settled by what Slack said, and one cut off mid-call is never
sent again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from relbot.db import SessionFactory
from relbot.domain.pulse import outbox
from relbot.domain.pulse.outbox import INTERRUPTED, Delivery, DmKind
from relbot.models import Person, PulseInvitation, PulseRound
from relbot.models.pulse import DeliveryStatus, RoundStatus
from tests.directory_data import OFFICER, PROVIDER, load_council

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CLOSES = NOW + timedelta(days=7)


@pytest.fixture
def invitations(sessions: SessionFactory, tmp_path: Path) -> list[int]:
    """An open round inviting everyone in the directory, and a closed one inviting Priya."""
    with sessions.begin() as session:
        load_council(session, tmp_path)
        people = list(session.scalars(select(Person).order_by(Person.id)))
        open_round = PulseRound(
            slot="open",
            question_version=1,
            status=RoundStatus.OPEN,
            closes_at=CLOSES,
            opened_by="t",
        )
        closed = PulseRound(
            slot="closed",
            question_version=1,
            status=RoundStatus.CLOSED,
            closes_at=NOW,
            opened_by="t",
        )
        session.add_all([closed, open_round])
        session.flush()
        session.add(
            PulseInvitation(
                round_id=closed.id, person_id=people[0].id, status=DeliveryStatus.PENDING
            )
        )
        rows = [
            PulseInvitation(
                round_id=open_round.id,
                person_id=p.id,
                status=DeliveryStatus.PENDING,
                reminder_status=DeliveryStatus.PENDING,
            )
            for p in people
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def _row(sessions: SessionFactory, invitation_id: int) -> PulseInvitation:
    with sessions.begin() as session:
        row = session.get_one(PulseInvitation, invitation_id)
        session.expunge(row)
        return row


def _pending(sessions: SessionFactory, kind: DmKind, limit: int = 10) -> list[Delivery]:
    with sessions.begin() as session:
        return outbox.pending(session=session, kind=kind, limit=limit)


def test_pending_dms_are_those_of_open_rounds_for_people_still_here_oldest_first(
    sessions: SessionFactory, invitations: list[int]
) -> None:
    with sessions.begin() as session:
        gone = session.scalars(select(Person).where(Person.slack_user_id == OFFICER)).one()
        gone.active = False
        session.get_one(PulseInvitation, invitations[2]).via_channels = True
        session.get_one(PulseInvitation, invitations[3]).status = DeliveryStatus.SENT
    found = _pending(sessions, DmKind.INVITATION)
    with sessions.begin() as session:
        round_id = session.get_one(PulseInvitation, invitations[0]).round_id
    assert [d.invitation_id for d in found] == [invitations[0], invitations[2]]
    assert found[0] == Delivery(invitations[0], round_id, PROVIDER, CLOSES, DmKind.INVITATION)
    assert found[1].via_channels and not found[0].via_channels
    # The reminder is an outbox of its own: the sent invitation's reminder still waits.
    assert [d.kind for d in _pending(sessions, DmKind.REMINDER)] == [DmKind.REMINDER] * 3
    assert len(_pending(sessions, DmKind.INVITATION, limit=2)) == 2


def test_a_dm_is_claimed_once_and_settled_by_what_slack_said(
    sessions: SessionFactory, invitations: list[int]
) -> None:
    first, second, *_ = _pending(sessions, DmKind.INVITATION)
    with sessions.begin() as session:
        assert outbox.claim(session=session, delivery=first, now=NOW)
        assert not outbox.claim(session=session, delivery=first, now=NOW)
        assert outbox.claim(session=session, delivery=second, now=NOW)
    claimed = _row(sessions, first.invitation_id)
    assert claimed.status is DeliveryStatus.SENDING
    assert claimed.claimed_at is not None and claimed.claimed_at.replace(tzinfo=UTC) == NOW
    assert claimed.reminder_status is DeliveryStatus.PENDING  # the reminder is its own
    later = NOW + timedelta(minutes=1)
    with sessions.begin() as session:
        outbox.mark_sent(session=session, delivery=first, channel="D0PRIYA", ts="1.5", now=later)
        outbox.mark_failed(session=session, delivery=second, error="x" * 300)
    sent, failed = _row(sessions, first.invitation_id), _row(sessions, second.invitation_id)
    assert (sent.status, sent.channel, sent.message_ts) == (DeliveryStatus.SENT, "D0PRIYA", "1.5")
    assert sent.sent_at is not None and sent.sent_at.replace(tzinfo=UTC) == later
    assert (failed.status, failed.error) == (DeliveryStatus.FAILED, "x" * 200)
    # Settled already: marking again changes nothing.
    with sessions.begin() as session:
        outbox.mark_failed(session=session, delivery=first, error="late")
    assert _row(sessions, first.invitation_id).status is DeliveryStatus.SENT


def test_a_reminder_sent_is_dated_and_leaves_the_invitation_as_it_was(
    sessions: SessionFactory, invitations: list[int]
) -> None:
    [reminder, *_] = _pending(sessions, DmKind.REMINDER)
    later = NOW + timedelta(days=3)
    with sessions.begin() as session:
        assert outbox.claim(session=session, delivery=reminder, now=NOW)
        outbox.mark_sent(session=session, delivery=reminder, channel="D0PRIYA", ts="2.5", now=later)
    row = _row(sessions, reminder.invitation_id)
    assert (row.reminder_status, row.status) == (DeliveryStatus.SENT, DeliveryStatus.PENDING)
    assert row.reminded_at is not None and row.reminded_at.replace(tzinfo=UTC) == later
    assert (row.channel, row.message_ts, row.sent_at) == (None, None, None)


def test_someone_slack_will_not_dm_is_reached_through_the_channels(
    sessions: SessionFactory, invitations: list[int]
) -> None:
    [invitation, *_] = _pending(sessions, DmKind.INVITATION)
    [reminder, *_] = _pending(sessions, DmKind.REMINDER)
    with sessions.begin() as session:
        outbox.claim(session=session, delivery=invitation, now=NOW)
        outbox.reach_through_channels(session=session, delivery=invitation, error="e" * 250)
    row = _row(sessions, invitation.invitation_id)
    assert (row.status, row.via_channels, row.error) == (DeliveryStatus.FAILED, True, "e" * 200)
    with sessions.begin() as session:
        outbox.claim(session=session, delivery=reminder, now=NOW)
        outbox.reach_through_channels(session=session, delivery=reminder, error="cannot_dm_bot")
    row = _row(sessions, reminder.invitation_id)
    # The reminder in hand stays claimed, to be sent in a provider channel instead.
    assert (row.reminder_status, row.via_channels) == (DeliveryStatus.SENDING, True)
    others = [_row(sessions, i).via_channels for i in invitations[1:]]
    assert others == [False, False, False]


def test_a_released_dm_goes_on_the_next_pass(
    sessions: SessionFactory, invitations: list[int]
) -> None:
    [first, *_] = _pending(sessions, DmKind.INVITATION)
    with sessions.begin() as session:
        outbox.claim(session=session, delivery=first, now=NOW)
        outbox.release(session=session, delivery=first)
    row = _row(sessions, first.invitation_id)
    assert (row.status, row.claimed_at) == (DeliveryStatus.PENDING, None)
    assert _pending(sessions, DmKind.INVITATION)[0] == first


def test_a_claim_older_than_its_lease_is_recorded_as_interrupted_never_resent(
    sessions: SessionFactory, invitations: list[int]
) -> None:
    deliveries = _pending(sessions, DmKind.INVITATION)
    [reminder, *_] = _pending(sessions, DmKind.REMINDER)
    lease = timedelta(minutes=10)
    with sessions.begin() as session:
        outbox.claim(
            session=session, delivery=deliveries[0], now=NOW - lease - timedelta(seconds=1)
        )
        outbox.claim(session=session, delivery=deliveries[1], now=NOW - lease)  # on the lease
        outbox.claim(session=session, delivery=reminder, now=NOW - timedelta(hours=1))
        assert outbox.abandon_interrupted(session=session, now=NOW, lease=lease) == 2
        assert outbox.abandon_interrupted(session=session, now=NOW, lease=lease) == 0
    old, young = (
        _row(sessions, deliveries[0].invitation_id),
        _row(sessions, deliveries[1].invitation_id),
    )
    assert (old.status, old.error) == (DeliveryStatus.FAILED, INTERRUPTED)
    assert (young.status, young.error) == (DeliveryStatus.SENDING, None)
    assert old.reminder_status is DeliveryStatus.FAILED  # the same person's reminder, claimed
