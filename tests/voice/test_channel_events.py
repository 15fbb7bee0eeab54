"""The provider-voice channel through signed events: kept once, edited, deleted, supported."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from relbot.models import AuthorSide, MustHaveCategory, QueryTicket, VoiceReaction
from standin.harness import Harness
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.voice.conftest import VOICE, items, message, now, reaction, send, ts_of


def _category_key(harness: Harness, category_id: int | None) -> str | None:
    with harness.sessions.begin() as session:
        row = session.get(MustHaveCategory, category_id) if category_id else None
        return row.key if row else None


def test_messages_and_replies_are_kept_once_whatever_slack_retries(council: Harness) -> None:
    top = ts_of(now() - timedelta(hours=3))
    event = message(PROVIDER, "Invoices are paid &lt;late&gt; &amp; nobody answers", top)
    send(council, event, "Ev1")
    send(council, event, "Ev1", retry=1)
    send(council, event, "Ev1", retry=2)
    send(council, event, "Ev9")  # the same message delivered under another event id
    reply = ts_of(now() - timedelta(hours=2))
    send(council, message(STRANGER, "Same for us", reply, thread_ts=top), "Ev2")
    send(council, message(STRANGER, "Same for us", reply, thread_ts=top), "Ev2", retry=1)
    kept = items(council)
    assert [(i.ts, i.thread_ts, i.author_side) for i in kept] == [
        (top, None, AuthorSide.PROVIDER),
        (reply, top, AuthorSide.UNKNOWN),
    ]
    assert kept[0].text == "Invoices are paid <late> & nobody answers"  # plain, not markup
    assert kept[0].author_id is not None and kept[1].author_id is None
    assert _category_key(council, kept[0].category_id) == "payments"
    assert kept[0].officer_answered_at is None and not kept[0].anonymous


def test_the_first_officer_reply_answers_an_item_and_its_deletion_unanswers_it(
    council: Harness,
) -> None:
    top = ts_of(now() - timedelta(hours=5))
    send(council, message(PROVIDER, "Who is our contact for placements?", top), "Ev1")
    first, second = ts_of(now() - timedelta(hours=4)), ts_of(now() - timedelta(hours=3))
    send(council, message(OFFICER, "Ben is", second, thread_ts=top), "Ev3")
    send(council, message("UOFFI0002", "I am", first, thread_ts=top), "Ev2")
    assert items(council)[0].officer_answered_at == items(council)[1].posted_at
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": VOICE,
        "deleted_ts": first,
        "hidden": True,
        "previous_message": {"type": "message", "user": "UOFFI0002", "ts": first, "thread_ts": top},
    }
    send(council, deleted, "Ev4")
    assert items(council)[0].officer_answered_at == items(council)[2].posted_at
    deleted = {
        **deleted,
        "deleted_ts": second,
        "previous_message": {"ts": second, "thread_ts": top},
    }
    send(council, deleted, "Ev5")
    assert items(council)[0].officer_answered_at is None


def test_an_edit_changes_the_text_and_the_theme(council: Harness) -> None:
    top = ts_of(now() - timedelta(hours=1))
    send(council, message(PROVIDER, "The invoice payment is late", top), "Ev1")
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": VOICE,
        "hidden": True,
        "message": {"type": "message", "user": PROVIDER, "text": "The forum agenda", "ts": top},
        "previous_message": {"type": "message", "user": PROVIDER, "ts": top},
    }
    send(council, edited, "Ev2")
    send(council, edited, "Ev2", retry=1)
    [item] = items(council)
    assert item.text == "The forum agenda" and item.edited_at is not None
    assert _category_key(council, item.category_id) == "meetings"


def test_deleting_a_parent_takes_its_replies_and_reactions_and_a_late_retry_cannot_restore_it(
    council: Harness,
) -> None:
    top, reply = ts_of(now() - timedelta(hours=2)), ts_of(now() - timedelta(hours=1))
    created = message(PROVIDER, "Payments are late", top)
    send(council, created, "Ev1")
    send(council, message(OFFICER, "Looking", reply, thread_ts=top), "Ev2")
    send(council, reaction(OFFICER, "eyes", top, "1.0"), "Ev3")
    send(council, reaction(PROVIDER, "+1", reply, "2.0"), "Ev4")
    tombstone = {
        "type": "message",
        "subtype": "message_changed",
        "channel": VOICE,
        "hidden": True,
        "message": {"type": "message", "subtype": "tombstone", "text": "", "ts": top},
    }
    send(council, tombstone, "Ev5")
    send(council, created, "Ev1", retry=3)  # Slack's last retry of the original message
    kept = items(council)
    assert [(i.ts, i.text, i.author_id, i.deleted_at is not None) for i in kept] == [
        (top, "", None, True),
        (reply, "", None, True),
    ]
    with council.sessions.begin() as session:
        assert session.scalars(select(VoiceReaction)).all() == []


def test_reactions_count_once_per_person_and_follow_removals_in_order(council: Harness) -> None:
    top = ts_of(now() - timedelta(hours=1))
    send(council, message(PROVIDER, "Forum dates please", top), "Ev1")
    send(council, reaction(OFFICER, "+1", top, "10.000001"), "Ev2")
    send(council, reaction(OFFICER, "+1", top, "10.000001"), "Ev2", retry=1)
    send(council, reaction(STRANGER, "+1", top, "10.000002"), "Ev3")
    send(council, reaction(STRANGER, "+1", top, "10.000003", added=False), "Ev4")
    # A late retry of Ev3 (older than the removal) must not bring the reaction back.
    send(council, reaction(STRANGER, "+1", top, "10.000002"), "Ev3", retry=1)
    with council.sessions.begin() as session:
        rows = session.scalars(select(VoiceReaction).order_by(VoiceReaction.slack_user_id))
        assert [(r.slack_user_id, r.name, r.active) for r in rows] == [
            (OFFICER, "+1", True),
            (STRANGER, "+1", False),
        ]


def test_bot_posts_joins_and_other_channels_are_not_kept(council: Harness) -> None:
    at = now() - timedelta(minutes=30)
    bot = {**message(PROVIDER, "from an app", ts_of(at)), "bot_id": "BOTHER01"}
    send(council, bot, "Ev1")
    joined = {**message(PROVIDER, "<@UPROV0001> has joined", ts_of(at + timedelta(seconds=1)))}
    send(council, {**joined, "subtype": "channel_join"}, "Ev2")
    elsewhere = {**message(PROVIDER, "hello", ts_of(at + timedelta(seconds=2))), "channel": "C0X"}
    send(council, elsewhere, "Ev3")
    send(council, reaction(OFFICER, "+1", ts_of(at), "3.0") | {"item": {"type": "file"}}, "Ev4")
    assert items(council) == []
    with council.sessions.begin() as session:
        assert session.scalars(select(VoiceReaction)).all() == []


def test_query_threads_outside_the_voice_channel_still_count_as_responses(
    council: Harness,
) -> None:
    council.command("finance When is invoice 7 paid?", user_id=PROVIDER, command="/query")
    council.slack.wait_for("chat.getPermalink")
    council.settle()
    with council.sessions.begin() as session:
        ticket = session.scalars(select(QueryTicket)).one()
        channel, thread = ticket.queue_channel, ticket.queue_ts
    assert channel and thread
    reply = {
        "type": "message",
        "channel": channel,
        "user": OFFICER,
        "text": "Paid today",
        "ts": f"{float(thread) + 60:.6f}",
        "thread_ts": thread,
    }
    send(council, reply, "Ev1")
    with council.sessions.begin() as session:
        assert session.scalars(select(QueryTicket)).one().first_response_at is not None
    assert items(council) == []
