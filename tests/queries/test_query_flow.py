"""The query log end to end through signed requests, as Slack sends them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from relbot.models import QueryEvent, QueryTicket
from relbot.models.queries import QueryEventKind, QuerySource, QueryStatus
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.directory_data import OFFICER, PROVIDER
from tests.pulse.modal import radio_state
from tests.slack.blocktext import block_text


def _ticket(council: Harness) -> QueryTicket:
    with council.sessions.begin() as session:
        return session.scalars(select(QueryTicket)).one()


def _events(council: Harness) -> list[QueryEventKind]:
    with council.sessions.begin() as session:
        return list(session.scalars(select(QueryEvent.kind).order_by(QueryEvent.id)))


def _log(
    council: Harness,
    text: str = "finance When will invoice <b>42</b> be paid?",
    who: str = PROVIDER,
) -> str:
    reply = council.command(text, user_id=who, command="/query")
    assert reply.status == 200
    [said] = council.slack.wait_for("response_url")
    return block_text(said.params["blocks"])


def _queue_posts(council: Harness, count: int = 1, method: str = "chat.postMessage") -> list[Any]:
    """Posts (or updates) in channels, the queue's, leaving out the provider's DM thread:
    every one relbot has made once its listeners are done, so a late duplicate is counted.
    Fails when fewer than `count` came."""
    council.settle()
    posts = [c for c in council.slack.calls_to(method) if c.params["channel"][0] == "C"]
    assert len(posts) >= count, f"expected {count} {method} in a channel, got {posts}"
    return posts


def _thread_reply(
    council: Harness, user: str, event_id: str, *, retry: int | None = None, **extra: Any
) -> None:
    ticket = _ticket(council)
    ts = f"{float(ticket.queue_ts or 0) + 60:.6f}"
    event = {
        "type": "message",
        "channel": ticket.queue_channel,
        "user": user,
        "text": "On it",
        "ts": ts,
        "thread_ts": ticket.queue_ts,
        **extra,
    }
    assert council.event(event, event_id=event_id, retry_num=retry).status == 200
    council.settle()  # Bolt handles events after the ack: the next follows this one


def test_query_posts_to_the_queue_and_confirms_with_a_link(council: Harness) -> None:
    confirmation = _log(
        council, who=OFFICER, text="safeguarding When will invoice <b>42</b> be paid?"
    )
    [post] = _queue_posts(council)
    assert post.params["channel"] == "C0SAFEGRD"
    text = block_text(post.params["blocks"])
    assert "Query #1 for Safeguarding* from <@UOFFI0001>" in text
    assert "When will invoice &lt;b&gt;42&lt;/b&gt; be paid?" in text
    buttons = [
        e["action_id"]
        for b in post.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert buttons == ["query_respond", "query_resolve", "query_reassign"]
    assert (
        "Query #1 is with *Safeguarding* in <#C0SAFEGRD> "
        "(<https://council.example/archives/C0SAFEGRD/p1700000001.000100|open it>)" in confirmation
    )
    ticket = _ticket(council)
    assert (ticket.source, ticket.status) == (QuerySource.COMMAND, QueryStatus.OPEN)
    # The ticket keeps the ts Slack gave the queue message: its thread is where answers go.
    [link] = council.slack.calls_to("chat.getPermalink")
    assert (ticket.queue_channel, ticket.queue_ts) == ("C0SAFEGRD", link.params["message_ts"])
    assert ticket.dm_status is None  # an officer follows the queue thread itself
    assert ticket.queue_ts is not None
    assert _events(council) == [QueryEventKind.LOGGED, QueryEventKind.POSTED]


def test_departments_match_by_alias_prefix_and_several_words(council: Harness) -> None:
    for text, department in [
        ("PAYMENTS late fee", "Finance"),
        ("safe a concern", "Safeguarding"),
        ("sourcing and placements a bed", "Sourcing and Placements"),
        ("spt a bed", "Sourcing and Placements"),
    ]:
        council.slack.reset()
        council.command(text, user_id=PROVIDER, command="/query", trigger_id=f"trig-{text}")
        post = _queue_posts(council)[0]
        assert f"for {department}*" in block_text(post.params["blocks"])


def test_an_unknown_department_is_explained_and_nothing_is_logged(council: Harness) -> None:
    said = _log(council, "housing where is my form")
    assert "I don't know a department called “housing”" in said
    assert "*Finance*, *Safeguarding*, *Sourcing and Placements*" in said
    with council.sessions.begin() as session:
        assert session.scalars(select(QueryTicket)).first() is None


def test_a_department_without_text_asks_for_the_question(council: Harness) -> None:
    assert "Please write the question itself" in _log(council, "finance")


def test_an_officer_reply_is_the_first_response_once_even_when_slack_retries(
    council: Harness,
) -> None:
    _log(council)
    _thread_reply(council, PROVIDER, "Ev1")  # the asker adding detail is not a response
    _thread_reply(council, OFFICER, "Ev2")
    _thread_reply(council, OFFICER, "Ev2", retry=1)  # Slack's retry of the same event
    _thread_reply(council, OFFICER, "Ev2", retry=2)
    _thread_reply(council, "UOFFI0002", "Ev3")
    _thread_reply(council, OFFICER, "Ev4", subtype="message_changed")
    _thread_reply(council, OFFICER, "Ev5", bot_id="BBOT0001")
    _queue_posts(council, method="chat.update")
    ticket = _ticket(council)
    assert ticket.status is QueryStatus.RESPONDED and ticket.first_response_at is not None
    # The provider follows it in their DMs: the officer's reply is the first response once
    # it reached them there.
    assert _events(council) == [
        QueryEventKind.LOGGED,
        QueryEventKind.POSTED,
        QueryEventKind.REPLIED,
        QueryEventKind.REPLIED,
        QueryEventKind.RESPONDED,
        QueryEventKind.REPLIED,
    ]
    assert len(_queue_posts(council, method="chat.update")) == 1


def _press(council: Harness, action: str, user: str) -> None:
    ticket = _ticket(council)
    payload = block_action(user_id=user, action_id=action, value=str(ticket.id))
    payload["response_url"] = council.slack.response_url("button")
    assert council.interact(payload).status == 200


def test_buttons_respond_resolve_and_a_reply_reopens(council: Harness) -> None:
    _log(council)
    council.slack.reset()
    _press(council, "query_respond", PROVIDER)
    [refusal] = council.slack.wait_for("response_url")
    assert "The Respond button is for the department" in refusal.params["text"]
    _press(council, "query_respond", OFFICER)
    _queue_posts(council, method="chat.update")
    assert _ticket(council).status is QueryStatus.RESPONDED
    _press(council, "query_resolve", PROVIDER)
    resolved = _queue_posts(council, 2, method="chat.update")[-1]
    assert "resolved" in block_text(resolved.params["blocks"])
    assert not [b for b in resolved.params["blocks"] if b["type"] == "actions"]
    assert _ticket(council).status is QueryStatus.RESOLVED
    _thread_reply(council, PROVIDER, "Ev9")  # the asker writes again: it counts again
    _queue_posts(council, 3, method="chat.update")
    ticket = _ticket(council)
    assert ticket.status is QueryStatus.RESPONDED and ticket.resolved_at is None
    assert _events(council)[2:] == [
        QueryEventKind.RESPONDED,
        QueryEventKind.RESOLVED,
        QueryEventKind.REOPENED,
    ]


def test_query_alone_opens_the_form_and_logs_from_it(council: Harness) -> None:
    council.command("", user_id=PROVIDER, command="/query", trigger_id="trig-q")
    [opened] = council.slack.wait_for("views.open")
    view = {**opened.params["view"], "id": "VQUERY1"}
    options = {o["text"]["text"]: o["value"] for o in view["blocks"][0]["element"]["options"]}
    values = {
        "department": {
            "query_input": {
                "type": "static_select",
                "selected_option": {"value": options["Safeguarding"]},
            }
        },
        "text": {"query_input": {"type": "plain_text_input", "value": "A concern"}},
    }
    reply = council.interact(view_submission(user_id=PROVIDER, view=view, values=values))
    assert (reply.status, reply.body) == (200, b"")
    dm = [
        c
        for c in council.slack.wait_for("chat.postMessage", count=3)
        if c.params["channel"] == PROVIDER
    ]
    assert "Query #1 is with *Safeguarding*" in dm[0].params["text"]
    assert _ticket(council).source is QuerySource.MODAL


def test_the_message_shortcut_logs_a_message_once_with_its_permalink(council: Harness) -> None:
    shortcut = {
        "type": "message_action",
        "callback_id": "log_provider_query",
        "trigger_id": "trig-s",
        "user": {"id": PROVIDER},
        "team": {"id": "T0COUNCIL"},
        "channel": {"id": "C0GENERAL"},
        "message": {"ts": "1700000999.000100", "text": "Invoice 7 unpaid <!here>"},
        "response_url": council.slack.response_url("s"),
    }
    for attempt in range(2):
        council.slack.reset()
        assert council.interact(shortcut).status == 200
        [opened] = council.slack.wait_for("views.open")
        view = {**opened.params["view"], "id": f"VSHORT{attempt}"}
        assert view["blocks"][1]["element"]["initial_value"] == "Invoice 7 unpaid <!here>"
        options = {o["text"]["text"]: o["value"] for o in view["blocks"][0]["element"]["options"]}
        values = {
            "department": {
                "query_input": {
                    "type": "static_select",
                    "selected_option": {"value": options["Finance"]},
                }
            },
            "text": {
                "query_input": {"type": "plain_text_input", "value": "Invoice 7 unpaid <!here>"}
            },
        }
        council.interact(view_submission(user_id=PROVIDER, view=view, values=values))
        council.slack.wait_for("chat.postMessage")
    ticket = _ticket(council)  # one ticket although the message was logged twice
    assert ticket.source is QuerySource.SHORTCUT
    assert (
        ticket.source_permalink == "https://council.example/archives/C0GENERAL/p1700000999.000100"
    )
    queue_posts = [
        c for c in council.slack.calls_to("chat.postMessage") if c.params["channel"] == "C0FINANCE"
    ]
    assert queue_posts == []  # the second time nothing new was posted


def test_reassign_moves_the_query_to_the_other_queue(council: Harness) -> None:
    _log(council)
    council.slack.reset()
    _press(council, "query_reassign", OFFICER)
    [opened] = council.slack.wait_for("views.open")
    view = {**opened.params["view"], "id": "VRE1"}
    options = {o["text"]["text"]: o["value"] for o in view["blocks"][0]["element"]["options"]}
    assert "Finance" not in options
    values = {
        "department": {
            "query_input": {
                "type": "static_select",
                "selected_option": {"value": options["Safeguarding"]},
            }
        }
    }
    council.interact(view_submission(user_id=OFFICER, view=view, values=values))
    [post] = _queue_posts(council)
    assert post.params["channel"] == "C0SAFEGRD"
    [old] = _queue_posts(council, method="chat.update")
    assert (
        old.params["channel"] == "C0FINANCE"
        and "reassigned to *Safeguarding*" in old.params["text"]
    )
    assert _ticket(council).queue_channel == "C0SAFEGRD"


def test_query_list_shows_only_my_open_queries(council: Harness) -> None:
    _log(council)
    council.slack.reset()
    listed = council.command("list", user_id=PROVIDER, command="/query").json()
    assert listed["response_type"] == "ephemeral"
    text = block_text(listed["blocks"])
    assert "Your open queries (1)" in text and "Finance: When will invoice" in text
    assert (
        "You have no open queries"
        in (council.command("list", user_id=OFFICER, command="/query").json()["text"])
    )
    council.settle()
    assert council.slack.calls_to("response_url") == []  # answered at once, nothing after


def test_query_list_is_oldest_first_and_leaves_out_resolved_ones(council: Harness) -> None:
    asked = ("finance First question", "finance Second question", "finance Third one")
    for number, text in enumerate(asked):
        reply = council.command(text, user_id=PROVIDER, command="/query", trigger_id=f"t{number}")
        assert reply.status == 200
        council.slack.wait_for("response_url")
        council.slack.reset()
    with council.sessions.begin() as session:
        tickets = session.scalars(select(QueryTicket).order_by(QueryTicket.id)).all()
        for age, ticket in enumerate(tickets):  # the third was asked first
            ticket.created_at = datetime.now(UTC) - timedelta(days=age + 1)
        tickets[1].status = QueryStatus.RESOLVED
    text = block_text(council.command("list", user_id=PROVIDER, command="/query").json()["blocks"])
    assert "Your open queries (2)" in text and "Second question" not in text
    assert text.index("Third one") < text.index("First question")
    with council.sessions.begin() as session:
        tickets[0].status = tickets[2].status = QueryStatus.RESOLVED
        session.add_all([tickets[0], tickets[2]])
    # Only resolved queries: nothing open, but still someone relbot knows.
    said = council.command("list", user_id=PROVIDER, command="/query").json()["text"]
    assert "You have no open queries" in said


def test_a_query_that_cannot_be_posted_is_kept_and_posted_later(council: Harness) -> None:
    from relbot.jobs.queries import QueryJobs
    from relbot.slack.client import make_web_client

    council.slack.throttle("chat.postMessage", times=20, retry_after=0)
    said = _log(council)
    assert "Your query #1 is saved, but I could not post it" in said
    council.slack.reset()
    jobs = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    assert jobs.post_unposted() == 1
    assert jobs.post_unposted() == 0
    assert [c.params["channel"] for c in council.slack.calls_to("chat.postMessage")] == [
        "C0FINANCE"
    ]


def test_a_query_slack_may_have_posted_is_never_posted_again(council: Harness) -> None:
    from relbot.jobs.queries import QueryJobs
    from relbot.slack.client import make_web_client

    # Slack's docs on internal_error: some aspect of the operation may have succeeded.
    council.slack.fail("chat.postMessage", error="internal_error")
    said = _log(council)
    assert "Slack did not confirm it reached its queue channel" in said
    jobs = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    assert jobs.post_unposted() == 0
    posts = [
        c
        for c in council.slack.calls
        if c.method == "chat.postMessage" and c.params["channel"][0] == "C"
    ]
    assert [c.status for c in posts] == [500]


def test_a_posted_query_is_confirmed_without_its_link_when_slack_gives_none(
    council: Harness,
) -> None:
    council.slack.fail("chat.getPermalink", times=10)
    said = _log(council, "finance A question", who=OFFICER)
    assert "Query #1 is with *Finance* in <#C0FINANCE>" in said
    assert "could not" not in said and "did not confirm" not in said
    assert _ticket(council).queue_ts is not None


def test_overdue_reminders_fire_once_per_threshold_under_restarts(council: Harness) -> None:
    from relbot.jobs.queries import QueryJobs
    from relbot.slack.client import make_web_client

    _log(council)
    with council.sessions.begin() as session:  # logged on a Monday at 09:00
        ticket = session.scalars(select(QueryTicket)).one()
        ticket.created_at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    council.slack.reset()
    jobs = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    other = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Finance: 2 working days = 960 min
    # 75% is Tuesday 13:00, 100% Tuesday 17:00, 200% Thursday 17:00; ticks repeat and
    # alternate between two processes, as restarts and a second instance would.
    for job, hours in [
        (jobs, 10),
        (other, 10),
        (jobs, 28),
        (other, 28.5),
        (jobs, 32),
        (other, 33),
        (jobs, 56),
        (jobs, 80),
        (other, 81),
        (jobs, 100),
    ]:
        job.tick(start + timedelta(hours=hours))
    posts = council.slack.calls_to("chat.postMessage")
    texts = [p.params["text"] for p in posts]
    assert len(posts) == 3 and all(p.params["thread_ts"] for p in posts)
    assert "used 75% of its 2 working days target" in texts[0]
    assert "passed its target" in texts[1]
    assert "waited twice its target" in texts[2]
    assert "<@UOFFI0001> <@UOFFI0002>" in texts[0]
    assert "<@UOFFI0001>" in texts[2] and "<@UOFFI0002>" not in texts[2]  # decision makers


def test_app_home_shows_an_officer_their_department_queue_oldest_first(council: Harness) -> None:
    _log(council, "finance First question")
    council.slack.reset()
    council.command(
        "finance Second <question>", user_id=PROVIDER, command="/query", trigger_id="trig-2"
    )
    council.slack.wait_for("response_url")
    council.event({"type": "app_home_opened", "user": OFFICER, "tab": "home"}, event_id="EvH")
    text = block_text(council.slack.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "Finance: open queries, oldest first" in text
    assert text.index("#1 (") < text.index("#2 (")
    assert "Second &lt;question&gt;" in text and "waiting for a first response" in text
    assert "2 provider queries are waiting for a first response from Finance." in text
    council.slack.reset()
    council.event({"type": "app_home_opened", "user": PROVIDER, "tab": "home"}, event_id="EvP")
    text = block_text(council.slack.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "2 of your queries are still open." in text
    assert "waiting for a first response" not in text  # a provider has no department queue


def test_a_long_many_line_query_stays_within_slacks_limits(council: Harness) -> None:
    text = "finance " + "\n".join(["a"] * 1400)
    said = _log(council, text)
    assert "Query #1 is with *Finance*" in said
    [post] = _queue_posts(council)
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in post.params["blocks"])
    assert "<" not in post.params["text"].replace("<@", "")


def test_another_provider_cannot_act_on_someone_elses_query(council: Harness) -> None:
    from relbot.models import Person
    from relbot.models.enums import Side

    with council.sessions.begin() as session:
        session.add(Person(slack_user_id="UOTHER001", name="Other Provider", side=Side.PROVIDER))
    _log(council)
    council.slack.reset()
    for action in ("query_resolve", "query_reassign"):
        _press(council, action, "UOTHER001")
    refusals = council.slack.wait_for("response_url", count=2)
    assert all("Only the person who asked" in c.params["text"] for c in refusals)
    assert _ticket(council).status is QueryStatus.OPEN
    assert council.slack.calls_to("views.open") == []


def test_a_pulse_form_submitted_by_someone_else_is_refused(council: Harness) -> None:
    from relbot.jobs.pulse import PulseJobs
    from relbot.slack.client import make_web_client

    PulseJobs(council.settings, council.sessions, make_web_client(council.settings)).open(
        now=datetime.now(UTC), slot="manual:x", by="UADMIN001"
    )
    council.slack.reset()
    council.interact(block_action(user_id=OFFICER, action_id="open_pulse"))
    view = council.slack.wait_for("views.open")[0].params["view"]
    reply = council.interact(
        view_submission(user_id=PROVIDER, view=view, values=radio_state(view, {}))
    )
    assert reply.json()["errors"] == {"trust": "This form belongs to someone else."}
