"""The pulse reaching providers Slack will not let relbot DM: each round announced once in
every provider channel, an ephemeral reminder for whom no DM reaches, and their answers in
the response rate; through signed requests and the Slack stand-in."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from relbot.cli import main
from relbot.config import Settings
from relbot.domain.pulse.report import round_report
from relbot.jobs.pulse import PulseJobs
from relbot.models import Person, PulseAnnouncement, PulseInvitation, PulseResponse
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus, Dimension
from relbot.slack.client import make_web_client
from relbot.slack.ids import Action, Callback
from standin.connect import BOT_USER_ID
from standin.harness import Harness
from standin.signing import block_action, view_submission
from standin.slack_api import TEAM_ID, Call, SlackStandIn
from tests.directory_data import OFFICER, PROVIDER
from tests.pulse.modal import radio_state
from tests.slack.blocktext import block_text

VOICE = "C0VOICE01"
SHARED = ("C0PROVA01", "C0PROVB01")
CHANNELS = [*SHARED, VOICE]
OUTSIDER = "UEXTP0001"  # of Oak Care's own workspace, in the second provider channel only
OAK_TEAM = "T0OAKCARE"
COUNCIL = {PROVIDER, OFFICER, "UOFFI0002", "UOFFI0003"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The usual settings with the provider-voice channel and two provider channels."""
    update = {"provider_voice_channel": VOICE, "provider_channels": SHARED}
    return settings.model_copy(update=update)


@pytest.fixture
def outsider(council: Harness) -> Harness:
    """A provider of another workspace, in the directory, whose admins let no app DM them."""
    with council.sessions.begin() as session:
        session.add(Person(slack_user_id=OUTSIDER, name="Sam Oak", side=Side.PROVIDER))
    connect = council.slack.connect
    connect.external(OUTSIDER, OAK_TEAM, "Sam Oak")
    connect.join(SHARED[0], BOT_USER_ID)  # relbot is there; Sam is not
    connect.join(SHARED[1], BOT_USER_ID, OUTSIDER)
    connect.restrict_dms(OAK_TEAM)
    return council


def _jobs(harness: Harness) -> PulseJobs:
    return PulseJobs(harness.settings, harness.sessions, make_web_client(harness.settings))


def _posted_in(slack: SlackStandIn) -> list[str]:
    posts = slack.calls_to("chat.postMessage")
    return [c.params["channel"] for c in posts if c.params["channel"].startswith("C")]


def _dms(slack: SlackStandIn) -> list[str]:
    posts = slack.calls_to("chat.postMessage")
    return [c.params["channel"] for c in posts if c.params["channel"].startswith("U")]


def _buttons(call: Call) -> list[tuple[str, str]]:
    blocks = call.params["blocks"]
    return [
        (e["action_id"], e["text"]["text"])
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def _announcements(harness: Harness) -> dict[str, str]:
    with harness.sessions.begin() as session:
        rows = session.scalars(select(PulseAnnouncement))
        return {a.channel: a.status.value for a in rows}


def _team(harness: Harness, user: str) -> str:
    """The presser's own workspace, as Slack sends it in `user.team_id`."""
    return harness.slack.connect.team_of(user) or TEAM_ID


def _press_in_channel(harness: Harness, user: str, channel: str) -> dict[str, Any]:
    payload = block_action(
        user_id=user,
        action_id=Action.HUB_PULSE.value,
        value=Action.HUB_PULSE.value,
        trigger_id=f"trig-{user}",
        team_id=_team(harness, user),
    )
    payload["channel"] = {"id": channel, "name": "provider-b"}
    payload["container"] = {"type": "message", "channel_id": channel, "message_ts": "1.000100"}
    payload["response_url"] = harness.slack.response_url()
    harness.slack.reset()
    assert harness.interact(payload).status == 200
    harness.settle()
    [opened] = harness.slack.calls_to("views.open")
    view: dict[str, Any] = opened.params["view"]
    return view


def _answer_as_provider(harness: Harness, user: str, view: dict[str, Any], score: str) -> None:
    scores = {d.value: score for d in Dimension}
    step2 = harness.interact(
        view_submission(
            user_id=user, view=view, values=radio_state(view, scores), team_id=_team(harness, user)
        )
    ).json()
    chooser = step2["view"]
    assert chooser["callback_id"] == Callback.PULSE_DEPARTMENTS
    done = harness.interact(
        view_submission(
            user_id=user,
            view=chooser,
            values=radio_state(chooser, {}),
            team_id=_team(harness, user),
        )
    )
    assert done.status == 200
    harness.settle()


def test_a_provider_slack_will_not_dm_is_announced_to_reminded_once_and_counted(
    outsider: Harness, operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    council, jobs = outsider, _jobs(outsider)
    start = datetime.now(UTC) - timedelta(minutes=1)
    round_id, sent = jobs.open(now=start, slot="manual:channels", by="UADMIN001")
    # Everyone Slack lets relbot DM has a DM; Sam's refused DM is not lost.
    assert (sent.sent, sent.via_channels, sent.failed) == (4, 1, 0)
    assert sorted(_dms(council.slack)) == sorted(COUNCIL)
    assert _posted_in(council.slack) == CHANNELS
    first = council.slack.calls_to("chat.postMessage")[0]
    assert _buttons(first) == [(Action.HUB_PULSE.value, "Answer the pulse")]
    closes = (start + timedelta(days=5)).astimezone(council.settings.zone)
    assert f"open until {closes:%A %-d %B at %H:%M}" in block_text(first.params["blocks"])
    with council.sessions.begin() as session:
        row = session.execute(
            select(PulseInvitation.status, PulseInvitation.via_channels, PulseInvitation.error)
            .join(Person, Person.id == PulseInvitation.person_id)
            .where(Person.slack_user_id == OUTSIDER)
        ).one()
    assert tuple(row) == (DeliveryStatus.FAILED, True, "restricted_action")

    council.slack.reset()
    for minutes in (1, 2):  # later passes neither DM Sam again nor announce again
        jobs.tick(start + timedelta(minutes=minutes))
    assert council.slack.calls == []

    jobs.tick(start + timedelta(days=2, minutes=1))  # the reminders are due
    assert sorted(_dms(council.slack)) == sorted(COUNCIL)
    tried = [c for c in council.slack.calls if c.method == "chat.postEphemeral"]
    assert [(c.params["channel"], c.status) for c in tried] == [(SHARED[0], 400), (SHARED[1], 200)]
    [ephemeral] = council.slack.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == OUTSIDER
    assert _buttons(ephemeral) == [(Action.HUB_PULSE.value, "Answer the pulse")]
    assert "just for you" in ephemeral.params["text"]
    council.slack.reset()
    jobs.tick(start + timedelta(days=2, minutes=2))
    jobs.remind(now=start + timedelta(days=2, minutes=3), by="UADMIN001")
    assert council.slack.calls_to("chat.postEphemeral") == [] == _dms(council.slack)

    view = _press_in_channel(council, OUTSIDER, SHARED[1])  # the announcement's button
    assert view["callback_id"] == Callback.PULSE_OVERALL
    _answer_as_provider(council, OUTSIDER, view, "2")
    view = _press_in_channel(council, PROVIDER, SHARED[0])
    _answer_as_provider(council, PROVIDER, view, "4")
    with council.sessions.begin() as session:
        answered = set(
            session.scalars(
                select(Person.slack_user_id).join(
                    PulseResponse, PulseResponse.person_id == Person.id
                )
            )
        )
    assert answered == {OUTSIDER, PROVIDER}

    jobs.tick(start + timedelta(days=5, minutes=1))  # closes the round
    with council.sessions.begin() as session:
        report = round_report(session=session, round_id=round_id, min_group=5)
    assert report.invited == {Side.PROVIDER: 2, Side.OFFICER: 3}
    assert report.responded == {Side.PROVIDER: 2, Side.OFFICER: 0}
    assert report.response_rate() == pytest.approx(2 / 5)

    monkeypatch.setenv("RELBOT_DATABASE_URL", council.settings.database_url)
    assert main(["report"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "responses 2 of 5 (40%)" in said
    after = (start + timedelta(days=14)).isocalendar()  # the digest of a week after it closed
    week = f"{after.year}-W{after.week:02d}"
    assert main(["digest", "--dry-run", "--week", week, "--out", str(operator / "digest")]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "2 of 5 answered (40%)" in said


def test_repeated_ticks_and_two_processes_announce_once_per_channel(outsider: Harness) -> None:
    council = outsider
    council.slack.answer_delay = 0.05
    start = datetime.now(UTC)
    first, second = _jobs(council), _jobs(council)
    first.open(now=start, slot="manual:twice", by="UADMIN001")
    council.slack.reset()
    with council.sessions.begin() as session:  # as if it had crashed before announcing
        session.execute(PulseAnnouncement.__table__.delete())
    errors: list[BaseException] = []

    def run(job: PulseJobs, minutes: int) -> None:
        try:
            job.tick(start + timedelta(minutes=minutes))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(job, minutes))
        for job, minutes in ((first, 1), (second, 1), (first, 2), (second, 2))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(_posted_in(council.slack)) == sorted(CHANNELS)
    assert _dms(council.slack) == []  # nor any DM twice
    assert _announcements(council) == dict.fromkeys(CHANNELS, "sent")

    council.slack.reset()  # a channel listed while the round is open: told on the next tick
    listed = council.settings.model_copy(update={"provider_channels": (*SHARED, "C0PROVC01")})
    later = PulseJobs(listed, council.sessions, make_web_client(listed))
    later.tick(start + timedelta(minutes=3))
    later.tick(start + timedelta(minutes=4))
    assert _posted_in(council.slack) == ["C0PROVC01"]


def test_an_announcement_slack_may_have_posted_is_never_posted_again(outsider: Harness) -> None:
    council, jobs = outsider, _jobs(outsider)
    start = datetime.now(UTC)
    council.slack.fail("chat.postMessage", error="internal_error")  # the first announcement
    jobs.open(now=start, slot="manual:unclear", by="UADMIN001")
    assert _posted_in(council.slack) == CHANNELS[1:]
    council.slack.reset()
    jobs.tick(start + timedelta(minutes=1))
    jobs.tick(start + timedelta(minutes=2))
    assert _posted_in(council.slack) == []
    assert _announcements(council) == {SHARED[0]: "sending", SHARED[1]: "sent", VOICE: "sent"}


def test_an_announcement_slack_was_too_busy_for_is_posted_on_the_next_tick(
    outsider: Harness,
) -> None:
    council, jobs = outsider, _jobs(outsider)
    start = datetime.now(UTC)
    council.slack.refuse("chat.postMessage", "service_unavailable")  # the first announcement
    jobs.open(now=start, slot="manual:busy", by="UADMIN001")
    assert _posted_in(council.slack) == CHANNELS[1:]
    assert _announcements(council)[SHARED[0]] == "pending"
    council.slack.reset()
    jobs.tick(start + timedelta(minutes=1))
    jobs.tick(start + timedelta(minutes=2))
    assert _posted_in(council.slack) == [SHARED[0]]
    assert _announcements(council) == dict.fromkeys(CHANNELS, "sent")


def test_a_channel_reminder_is_retried_when_slack_is_busy_and_never_when_unclear(
    outsider: Harness,
) -> None:
    council, jobs = outsider, _jobs(outsider)
    with council.sessions.begin() as session:
        session.add(Person(slack_user_id="UEXTP0002", name="Ali Oak", side=Side.PROVIDER))
    council.slack.connect.external("UEXTP0002", OAK_TEAM, "Ali Oak")
    council.slack.connect.join(SHARED[1], "UEXTP0002")
    start = datetime.now(UTC)
    jobs.open(now=start, slot="manual:remind", by="UADMIN001")
    council.slack.reset()
    council.slack.drop("chat.postEphemeral")  # Sam's, cut off: it may have been shown
    council.slack.refuse("chat.postEphemeral", "service_unavailable")  # Ali's: Slack busy
    jobs.tick(start + timedelta(days=2, minutes=1))
    tried = [c for c in council.slack.calls if c.method == "chat.postEphemeral"]
    assert [(c.params["user"], c.params["channel"], c.status) for c in tried] == [
        (OUTSIDER, SHARED[0], 0),  # no answer: never tried again
        ("UEXTP0002", SHARED[0], 400),  # user_not_in_channel: the next channel
        ("UEXTP0002", SHARED[1], 400),  # service_unavailable: back in line
        ("UEXTP0002", SHARED[0], 400),  # the tick's pass over what is waiting
        ("UEXTP0002", SHARED[1], 200),
    ]
    council.slack.reset()
    jobs.tick(start + timedelta(days=2, minutes=2))
    jobs.tick(start + timedelta(days=2, minutes=3))
    assert council.slack.calls == []
    with council.sessions.begin() as session:
        rows = dict(
            session.execute(
                select(Person.slack_user_id, PulseInvitation.reminder_status)
                .join(Person, Person.id == PulseInvitation.person_id)
                .where(PulseInvitation.via_channels)
            ).all()
        )
    assert rows == {OUTSIDER: DeliveryStatus.FAILED, "UEXTP0002": DeliveryStatus.SENT}


def test_someone_answering_a_round_opened_before_they_joined_counts_as_invited(
    outsider: Harness,
) -> None:
    council, jobs = outsider, _jobs(outsider)
    start = datetime.now(UTC) - timedelta(minutes=1)
    round_id, _ = jobs.open(now=start, slot="manual:late", by="UADMIN001")
    with council.sessions.begin() as session:  # in the directory since the round opened
        session.add(Person(slack_user_id="UEXTP0003", name="Kim Elm", side=Side.PROVIDER))
    council.slack.connect.external("UEXTP0003", "T0ELMCARE", "Kim Elm")
    council.slack.connect.join(SHARED[1], "UEXTP0003")
    view = _press_in_channel(council, "UEXTP0003", SHARED[1])
    _answer_as_provider(council, "UEXTP0003", view, "3")
    view = _press_in_channel(council, "UEXTP0003", SHARED[1])  # changing the answer
    _answer_as_provider(council, "UEXTP0003", view, "4")
    council.slack.reset()
    jobs.tick(start + timedelta(days=2, minutes=1))  # no reminder for them: they answered
    reminded = [c.params.get("user") for c in council.slack.calls_to("chat.postEphemeral")]
    assert reminded == [OUTSIDER]
    assert "UEXTP0003" not in _dms(council.slack)
    jobs.tick(start + timedelta(days=5, minutes=1))
    with council.sessions.begin() as session:
        report = round_report(session=session, round_id=round_id, min_group=5)
    assert report.invited == {Side.PROVIDER: 3, Side.OFFICER: 3}
    assert report.responded == {Side.PROVIDER: 1, Side.OFFICER: 0}


def test_relbot_pulse_open_says_whom_the_channels_reach_instead(
    outsider: Harness,
    operator: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    council = outsider
    token = council.settings.slack_bot_token
    assert token is not None
    monkeypatch.setenv("SLACK_BOT_TOKEN", token.get_secret_value())
    monkeypatch.setenv("SLACK_API_URL", council.settings.slack_api_url)
    monkeypatch.setenv("RELBOT_DATABASE_URL", council.settings.database_url)
    monkeypatch.setenv("RELBOT_PROVIDER_CHANNELS", ",".join(SHARED))
    assert main(["pulse", "open"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert ": 4 DMs sent, 0 failed. Slack refused a DM to 1 person: the provider channels " in said
    assert _posted_in(council.slack) == list(SHARED)


def test_a_reminder_dm_slack_refuses_becomes_a_reminder_in_a_channel(council: Harness) -> None:
    # Sam's organisation restricts DMs only after the invitation reached them.
    with council.sessions.begin() as session:
        session.add(Person(slack_user_id=OUTSIDER, name="Sam Oak", side=Side.PROVIDER))
    council.slack.connect.external(OUTSIDER, OAK_TEAM, "Sam Oak")
    council.slack.connect.join(SHARED[0], BOT_USER_ID)
    council.slack.connect.join(SHARED[1], BOT_USER_ID, OUTSIDER)
    jobs = _jobs(council)
    start = datetime.now(UTC)
    _, sent = jobs.open(now=start, slot="manual:later", by="UADMIN001")
    assert (sent.sent, sent.via_channels) == (5, 0)
    council.slack.connect.restrict_dms(OAK_TEAM, "cannot_dm_bot")
    council.slack.reset()
    claimed, reminded = jobs.remind(now=start + timedelta(days=2), by="UADMIN001")
    assert (claimed, reminded.sent, reminded.via_channels) == (5, 5, 1)
    assert sorted(_dms(council.slack)) == sorted(COUNCIL)
    [ephemeral] = council.slack.calls_to("chat.postEphemeral")
    assert (ephemeral.params["channel"], ephemeral.params["user"]) == (SHARED[1], OUTSIDER)
    with council.sessions.begin() as session:
        row = session.execute(
            select(PulseInvitation.via_channels, PulseInvitation.reminder_status)
            .join(Person, Person.id == PulseInvitation.person_id)
            .where(Person.slack_user_id == OUTSIDER)
        ).one()
    assert tuple(row) == (True, DeliveryStatus.SENT)


def test_a_refusal_that_is_relbots_to_mend_does_not_send_people_to_the_channels(
    council: Harness,
) -> None:
    # A scope the app lacks is no reason to stop DMing anyone: the DMs fail, and stay DMs.
    council.slack.refuse("chat.postMessage", "missing_scope", times=100)
    _, sent = _jobs(council).open(now=datetime.now(UTC), slot="manual:scope", by="UADMIN001")
    assert sent.via_channels == 0 and sent.failed == len(COUNCIL)
    with council.sessions.begin() as session:
        assert not any(session.scalars(select(PulseInvitation.via_channels)))
