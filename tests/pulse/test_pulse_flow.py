"""A pulse round end to end: DMs, the modal as Slack posts it, reminders, crashes, 429s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from relbot.domain.pulse.outbox import DmKind
from relbot.domain.pulse.report import round_report
from relbot.domain.pulse.rounds import RoundOpenError
from relbot.jobs.pulse import PulseJobs
from relbot.models import Person, PulseAnswer, PulseDepartmentAnswer, PulseInvitation, PulseResponse
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus, Dimension
from relbot.slack.pulse.delivery import deliver
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.directory_data import OFFICER, PROVIDER
from tests.pulse.modal import radio_state
from tests.slack.blocktext import block_text

EVERYONE = {PROVIDER, OFFICER, "UOFFI0002", "UOFFI0003"}


def _open(jobs: PulseJobs, slot: str = "manual:1") -> int:
    round_id, report = jobs.open(now=datetime.now(UTC), slot=slot, by="UADMIN001")
    assert report.sent == len(EVERYONE)
    return round_id


def _open_modal(council: Harness, user_id: str) -> dict[str, Any]:
    council.slack.reset()
    reply = council.interact(
        block_action(user_id=user_id, action_id="open_pulse", trigger_id=f"trig-{user_id}")
    )
    assert reply.status == 200
    view: dict[str, Any] = council.slack.wait_for("views.open")[0].params["view"]
    council.slack.reset()
    return view


def _all(score: str, prefix: str = "") -> dict[str, str]:
    return {f"{prefix}{d.value}": score for d in Dimension}


def test_open_sends_one_dm_to_each_active_person_and_no_one_else(
    council: Harness, jobs: PulseJobs
) -> None:
    with council.sessions.begin() as session:
        session.add(
            Person(slack_user_id="UGONE0001", name="Left Already", side=Side.OFFICER, active=False)
        )
    _open(jobs)
    posts = council.slack.calls_to("chat.postMessage")
    assert sorted(c.params["channel"] for c in posts) == sorted(EVERYONE)
    first = posts[0].params
    assert "It's pulse survey time" in first["text"]
    assert [
        e["action_id"] for b in first["blocks"] if b["type"] == "actions" for e in b["elements"]
    ] == ["open_pulse"]
    assert "groups of 5 or more" in block_text(first["blocks"])


def test_a_second_open_is_refused_and_sends_nothing(council: Harness, jobs: PulseJobs) -> None:
    _open(jobs)
    council.slack.reset()
    with pytest.raises(RoundOpenError, match="already open"):
        jobs.open(now=datetime.now(UTC), slot="manual:2", by="UADMIN001")
    assert council.slack.calls == []


def test_an_officer_answers_through_the_modal(council: Harness, jobs: PulseJobs) -> None:
    round_id = _open(jobs)
    view = _open_modal(council, OFFICER)
    assert view["callback_id"] == "pulse_overall" and view["submit"]["text"] == "Submit"
    assert "care providers" in block_text(view["blocks"])
    choices = {**_all("3"), "trust": "1", "responsiveness": "0", "comment": "More <!channel>"}
    reply = council.interact(
        view_submission(user_id=OFFICER, view=view, values=radio_state(view, choices))
    )
    assert (reply.status, reply.body) == (200, b"")
    with council.sessions.begin() as session:
        response = session.scalars(select(PulseResponse)).one()
        assert (response.round_id, response.side, response.comment) == (
            round_id,
            Side.OFFICER,
            "More <!channel>",
        )
        scores = {a.dimension: a.score for a in session.scalars(select(PulseAnswer))}
        assert scores[Dimension.TRUST] == 1 and scores[Dimension.RESPONSIVENESS] == 0
        assert scores[Dimension.ROLES] == 3
    [update] = council.slack.wait_for("chat.update")
    # The invitation's DM, by the id Slack answered its post with.
    dm = "D" + OFFICER.lstrip("U")
    assert update.params["channel"] == dm and "your answer is in" in update.params["text"]
    council.slack.wait_for("views.publish")


def test_a_provider_rates_the_council_then_departments(council: Harness, jobs: PulseJobs) -> None:
    _open(jobs)
    view = _open_modal(council, PROVIDER)
    assert view["submit"]["text"] == "Next"
    step2 = council.interact(
        view_submission(user_id=PROVIDER, view=view, values=radio_state(view, _all("2")))
    ).json()
    assert step2["response_action"] == "update"
    chooser = step2["view"]
    assert chooser["callback_id"] == "pulse_departments"
    options = {o["text"]["text"]: o["value"] for o in chooser["blocks"][1]["element"]["options"]}
    assert list(options) == ["Finance", "Safeguarding", "Sourcing and Placements"]
    wanted = f"{options['Finance']},{options['Safeguarding']}"
    step3 = council.interact(
        view_submission(
            user_id=PROVIDER, view=chooser, values=radio_state(chooser, {"departments": wanted})
        )
    )
    ratings = step3.json()["view"]
    assert ratings["callback_id"] == "pulse_department_ratings"
    headers = [b["text"]["text"] for b in ratings["blocks"] if b["type"] == "header"]
    assert headers == ["Finance", "Safeguarding"]
    choices = {**_all("4", f"{options['Finance']}:"), **_all("1", f"{options['Safeguarding']}:")}
    done = council.interact(
        view_submission(user_id=PROVIDER, view=ratings, values=radio_state(ratings, choices))
    )
    assert (done.status, done.body) == (200, b"")
    with council.sessions.begin() as session:
        rated = session.execute(
            select(
                PulseDepartmentAnswer.department_id, func.sum(PulseDepartmentAnswer.score)
            ).group_by(PulseDepartmentAnswer.department_id)
        ).all()
        assert sorted(total for _, total in rated) == [8, 32]
    council.slack.wait_for("chat.update")


def test_missing_answers_are_shown_in_the_modal(council: Harness, jobs: PulseJobs) -> None:
    _open(jobs)
    view = _open_modal(council, OFFICER)
    choices = _all("3")
    del choices["trust"]
    reply = council.interact(
        view_submission(user_id=OFFICER, view=view, values=radio_state(view, choices))
    )
    assert reply.json() == {"response_action": "errors", "errors": {"trust": "Please choose one."}}


def test_answers_can_be_changed_while_open_and_are_kept_once(
    council: Harness, jobs: PulseJobs
) -> None:
    _open(jobs)
    view = _open_modal(council, OFFICER)
    council.interact(
        view_submission(user_id=OFFICER, view=view, values=radio_state(view, _all("2")))
    )
    again = _open_modal(council, OFFICER)
    trust = next(b for b in again["blocks"] if b.get("block_id") == "trust")
    assert trust["element"]["initial_option"]["value"] == "2"
    council.interact(
        view_submission(user_id=OFFICER, view=again, values=radio_state(again, {"trust": "4"}))
    )
    with council.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(PulseResponse)) == 1
        scores = sorted(session.scalars(select(PulseAnswer.score)))
        assert scores == [2] * 7 + [4]


def test_after_close_answers_cannot_change(council: Harness, jobs: PulseJobs) -> None:
    _open(jobs)
    view = _open_modal(council, OFFICER)
    jobs.close(now=datetime.now(UTC), by="UADMIN001")
    reply = council.interact(
        view_submission(user_id=OFFICER, view=view, values=radio_state(view, _all("3")))
    )
    assert "closed" in reply.json()["errors"]["comment"]
    council.command("pulse", user_id=OFFICER)
    [said] = council.slack.wait_for("response_url")
    assert "No pulse survey is open" in said.params["text"]


def test_remind_reaches_only_non_responders_once(council: Harness, jobs: PulseJobs) -> None:
    _open(jobs)
    view = _open_modal(council, OFFICER)
    council.interact(
        view_submission(user_id=OFFICER, view=view, values=radio_state(view, _all("3")))
    )
    council.slack.wait_for("chat.update")
    council.slack.reset()
    claimed, report = jobs.remind(now=datetime.now(UTC), by="UADMIN001")
    assert (claimed, report.sent) == (3, 3)
    posts = council.slack.calls_to("chat.postMessage")
    assert sorted(c.params["channel"] for c in posts) == sorted(EVERYONE - {OFFICER})
    assert all("reminder" in c.params["text"] for c in posts)
    council.slack.reset()
    assert jobs.remind(now=datetime.now(UTC), by="UADMIN001")[0] == 0
    assert council.slack.calls_to("chat.postMessage") == []


def test_rate_limits_during_fan_out_lose_and_double_nothing(
    council: Harness, jobs: PulseJobs
) -> None:
    council.slack.throttle("chat.postMessage", times=3, retry_after=0)
    _open(jobs)
    posts = council.slack.calls_to("chat.postMessage")
    assert sorted(c.params["channel"] for c in posts) == sorted(EVERYONE)
    assert len([c for c in council.slack.calls if c.status == 429]) == 3


class CrashAfter(WebClient):
    """A client whose process dies right after Slack accepted its n-th message."""

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left = n

    def chat_postMessage(self, **kwargs: Any) -> Any:  # noqa: N802
        answer = super().chat_postMessage(**kwargs)
        self.left -= 1
        if self.left == 0:
            raise SystemExit("killed")
        return answer


def test_a_crash_half_way_then_a_restart_delivers_the_rest_without_repeats(
    council: Harness, jobs: PulseJobs
) -> None:
    with council.sessions.begin() as session:
        session.add_all(
            Person(
                slack_user_id=f"UMANY{i:04d}",
                name=f"Person {i}",
                side=Side.PROVIDER,
                organisation_id=None,
            )
            for i in range(36)
        )
    crashing = PulseJobs(
        jobs.settings,
        jobs.sessions,
        CrashAfter(
            20,
            token=jobs.settings.slack_bot_token.get_secret_value(),
            base_url=jobs.settings.slack_api_url,
        ),
    )
    with pytest.raises(SystemExit):
        crashing.open(now=datetime.now(UTC), slot="manual:crash", by="UADMIN001")
    assert len(council.slack.calls_to("chat.postMessage")) == 20
    later = datetime.now(UTC) + timedelta(minutes=10)
    report = deliver(
        jobs.sessions,
        jobs.client,
        DmKind.INVITATION,
        zone_name="Europe/London",
        min_group=5,
        now=lambda: later,
    )
    channels = [c.params["channel"] for c in council.slack.calls_to("chat.postMessage")]
    assert len(channels) == len(set(channels)) == 40
    assert (report.sent, report.interrupted) == (20, 1)
    with council.sessions.begin() as session:
        statuses = list(session.scalars(select(PulseInvitation.status)))
        assert statuses.count(DeliveryStatus.SENT) == 39
        assert statuses.count(DeliveryStatus.FAILED) == 1


def test_report_shows_numbers_from_the_answers_and_suppresses_small_cells(
    council: Harness, jobs: PulseJobs
) -> None:
    with council.sessions.begin() as session:
        session.add_all(
            Person(
                slack_user_id=f"UPRV{i:05d}", name=f"Provider {i}", side=Side.PROVIDER, area=None
            )
            for i in range(6)
        )
    round_id = jobs.open(now=datetime.now(UTC), slot="manual:r", by="UADMIN001")[0]
    providers = [f"UPRV{i:05d}" for i in range(6)]
    for index, user_id in enumerate(providers):
        view = _open_modal(council, user_id)
        step2 = council.interact(
            view_submission(
                user_id=user_id, view=view, values=radio_state(view, _all(str(1 + index % 4)))
            )
        )
        chooser = step2.json()["view"]
        council.interact(
            view_submission(user_id=user_id, view=chooser, values=radio_state(chooser, {}))
        )
    view = _open_modal(council, OFFICER)
    council.interact(
        view_submission(user_id=OFFICER, view=view, values=radio_state(view, _all("4")))
    )
    with council.sessions.begin() as session:
        report = round_report(session=session, round_id=round_id, min_group=5)
    # One officer alone is under 5: suppressed, and the provider cell beside the shown total
    # is suppressed with it, so the officer cannot be recovered by subtraction.
    assert report.by_side[Side.OFFICER].index.suppressed
    assert report.by_side[Side.PROVIDER].index.suppressed
    # Providers answered 1,2,3,4,1,2 on every dimension: overall (13 + 4) / 7.
    assert report.overall.index.value == pytest.approx((13 + 4) / 7)
    # Their only area group would add up to the hidden provider figure: it is hidden too.
    by_area = report.segments[(Side.PROVIDER, "area")]
    assert list(by_area) == ["not given"] and by_area["not given"].index.suppressed
    assert by_area["not given"].dimensions[Dimension.TRUST].suppressed
    assert report.responded == {Side.PROVIDER: 6, Side.OFFICER: 1}
    assert report.invited == {Side.PROVIDER: 7, Side.OFFICER: 3}


def test_sustained_429s_are_retried_next_pass_without_looping(
    council: Harness, jobs: PulseJobs
) -> None:
    # More 429s than the client retries: the DM goes back in line, and the pass ends.
    council.slack.throttle("chat.postMessage", times=7, retry_after=0)
    jobs.open(now=datetime.now(UTC), slot="manual:busy", by="UADMIN001")
    assert len(council.slack.calls_to("chat.postMessage")) == 3  # one waits for the next pass
    report = deliver(
        jobs.sessions, jobs.client, DmKind.INVITATION, zone_name="Europe/London", min_group=5
    )
    channels = [c.params["channel"] for c in council.slack.calls_to("chat.postMessage")]
    assert sorted(channels) == sorted(EVERYONE) and report.sent == 1


def test_a_dm_cut_off_mid_call_is_neither_retried_nor_resent(
    council: Harness, jobs: PulseJobs
) -> None:
    council.slack.drop("chat.postMessage", times=1)
    _, report = jobs.open(now=datetime.now(UTC), slot="manual:cut", by="UADMIN001")
    assert (report.sent, report.failed) == (3, 1)
    dropped = [c for c in council.slack.calls if c.method == "chat.postMessage" and c.status == 0]
    assert len(dropped) == 1
    assert jobs.deliver(DmKind.INVITATION).sent == 0  # not sent again on a later pass
    with council.sessions.begin() as session:
        errors = list(
            session.scalars(
                select(PulseInvitation.error).where(PulseInvitation.status == DeliveryStatus.FAILED)
            )
        )
    assert errors == ["interrupted before Slack confirmed delivery"]
