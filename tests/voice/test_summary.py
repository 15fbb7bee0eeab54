"""The officers' summary: weekly from the schedule, once a week, and on demand with `/relbot voice`."""

from __future__ import annotations

import logging
import re
import socket
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relbot.domain.voice.items import record_anonymous
from relbot.domain.voice.summary import ThemeCount, theme_counts
from relbot.jobs.voice import VoiceJobs
from relbot.slack.client import RATE_LIMIT_RETRIES, make_web_client
from relbot.slack.voice.flow import summary_message
from standin.harness import Harness
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.slack.blocktext import block_text
from tests.voice.conftest import OFFICERS, VOICE, message, now, reaction, send, ts_of

LONDON = ZoneInfo("Europe/London")
FIRE = datetime(2026, 3, 9, 9, 30, tzinfo=LONDON).astimezone(UTC)  # a Monday, 09:30


def london(*args: int) -> str:
    return ts_of(datetime(*args, tzinfo=LONDON))


def _week(council: Harness) -> dict[str, str]:
    """A week in the channel: raised items, replies, reactions, an edit and a deletion."""
    ts = {
        "late": london(2026, 3, 3, 10),
        "rates": london(2026, 3, 4, 11),
        "anon": london(2026, 3, 5, 9),
        "young": london(2026, 3, 6, 10),
        "edited": london(2026, 3, 4, 10),
        "deleted": london(2026, 3, 3, 11),
        "notice": london(2026, 3, 3, 12),
        "before": london(2026, 2, 24, 10),
    }
    said = {
        "late": (PROVIDER, "Invoices are paid late <!channel> <@U123> &amp; &lt;b&gt;"),
        "rates": (PROVIDER, "Payment rates for homecare"),
        "young": (STRANGER, "Who is the contact for brokerage?"),
        "edited": (PROVIDER, "An invoice question"),
        "deleted": (PROVIDER, "Payments are terrible"),
        "notice": (OFFICER, "The provider forum is next week"),
        "before": (PROVIDER, "Meeting minutes please"),
    }
    for number, (key, (user, text)) in enumerate(said.items()):
        send(council, message(user, text, ts[key]), f"EvM{number}")
    with council.sessions.begin() as session:
        record_anonymous(
            session=session,
            channel=VOICE,
            ts=ts["anon"],
            text="Nobody listens to our feedback",
            categories=(),
        )
    replies = [
        (STRANGER, "late", timedelta(minutes=30)),
        (OFFICER, "rates", timedelta(hours=1)),
    ]
    for number, (user, key, after) in enumerate(replies):
        at = ts_of(datetime.fromtimestamp(float(ts[key]), UTC) + after)
        send(council, message(user, "Reply", at, thread_ts=ts[key]), f"EvR{number}")
    for number, (user, name) in enumerate(
        [(OFFICER, "+1"), (OFFICER, "eyes"), ("UOFFI0002", "+1"), (PROVIDER, "+1")]
    ):
        send(council, reaction(user, name, ts["late"], f"{number + 1}.0"), f"EvX{number}")
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": VOICE,
        "message": {"type": "message", "user": PROVIDER, "text": "Agenda for the forum"}
        | {"ts": ts["edited"]},
    }
    send(council, edit, "EvE")
    gone = {"type": "message", "subtype": "message_deleted", "channel": VOICE}
    send(council, gone | {"deleted_ts": ts["deleted"], "previous_message": {}}, "EvD")
    return ts


def _jobs(council: Harness) -> VoiceJobs:
    return VoiceJobs(council.settings, council.sessions, make_web_client(council.settings))


def _posts(council: Harness) -> list[str]:
    calls = council.slack.calls_to("chat.postMessage")
    return [block_text(c.params["blocks"]) for c in calls if c.params["channel"] == OFFICERS]


def test_the_weekly_summary_groups_ranks_and_lists_what_waits_with_links(
    council: Harness,
) -> None:
    ts = _week(council)
    council.slack.reset()
    assert _jobs(council).post_weekly(FIRE)
    [shown] = _posts(council)
    assert shown.startswith("Provider voice: Mon 2 Mar to Mon 9 Mar\n")
    assert "*5* raised this period (+4 on the 1 the period before)." in shown
    assert (
        "*By theme*\n"
        "• More effective meetings, events and communication: *1* (same as before)\n"
        "• Payments and finance: *2* (+2)\n"
        "• Provider voice and involvement: *1* (+1)\n"
        "• Contacts and structure: *1* (+1)"
    ) in shown
    link = "https://council.example/archives/C0VOICE01/p{}"
    supported = re.findall(r"^\*(\d+) support\* .*<(\S+)\|open>$", shown, re.M)
    assert supported[:2] == [("4", link.format(ts["late"])), ("1", link.format(ts["rates"]))]
    assert "*4 support* (3 people reacted, 1 reply) · raised by a provider on Tue 3 Mar" in shown
    assert "*1 support* (0 people reacted, 1 reply) · raised by a provider on Wed 4 Mar" in shown
    assert "*No officer's answer after two working days: 4*" in shown
    waiting = shown.split("two working days: 4*\n", 1)[1]
    order = re.findall(r"<\S+/p(\S+)\|open>", waiting)
    assert order == [ts["before"], ts["late"], ts["edited"], ts["anon"]]
    assert "\nraised by a provider, anonymously on Thu 5 Mar · <" in waiting
    # Each item has its button to open an action that answers it.
    assert waiting.startswith("Turn into an action\nraised by a provider on Tue 24 Feb · <")
    assert ">Invoices are paid late &lt;!channel&gt; &lt;@U123&gt; &amp; &lt;b&gt;" in shown
    assert "<!" not in shown and "<@" not in shown
    assert "terrible" not in shown and "forum is next week" not in shown
    assert len(council.slack.calls_to("chat.getPermalink")) == 5
    council.slack.reset()
    _jobs(council).post_weekly(FIRE + timedelta(days=7))
    assert council.slack.calls_to("chat.getPermalink") == []  # links are kept once found


def test_theme_counts_for_the_digest(council: Harness) -> None:
    _week(council)
    with council.sessions.begin() as session:
        rows = theme_counts(session=session, start=FIRE - timedelta(days=7), end=FIRE)
    assert rows == [
        ThemeCount("More effective meetings, events and communication", 1, 0),
        ThemeCount("Payments and finance", 2, 2),
        ThemeCount("Provider voice and involvement", 1, 1),
        ThemeCount("Contacts and structure", 1, 1),
    ]


def test_the_schedule_posts_once_a_week_whatever_restarts_or_second_processes(
    council: Harness,
) -> None:
    send(council, message(PROVIDER, "Invoices are late", london(2026, 3, 3, 10)), "Ev1")
    council.slack.reset()
    _jobs(council).tick(FIRE - timedelta(minutes=1))
    assert _posts(council) == []
    first, second = _jobs(council), _jobs(council)  # two processes, or one restarted
    first.tick(FIRE + timedelta(minutes=1))
    second.tick(FIRE + timedelta(minutes=2))
    first.tick(FIRE + timedelta(hours=3))
    _jobs(council).tick(FIRE + timedelta(hours=5))
    assert len(_posts(council)) == 1
    _jobs(council).tick(FIRE + timedelta(days=7, minutes=1))
    assert len(_posts(council)) == 2
    assert "Nothing was raised in the provider-voice channel this period" in _posts(council)[1]


def _a_week_with_an_item(council: Harness) -> None:
    send(council, message(PROVIDER, "Invoices are late", london(2026, 3, 3, 10)), "Ev1")
    council.slack.reset()


def test_a_summary_slack_is_too_busy_for_is_posted_once_when_it_is_free(
    council: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    _a_week_with_an_item(council)
    # Longer than the client waits out: the post is refused as rate-limited, so nothing posted.
    council.slack.throttle("chat.postMessage", times=RATE_LIMIT_RETRIES + 1, retry_after=0)
    with caplog.at_level(logging.WARNING, logger="relbot"):
        _jobs(council).tick(FIRE + timedelta(minutes=1))
    assert _posts(council) == []
    assert "provider-voice summary for 2026-W11 to be tried again: ratelimited" in caplog.text
    for minutes in (2, 3, 60):  # the next ticks, in this process or another
        _jobs(council).tick(FIRE + timedelta(minutes=minutes))
    [posted] = _posts(council)
    assert "Invoices are late" in posted
    assert len([c for c in council.slack.calls if c.status == 429]) == RATE_LIMIT_RETRIES + 1


def test_a_summary_that_never_reached_slack_is_posted_once_slack_can_be_reached(
    council: Harness,
) -> None:
    _a_week_with_an_item(council)
    # A summary made before the cut learnt the item's link, so only the post needs Slack.
    summary_message(make_web_client(council.settings), _jobs(council).deps, end=FIRE)
    with socket.socket() as probe:  # a port where nothing listens: connections are refused
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}/api/"
    cut_off = council.settings.model_copy(update={"slack_api_url": nowhere})
    VoiceJobs(cut_off, council.sessions, make_web_client(cut_off)).tick(FIRE + timedelta(minutes=1))
    assert _posts(council) == []
    _jobs(council).tick(FIRE + timedelta(minutes=2))
    _jobs(council).tick(FIRE + timedelta(minutes=3))
    assert len(_posts(council)) == 1


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ("internal_error", "may or may not have been posted (internal_error)"),
        ("html-page", "may or may not have been posted (HTTP 500)"),
        ("channel_not_found", "Slack refused the provider-voice summary for 2026-W11"),
    ],
)
def test_a_summary_slack_may_have_posted_or_refused_is_not_sent_again(
    council: Harness, caplog: pytest.LogCaptureFixture, fault: str, said: str
) -> None:
    _a_week_with_an_item(council)
    if fault == "channel_not_found":
        council.slack.refuse("chat.postMessage", fault)
    else:
        council.slack.fail("chat.postMessage", error="" if fault == "html-page" else fault)
    with caplog.at_level(logging.WARNING, logger="relbot"):
        _jobs(council).tick(FIRE + timedelta(minutes=1))
    assert said in caplog.text
    for minutes in (2, 3, 60):  # Slack is back; the schedule does not post again
        _jobs(council).tick(FIRE + timedelta(minutes=minutes))
    assert _posts(council) == []
    assert len([c for c in council.slack.calls if c.method == "chat.postMessage"]) == 1


def test_without_an_officers_channel_the_job_skips_and_says_so(
    council: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    settings = council.settings.model_copy(update={"officers_channel": None})
    jobs = VoiceJobs(settings, council.sessions, make_web_client(settings))
    with caplog.at_level(logging.INFO, logger="relbot"):
        jobs.tick(FIRE + timedelta(minutes=1))
        jobs.tick(FIRE + timedelta(minutes=2))
    skipped = [r for r in caplog.records if "RELBOT_OFFICERS_CHANNEL is not set" in r.getMessage()]
    assert len(skipped) == 1
    assert council.slack.calls_to("chat.postMessage") == []


def _relbot_voice(council: Harness, user: str) -> str:
    assert council.command("voice", user_id=user).status == 200
    [said] = council.slack.wait_for("response_url")
    council.settle()
    council.slack.reset()
    assert said.params["response_type"] == "ephemeral"
    return block_text(said.params["blocks"])


def test_relbot_voice_is_for_officers_and_admins(council: Harness) -> None:
    raised = ts_of(now() - timedelta(days=6))
    send(council, message(PROVIDER, "Invoices are paid late", raised), "Ev1")
    send(council, message(PROVIDER, "Forum dates?", ts_of(now() - timedelta(hours=1))), "Ev2")
    for user in (OFFICER, ADMIN):
        shown = _relbot_voice(council, user)
        assert "*2* raised this period (+2 on the 0 the period before)." in shown
        assert "*No officer's answer after two working days: 1*" in shown
        assert f"<https://council.example/archives/{VOICE}/p{raised}|open>" in shown
        assert council.slack.calls_to("chat.postMessage") == []
    assert "for council officers and admins" in _relbot_voice(council, PROVIDER)
    assert "for council officers and admins" in _relbot_voice(council, STRANGER)


def test_an_empty_week_says_so(council: Harness) -> None:
    shown = _relbot_voice(council, OFFICER)
    assert "Nothing was raised in the provider-voice channel this period" in shown
    assert "No provider's item has waited two working days for an answer." in shown
