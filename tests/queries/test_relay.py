"""A provider's query as a private conversation, end to end through signed requests and the
stand-in: asked from the hub by someone of another workspace, followed in their DM thread,
relayed both ways with the department's queue thread, each message once."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from relbot.config import Settings
from relbot.jobs.queries import QueryJobs
from relbot.models import Person, QueryEvent, QueryRelay, QueryTicket
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryEventKind, QueryStatus
from relbot.slack.client import make_web_client
from relbot.slack.ids import Action
from standin.connect import BOT_USER_ID
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.directory_data import OFFICER, PROVIDER
from tests.slack.blocktext import block_text

SHARED = "C0PROVA01"
PROVIDER_TEAM = "T0OAKCARE"
DM = "D" + PROVIDER.lstrip("U")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"provider_channels": (SHARED,), "query_reaction": "pushpin"})


@pytest.fixture
def provider(council: Harness) -> Harness:
    """The council, with its provider a member of another workspace in a shared channel."""
    council.slack.connect.external(PROVIDER, PROVIDER_TEAM, "Priya Patel")
    council.slack.connect.join(SHARED, PROVIDER, OFFICER, BOT_USER_ID)
    return council


def _ask(harness: Harness, text: str = "When will invoice 42 be paid?") -> QueryTicket:
    """`Ask the council` on the hub, then the form, as the provider fills it in."""
    press = block_action(
        user_id=PROVIDER, action_id=Action.HUB_ASK.value, value="hub_ask", team_id=PROVIDER_TEAM
    )
    press["channel"] = {"id": SHARED}
    press["response_url"] = harness.slack.response_url()
    assert harness.interact(press).status == 200
    [opened] = harness.slack.wait_for("views.open")
    view = {**opened.params["view"], "id": "VASK1"}
    options = {o["text"]["text"]: o["value"] for o in view["blocks"][0]["element"]["options"]}
    values = {
        "department": {
            "query_input": {
                "type": "static_select",
                "selected_option": {"value": options["Finance"]},
            }
        },
        "text": {"query_input": {"type": "plain_text_input", "value": text}},
    }
    assert harness.interact(
        view_submission(user_id=PROVIDER, view=view, values=values, team_id=PROVIDER_TEAM)
    ).status
    harness.settle()
    return _ticket(harness)


def _ticket(harness: Harness) -> QueryTicket:
    with harness.sessions.begin() as session:
        return session.scalars(select(QueryTicket)).one()


def _message(
    harness: Harness,
    *,
    channel: str,
    thread_ts: str,
    user: str,
    text: str,
    event_id: str,
    ts: str,
    retry: int | None = None,
    **extra: Any,
) -> None:
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im" if channel.startswith("D") else "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        **extra,
    }
    assert harness.event(event, event_id=event_id, retry_num=retry).status == 200
    harness.settle()


def _in(harness: Harness, channel: str) -> list[dict[str, Any]]:
    """What relbot posted in a conversation, in order."""
    return [
        c.params
        for c in harness.slack.calls_to("chat.postMessage")
        if c.params["channel"] == channel
    ]


def _texts(posts: list[dict[str, Any]]) -> list[str]:
    return [block_text(p["blocks"]) if p.get("blocks") else str(p["text"]) for p in posts]


def _reactions(harness: Harness) -> list[tuple[str, str]]:
    return [
        (c.params["timestamp"], c.params["name"]) for c in harness.slack.calls_to("reactions.add")
    ]


def _officer_reply(harness: Harness, ticket: QueryTicket, text: str, n: int, **kw: Any) -> str:
    ts = f"{float(ticket.queue_ts or 0) + n:.6f}"
    _message(
        harness,
        channel="C0FINANCE",
        thread_ts=str(ticket.queue_ts),
        user=kw.pop("user", OFFICER),
        text=text,
        event_id=f"EvQ{n}",
        ts=ts,
        **kw,
    )
    return ts


def _provider_reply(harness: Harness, ticket: QueryTicket, text: str, n: int, **kw: Any) -> str:
    ts = f"{float(ticket.dm_ts or 0) + n:.6f}"
    _message(
        harness,
        channel=DM,
        thread_ts=str(ticket.dm_ts),
        user=PROVIDER,
        text=text,
        event_id=f"EvD{n}",
        ts=ts,
        **kw,
    )
    return ts


def test_a_provider_asks_from_the_hub_and_follows_the_query_in_their_dms(
    provider: Harness,
) -> None:
    ticket = _ask(provider)
    [queued] = _in(provider, "C0FINANCE")
    assert "Query #1 for Finance* from <@UPROV0001>" in _texts([queued])[0]
    assert "follows this query in their DMs" in _texts([queued])[0]
    [root] = _in(provider, DM)
    assert "Your query #1 to Finance" in _texts([root])[0]
    assert "Mark resolved" in _texts([root])[0]
    [confirmation] = _in(provider, PROVIDER)
    assert "Their replies come in a thread in your direct messages" in confirmation["text"]
    assert "C0FINANCE" not in confirmation["text"]  # a channel they cannot open
    assert (ticket.dm_status, ticket.dm_channel) == (DeliveryStatus.SENT, DM)
    assert ticket.dm_ts is not None

    provider.slack.reset()
    note = _officer_reply(provider, ticket, "note: check the payments run first", 10)
    assert _in(provider, DM) == []  # an internal note stays in the queue thread
    assert _reactions(provider) == [(note, "lock")]
    assert _ticket(provider).first_response_at is None  # the provider received nothing yet

    reply = _officer_reply(provider, ticket, "It goes out on *Friday* <!channel>", 20)
    [relayed] = _in(provider, DM)
    assert relayed["thread_ts"] == ticket.dm_ts
    assert relayed["text"].startswith(":speech_balloon: *Olu Okafor* (Finance):")
    assert "It goes out on *Friday* @channel" in relayed["text"]  # no one is pinged
    assert "payments run" not in str(provider.slack.calls)
    assert (reply, "outbox_tray") in _reactions(provider)
    answered = _ticket(provider)
    assert answered.status is QueryStatus.RESPONDED
    # The first response is the first reply the provider received: when it reached them.
    assert answered.first_response_at is not None
    assert abs(answered.first_response_at.timestamp() - time.time()) < 60

    provider.slack.reset()
    back = _provider_reply(provider, ticket, "Thank you, and invoice 43?", 5)
    [in_queue] = _in(provider, "C0FINANCE")
    assert in_queue["thread_ts"] == ticket.queue_ts
    assert in_queue["text"].startswith(":incoming_envelope: *Priya Patel* (Oak Home Care):")
    assert "invoice 43?" in in_queue["text"]
    assert _reactions(provider) == [(back, "outbox_tray")]

    # The department resolves it: the provider's thread says so and loses its button.
    provider.slack.reset()
    press = block_action(user_id=OFFICER, action_id=Action.QUERY_RESOLVE.value, value="1")
    press["response_url"] = provider.slack.response_url()
    provider.interact(press)
    provider.settle()
    [told] = _in(provider, DM)
    assert "Olu Okafor (Finance) marked your query resolved" in told["text"]
    root_update = [
        c.params for c in provider.slack.calls_to("chat.update") if c.params["channel"] == DM
    ]
    assert root_update and "Mark resolved" not in _texts(root_update)[-1]
    assert _ticket(provider).status is QueryStatus.RESOLVED

    # The provider writes again: it reopens; then they close it from their side.
    _provider_reply(provider, ticket, "Not paid after all", 30)
    assert _ticket(provider).status is QueryStatus.RESPONDED
    provider.slack.reset()
    press = block_action(
        user_id=PROVIDER,
        action_id=Action.QUERY_THREAD_RESOLVE.value,
        value="1",
        team_id=PROVIDER_TEAM,
    )
    press["response_url"] = provider.slack.response_url()
    provider.interact(press)
    provider.settle()
    assert _ticket(provider).status is QueryStatus.RESOLVED
    assert any("marked this query resolved" in t for t in _texts(_in(provider, "C0FINANCE")))
    assert "You marked this query resolved" in _in(provider, DM)[0]["text"]
    queue_update = [
        c.params
        for c in provider.slack.calls_to("chat.update")
        if c.params["channel"] == "C0FINANCE"
    ]
    assert "resolved" in _texts(queue_update)[-1]


def test_slacks_retries_relay_each_message_once(provider: Harness) -> None:
    ticket = _ask(provider)
    provider.slack.reset()
    for retry in (None, 1, 2):
        _officer_reply(provider, ticket, "Friday", 10, retry=retry)
        _provider_reply(provider, ticket, "Thanks", 10, retry=retry)
    assert len(_in(provider, DM)) == 1
    assert len(_in(provider, "C0FINANCE")) == 1
    with provider.sessions.begin() as session:
        kinds = [e.kind for e in _ticket_events(session)]
    assert kinds.count(QueryEventKind.RESPONDED) == 1


def _ticket_events(session: Any) -> list[Any]:
    return list(session.scalars(select(QueryEvent).order_by(QueryEvent.id)))


def test_a_relay_slack_asked_to_wait_for_is_posted_once_by_the_job_after_a_restart(
    provider: Harness,
) -> None:
    ticket = _ask(provider)
    provider.slack.reset()
    provider.slack.throttle("chat.postMessage", times=10, retry_after=0)
    _officer_reply(provider, ticket, "Friday", 10)
    _officer_reply(provider, ticket, "Or Monday at the latest", 11)
    assert _in(provider, DM) == []
    with provider.sessions.begin() as session:
        rows = session.scalars(select(QueryRelay).order_by(QueryRelay.id)).all()
        assert [r.status for r in rows] == [DeliveryStatus.PENDING] * 2
    provider.slack.reset()
    # Two processes' ticks at once, as after a restart beside a second instance.
    jobs = [
        QueryJobs(provider.settings, provider.sessions, make_web_client(provider.settings))
        for _ in range(2)
    ]
    threads = [threading.Thread(target=job.keep_conversations) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    jobs[0].keep_conversations()
    relayed = [p["text"] for p in _in(provider, DM)]
    assert len(relayed) == 2  # each once, in the order they were written
    assert relayed[0].endswith("Friday") and relayed[1].endswith("Or Monday at the latest")
    with provider.sessions.begin() as session:
        rows = session.scalars(select(QueryRelay).order_by(QueryRelay.id)).all()
        assert [r.status for r in rows] == [DeliveryStatus.SENT] * 2
        assert [r.text for r in rows] == ["", ""]  # not kept once relayed


def test_a_relay_slack_may_have_posted_is_not_posted_again_and_is_marked(
    provider: Harness,
) -> None:
    ticket = _ask(provider)
    provider.slack.reset()
    provider.slack.fail("chat.postMessage", error="internal_error")
    reply = _officer_reply(provider, ticket, "Friday", 10)
    QueryJobs(provider.settings, provider.sessions, make_web_client(provider.settings)).tick(
        datetime.now(UTC)
    )
    assert _ticket(provider).first_response_at is None  # the provider may never have had it
    posts = [
        c
        for c in provider.slack.calls
        if c.method == "chat.postMessage" and c.params["channel"] == DM
    ]
    assert [c.status for c in posts] == [500]
    assert (reply, "warning") in _reactions(provider)


def test_a_provider_relbot_cannot_dm_is_flagged_in_the_queue_thread(provider: Harness) -> None:
    # Slack refuses the DM (as it does when the provider's organisation does not allow
    # direct messages from other organisations): the department is told to reach them.
    provider.slack.refuse("conversations.open", "invalid_user_combination")
    ticket = _ask(provider)
    assert ticket.dm_status is DeliveryStatus.FAILED
    notes = [t for t in _texts(_in(provider, "C0FINANCE")) if "could not open" in t]
    assert notes and "invalid_user_combination" in notes[0]
    assert _in(provider, DM) == []
    QueryJobs(provider.settings, provider.sessions, make_web_client(provider.settings)).tick(
        datetime.now(UTC)
    )
    assert len(provider.slack.calls_to("conversations.open")) == 0  # not tried again
    _officer_reply(provider, ticket, "Friday", 10)  # nowhere to relay it: nothing is kept
    with provider.sessions.begin() as session:
        assert session.scalars(select(QueryRelay)).all() == []


def test_files_are_named_not_relayed_and_edits_are_not_relayed(provider: Harness) -> None:
    ticket = _ask(provider)
    provider.slack.reset()
    _provider_reply(provider, ticket, "Here is the invoice", 5, files=[{"id": "F1"}])
    [in_queue] = _in(provider, "C0FINANCE")
    assert "a file attached in Slack, not passed on" in in_queue["text"]
    _provider_reply(provider, ticket, "Here is the invoice (edited)", 6, subtype="message_changed")
    assert len(_in(provider, "C0FINANCE")) == 1


def test_an_officer_logs_a_providers_message_with_the_reaction_and_the_provider_follows_it(
    provider: Harness,
) -> None:
    ts = "1700000500.000100"
    provider.slack.wrote(SHARED, ts, PROVIDER, "Invoice 9 &lt;urgent&gt; unpaid <!here>")

    def react(user: str, reaction: str, event_id: str) -> None:
        event = {
            "type": "reaction_added",
            "user": user,
            "reaction": reaction,
            "item": {"type": "message", "channel": SHARED, "ts": ts},
            "item_user": PROVIDER,
            "event_ts": "1700000600.000100",
        }
        assert provider.event(event, event_id=event_id).status == 200
        provider.settle()

    react(PROVIDER, "pushpin", "EvR1")  # a provider's own pin logs nothing
    react(OFFICER, "eyes", "EvR2")  # nor another emoji
    assert provider.slack.calls_to("chat.postMessage") == []

    react(OFFICER, "pushpin", "EvR3")
    [offer] = _in(provider, OFFICER)
    assert "Log this message from <@UPROV0001>" in _texts([offer])[0]
    assert "@here" in _texts([offer])[0] and "<!here>" not in _texts([offer])[0]
    press = block_action(
        user_id=OFFICER,
        action_id=Action.QUERY_LOG_REACTED.value,
        value=offer["blocks"][1]["elements"][0]["value"],
    )
    provider.interact(press)
    [opened] = provider.slack.wait_for("views.open")
    view = {**opened.params["view"], "id": "VREACT1"}
    assert view["blocks"][1]["element"]["initial_value"] == "Invoice 9 <urgent> unpaid <!here>"
    options = {o["text"]["text"]: o["value"] for o in view["blocks"][0]["element"]["options"]}
    values = {
        "department": {
            "query_input": {
                "type": "static_select",
                "selected_option": {"value": options["Finance"]},
            }
        },
        "text": {"query_input": {"type": "plain_text_input", "value": "Invoice 9 unpaid"}},
    }
    provider.interact(view_submission(user_id=OFFICER, view=view, values=values))
    provider.settle()
    ticket = _ticket(provider)
    with provider.sessions.begin() as session:
        asker = session.get(Person, ticket.asker_id)
        assert asker is not None and asker.slack_user_id == PROVIDER  # theirs, not the officer's
    assert ticket.source_permalink == f"https://council.example/archives/{SHARED}/p{ts}"
    [root] = _in(provider, DM)
    assert "Your query #1 to Finance" in _texts([root])[0]
    [told] = [t for t in _texts(_in(provider, OFFICER)) if "Query #1" in t]
    assert "as <@UPROV0001>'s query" in told and "your direct messages" not in told

    # A second officer logging the same message finds the same query: one thread, once.
    provider.slack.reset()
    second = {
        **view,
        "id": "VREACT2",
        "private_metadata": view["private_metadata"].replace(OFFICER, "UOFFI0002"),
    }
    provider.interact(view_submission(user_id="UOFFI0002", view=second, values=values))
    provider.settle()
    with provider.sessions.begin() as session:
        assert len(session.scalars(select(QueryTicket)).all()) == 1
    assert _in(provider, DM) == []


def test_a_provider_cannot_log_another_providers_message_in_their_name(
    council: Harness,
) -> None:
    from relbot.models.enums import Side

    with council.sessions.begin() as session:
        session.add(Person(slack_user_id="UPROV0009", name="Pat Other", side=Side.PROVIDER))
    shortcut = {
        "type": "message_action",
        "callback_id": "log_provider_query",
        "trigger_id": "trig-p",
        "user": {"id": PROVIDER, "team_id": "T0COUNCIL"},
        "team": {"id": "T0COUNCIL"},
        "channel": {"id": "C0GENERAL"},
        "message": {"ts": "1700000999.000200", "text": "Pat's invoice", "user": "UPROV0009"},
        "response_url": council.slack.response_url("s"),
    }
    council.interact(shortcut)
    [opened] = council.slack.wait_for("views.open")
    view = {**opened.params["view"], "id": "VSHORTP"}
    options = {o["text"]["text"]: o["value"] for o in view["blocks"][0]["element"]["options"]}
    values = {
        "department": {
            "query_input": {
                "type": "static_select",
                "selected_option": {"value": options["Finance"]},
            }
        },
        "text": {"query_input": {"type": "plain_text_input", "value": "Pat's invoice"}},
    }
    council.interact(view_submission(user_id=PROVIDER, view=view, values=values))
    council.settle()
    ticket = _ticket(council)
    with council.sessions.begin() as session:
        asker = session.get(Person, ticket.asker_id)
        assert asker is not None and asker.slack_user_id == PROVIDER  # theirs: not Pat's
    assert [
        c for c in council.slack.calls_to("chat.postMessage") if c.params["channel"] == "DPROV0009"
    ] == []


def test_a_providers_reply_in_a_thread_is_logged_with_the_reaction_too(
    provider: Harness,
) -> None:
    parent, ts = "1700000700.000100", "1700000710.000100"
    provider.slack.wrote(SHARED, ts, PROVIDER, "And invoice 10?", thread_ts=parent)
    event = {
        "type": "reaction_added",
        "user": OFFICER,
        "reaction": "pushpin",
        "item": {"type": "message", "channel": SHARED, "ts": ts},
        "item_user": PROVIDER,
        "event_ts": "1700000720.000100",
    }
    assert provider.event(event, event_id="EvRT").status == 200
    provider.settle()
    # Slack's history holds no thread reply: relbot reads it from the thread.
    assert provider.slack.calls_to("conversations.history")[0].params["latest"] == ts
    [offer] = _in(provider, OFFICER)
    assert "And invoice 10?" in _texts([offer])[0]
