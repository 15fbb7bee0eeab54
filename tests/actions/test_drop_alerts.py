"""A sharp drop between two closed rounds is told once, in the officers' channel and to the
department's decision makers, with a button to open an action for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.pulse.answers import answer_tally
from relbot.jobs.pulse import PulseJobs
from relbot.models import (
    Department,
    DropAlert,
    DropAlertPost,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseResponse,
    PulseRound,
)
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus, Dimension, RoundStatus
from relbot.slack.client import make_web_client
from relbot.slack.ids import Action
from standin.slack_api import SlackStandIn
from tests.actions.slackcalls import action_jobs, button, posts, tick_together
from tests.directory_data import OFFICER, load_council

OFFICERS = "C0OFFICERS"
FIRST = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # Monday 1 March
SECOND = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)  # Monday 15 March
CLOSED = SECOND + timedelta(days=5)
NOW = CLOSED + timedelta(minutes=1)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"officers_channel": OFFICERS})


def _round(
    session: Session,
    opened: datetime,
    trust: list[int],
    finance: list[int] | None = None,
    *,
    closed: bool = True,
) -> None:
    """A closed round (or one still open): one provider per `trust` score, every other
    dimension 3, each rating Finance on every dimension with the matching `finance` score
    (or the trust one)."""
    pulse = PulseRound(
        slot=f"{opened:%Y-%m-%d}",
        question_version=1,
        status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
        open_marker=None if closed else True,
        opened_at=opened,
        closes_at=opened + timedelta(days=5),
        closed_at=opened + timedelta(days=5) if closed else None,
        opened_by="schedule",
    )
    session.add(pulse)
    session.flush()
    department = session.scalars(select(Department).where(Department.name == "Finance")).one()
    for score, rated in zip(trust, finance or trust, strict=True):
        scores = {d: (score if d is Dimension.TRUST else 3) for d in Dimension}
        count, total = answer_tally(scores.values())
        response = PulseResponse(
            round_id=pulse.id, side=Side.PROVIDER, answer_count=count, answer_total=total
        )
        response.answers = [PulseAnswer(dimension=d, score=s) for d, s in scores.items()]
        response.department_answers = [
            PulseDepartmentAnswer(department_id=department.id, dimension=d, score=rated)
            for d in Dimension
        ]
        session.add(response)
    session.flush()


def _council(sessions: SessionFactory, folder: Path, *rounds: tuple[Any, ...]) -> None:
    with sessions.begin() as session:
        load_council(session, folder)
        for opened, *scores in rounds:
            _round(session, opened, *scores)


def test_a_sharp_drop_is_told_once_under_repeated_ticks_and_two_processes(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _council(sessions, tmp_path, (FIRST, [3] * 6), (SECOND, [2, 2, 2, 2, 3, 3], [2] * 6))

    tick_together([action_jobs(settings, sessions), action_jobs(settings, sessions)], NOW)
    for minutes in range(1, 4):
        action_jobs(settings, sessions).tick(NOW + timedelta(minutes=minutes))

    sent = posts(slack)
    assert [(c.params["channel"], c.status) for c in sent] == [
        (OFFICERS, 200),  # trust
        (OFFICERS, 200),  # Finance
        (OFFICER, 200),  # Olu, Finance's decision maker (not Ben; not Sian of Safeguarding)
    ]
    trust, finance, dm = sent
    assert trust.params["text"] == (
        ":chart_with_downwards_trend: *Trust* (providers and officers together) fell by "
        "0.67: from 3.00 in the round of Monday 1 March 2027 to 2.33 in the round of "
        "Monday 15 March 2027 (1 to 4)."
    )
    assert finance.params["text"] == (
        ":chart_with_downwards_trend: *Finance*'s index, as providers rated it, fell by "
        "1.00: from 3.00 in the round of Monday 1 March 2027 to 2.00 in the round of "
        "Monday 15 March 2027 (1 to 4)."
    )
    assert dm.params["text"] == finance.params["text"]
    assert [(button(c)["action_id"], button(c)["value"]) for c in sent] == [
        (Action.ACTION_NEW, "dimension:trust"),
        (Action.ACTION_NEW, "department:Finance"),
        (Action.ACTION_NEW, "department:Finance"),
    ]
    assert button(trust)["text"]["text"] == "Open an action"
    with sessions.begin() as session:
        alerts = session.scalars(select(DropAlert).order_by(DropAlert.id)).all()
        assert [(a.kind.value, a.label, a.before, round(a.after, 2)) for a in alerts] == [
            ("dimension", "Trust", 3.0, 2.33),
            ("department", "Finance", 3.0, 2.0),
        ]
        statuses = session.scalars(select(DropAlertPost.status)).all()
        assert statuses == [DeliveryStatus.SENT] * 3


@pytest.mark.parametrize(
    ("second", "threshold"),
    [
        pytest.param([1, 1, 1, 1], 0.3, id="four respondents, below the minimum group"),
        pytest.param([3] * 7 + [2] * 3, 0.3, id="a fall of exactly the setting"),
        pytest.param([3] * 6 + [2] * 4, 0.5, id="a fall of 0.4 within a setting of 0.5"),
    ],
)
def test_no_alert_below_the_minimum_group_or_within_the_setting(
    settings: Settings,
    sessions: SessionFactory,
    slack: SlackStandIn,
    tmp_path: Path,
    second: list[int],
    threshold: float,
) -> None:
    _council(sessions, tmp_path, (FIRST, [3] * 10), (SECOND, second))
    jobs = action_jobs(settings.model_copy(update={"drop_alert": threshold}), sessions)
    jobs.tick(NOW)
    jobs.tick(NOW + timedelta(minutes=1))
    assert posts(slack) == []
    with sessions.begin() as session:
        assert session.scalars(select(DropAlert)).all() == []


def test_a_lower_setting_tells_of_the_same_fall(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _council(sessions, tmp_path, (FIRST, [3] * 10), (SECOND, [3] * 7 + [2] * 3))
    action_jobs(settings.model_copy(update={"drop_alert": 0.2}), sessions).tick(NOW)
    assert [c.params["channel"] for c in posts(slack)] == [OFFICERS, OFFICERS, OFFICER]
    assert "fell by 0.30: from 3.00" in posts(slack)[0].params["text"]


def test_a_round_closed_long_ago_is_not_told(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _council(sessions, tmp_path, (FIRST, [3] * 6), (SECOND, [1] * 6))
    action_jobs(settings, sessions).tick(CLOSED + timedelta(days=15))
    assert posts(slack) == []


def test_an_unclear_post_is_not_repeated_and_a_busy_slack_is_tried_again(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _council(sessions, tmp_path, (FIRST, [3] * 6), (SECOND, [3] * 6, [1] * 6))
    slack.fail("chat.postMessage", status=500, error="internal_error")  # Slack may have posted
    jobs = action_jobs(settings, sessions)
    jobs.tick(NOW)
    assert [(c.params["channel"], c.status) for c in posts(slack)] == [
        (OFFICERS, 500),
        (OFFICER, 200),
    ]
    slack.reset()
    jobs.tick(NOW + timedelta(minutes=1))
    assert posts(slack) == []
    with sessions.begin() as session:
        rows = session.scalars(select(DropAlertPost).order_by(DropAlertPost.id)).all()
        assert [(r.status, r.error) for r in rows] == [
            (DeliveryStatus.FAILED, "internal_error"),
            (DeliveryStatus.SENT, None),
        ]


def test_a_rate_limited_alert_goes_on_the_next_tick(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _council(sessions, tmp_path, (FIRST, [3] * 6), (SECOND, [1] * 6, [3] * 6))
    slack.refuse("chat.postMessage", "ratelimited")
    jobs = action_jobs(settings, sessions)
    jobs.tick(NOW)
    assert [(c.params["channel"], c.status) for c in posts(slack)] == [(OFFICERS, 400)]
    jobs.tick(NOW + timedelta(minutes=1))
    jobs.tick(NOW + timedelta(minutes=2))
    assert [(c.params["channel"], c.status) for c in posts(slack)] == [
        (OFFICERS, 400),
        (OFFICERS, 200),
    ]
    assert button(posts(slack)[1])["value"] == "dimension:trust"


def test_a_round_is_compared_once_the_schedule_has_closed_it(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
        _round(session, FIRST, [3] * 6)
        _round(session, SECOND, [1] * 6, [3] * 6, closed=False)
    pulse = PulseJobs(settings, sessions, make_web_client(settings))
    loop = action_jobs(settings, sessions)
    for moment in (CLOSED - timedelta(hours=1), CLOSED - timedelta(minutes=1)):
        pulse.tick(moment)
        loop.tick(moment)
    assert posts(slack) == []  # an open round's figures are never compared

    for moment in (CLOSED, CLOSED + timedelta(minutes=1)):  # as the scheduler's tick runs them
        pulse.tick(moment)
        loop.tick(moment)

    assert [(c.params["channel"], button(c)["value"]) for c in posts(slack)] == [
        (OFFICERS, "dimension:trust")
    ]
    assert "from 3.00 in the round of Monday 1 March 2027 to 1.00" in posts(slack)[0].params["text"]


def test_a_fall_within_its_noise_is_not_told_however_large() -> None:
    """Six providers whose trust swings from 3.00 to 2.33 with answers all over the scale:
    larger than the setting, but within its noise, so no drop; the same fall from six who
    all agree is one."""
    from relbot.analysis.pulse import Respondent, analyse_round
    from relbot.domain.pulse.drops import drops_between

    def report(trust: list[int]) -> Any:
        people = [
            Respondent(
                Side.PROVIDER, {}, {d: (t if d is Dimension.TRUST else 3) for d in Dimension}
            )
            for t in trust
        ]
        return analyse_round(people, invited={Side.PROVIDER: 6}, min_group=5)

    noisy = drops_between(report([4, 1, 4, 4, 1, 4]), report([4, 1, 1, 4, 1, 3]), 0.5)
    assert noisy == []
    clear = drops_between(report([3, 3, 3, 3, 3, 3]), report([2, 2, 2, 3, 2, 3]), 0.5)
    assert [(d.key, round(d.before, 2), round(d.after, 2)) for d in clear] == [
        (Dimension.TRUST.value, 3.0, 2.33)
    ]
