"""Did it make a difference? A done action asked about in the first round opened after the
follow-up days, of providers only and once, answered through the modal as Slack posts it,
and the report's result: suppressed below the minimum group, with the dimension's change."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from relbot.cli import main
from relbot.domain.actions import Answer, create_action, update_action
from relbot.domain.actions_outcomes import action_outcomes
from relbot.domain.pulse.answers import AnswerError
from relbot.domain.pulse.follow_ups import save_follow_ups
from relbot.jobs.pulse import PulseJobs
from relbot.models import Person, PulseFollowUp, PulseFollowUpAnswer, PulseRound, TargetKind
from relbot.models.actions import ActionStatus
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.actions.council import ADMIN_EDITOR
from tests.directory_data import OFFICER, PROVIDER
from tests.pulse.modal import radio_state

PEERS = [f"UPEER000{n}" for n in range(1, 6)]
PROVIDERS = [PROVIDER, *PEERS]
OFFICERS = [OFFICER, "UOFFI0002", "UOFFI0003", "UOFFI0004", "UOFFI0005"]
T0 = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def providers(council: Harness) -> Harness:
    """The small council with five more providers and two more officers: six providers
    and five officers, each side enough to be shown beside the other."""
    with council.sessions.begin() as session:
        session.add_all(
            Person(slack_user_id=sid, name=f"Peer Provider {sid[-1]}", side=Side.PROVIDER)
            for sid in PEERS
        )
        session.add_all(
            Person(slack_user_id=sid, name=f"Officer {sid[-1]}", side=Side.OFFICER)
            for sid in OFFICERS[3:]
        )
    return council


def _action(harness: Harness, title: str, answers: Answer, done: datetime) -> int:
    """An action started just after round 1 closed, and done at `done`."""
    started = T0 + timedelta(minutes=5)
    with harness.sessions.begin() as session:
        action = create_action(
            session=session,
            editor=ADMIN_EDITOR,
            title=title,
            owner=OFFICER,
            due=(T0 + timedelta(days=90)).date(),
            answers=[answers],
            today=started.date(),
            now=started,
        )
        for status, at in ((ActionStatus.IN_PROGRESS, started), (ActionStatus.DONE, done)):
            update_action(
                session=session, editor=ADMIN_EDITOR, action_id=action.id, status=status, now=at
            )
        return action.id


def _modal(harness: Harness, user_id: str) -> dict[str, Any]:
    harness.slack.reset()
    reply = harness.interact(
        block_action(user_id=user_id, action_id="open_pulse", trigger_id=f"trig-{user_id}")
    )
    assert reply.status == 200
    view: dict[str, Any] = harness.slack.wait_for("views.open")[0].params["view"]
    harness.settle()
    return view


def _answer(harness: Harness, user_id: str, trust: str, **follow_ups: str) -> dict[str, Any]:
    """Open the modal, answer every dimension 3 (trust as given) and the follow-ups given by
    block id; return the modal as it was shown."""
    view = _modal(harness, user_id)
    choices = {d.value: "3" for d in Dimension} | {"trust": trust} | follow_ups
    reply = harness.interact(
        view_submission(user_id=user_id, view=view, values=radio_state(view, choices))
    )
    assert reply.status == 200
    if reply.body:
        assert reply.json()["response_action"] == "update", reply.json()
    harness.settle()
    return view


def _follow_up_blocks(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("follow_up:")]


def _report(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str) -> str:
    monkeypatch.setenv("RELBOT_DATABASE_URL", url)
    assert main(["report"]) == 0
    return " ".join(capsys.readouterr().out.split())


def test_a_done_action_is_asked_about_once_and_its_result_reported(
    providers: Harness,
    jobs: PulseJobs,
    operator: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    harness = providers
    # Round 1: the trust everyone reports before anything was done.
    jobs.open(now=T0, slot="manual:1", by="UADMIN001")
    for sid in PROVIDERS:
        assert _follow_up_blocks(_answer(harness, sid, trust="2")) == []
    for sid in OFFICERS:
        _answer(harness, sid, trust="2")
    jobs.close(now=T0 + timedelta(minutes=1), by="UADMIN001")

    finance = Answer(TargetKind.DEPARTMENT, "Finance")
    late = _action(harness, "Monthly finance surgery", finance, T0 + timedelta(days=30))
    trust = Answer(TargetKind.DIMENSION, "trust")
    early = _action(harness, "Publish the fee uplift timetable", trust, T0 + timedelta(days=5))

    # Round 2 opens 40 days on: 35 days after the first was done, 10 after the second.
    round2, _ = jobs.open(now=T0 + timedelta(days=40), slot="manual:2", by="UADMIN001")
    with harness.sessions.begin() as session:
        asked = session.execute(select(PulseFollowUp.round_id, PulseFollowUp.action_id)).all()
        assert asked == [(round2, early)]
    [block] = _follow_up_blocks(_modal(harness, PROVIDER))
    assert block["label"]["text"] == (
        "Since the council did “Publish the fee uplift timetable”, has trust got better?"
    )
    assert [o["text"]["text"] for o in block["element"]["options"]] == [
        "4 · much better",
        "3 · a little better",
        "2 · a little worse",
        "1 · much worse",
        "Not noticed",
    ]
    # Officers are never asked.
    assert _follow_up_blocks(_answer(harness, OFFICER, trust="2")) == []
    # A provider who skips it is asked to choose, and nothing about it is kept.
    view = _modal(harness, PROVIDER)
    choices = {d.value: "3" for d in Dimension}
    skipped = harness.interact(
        view_submission(user_id=PROVIDER, view=view, values=radio_state(view, choices))
    ).json()
    assert skipped == {
        "response_action": "errors",
        "errors": {block["block_id"]: "Please choose one."},
    }
    # Six providers answer: four say better (4, 4, 3, 3), two have not noticed. Priya then
    # changes her mind from "not noticed" to 4: her answer is replaced, not doubled.
    given = ["0", "4", "4", "3", "3", "0"]
    for sid, score in zip(PROVIDERS, given, strict=True):
        _answer(harness, sid, trust="3", **{block["block_id"]: score})
    shown = _answer(harness, PROVIDER, trust="3", **{block["block_id"]: "4"})
    assert _follow_up_blocks(shown)[0]["element"]["initial_option"]["value"] == "0"
    with harness.sessions.begin() as session:
        scores = sorted(session.scalars(select(PulseFollowUpAnswer.score)))
        assert scores == [0, 3, 3, 4, 4, 4]
        # An officer cannot answer it by any route.
        olu = session.scalars(select(Person).where(Person.slack_user_id == OFFICER)).one()
        with pytest.raises(AnswerError, match="Only providers"):
            save_follow_ups(
                session=session,
                round_id=round2,
                person=olu,
                now=datetime.now(UTC),
                scores={int(block["block_id"].split(":")[1]): 4},
            )
    for sid in OFFICERS[1:]:
        _answer(harness, sid, trust="2")
    # While the round is open the report shows no figure for it.
    with harness.sessions.begin() as session:
        [pending] = [
            o for o in action_outcomes(session=session, min_group=5) if o.action_id == early
        ]
        assert pending.follow_up is not None and not pending.follow_up.closed
        assert pending.follow_up.mean is None
    jobs.close(now=T0 + timedelta(days=45), by="UADMIN001")

    # Round 3 asks about the second action only: the first was asked about once, ever.
    round3, _ = jobs.open(now=T0 + timedelta(days=70), slot="manual:3", by="UADMIN001")
    [second] = _follow_up_blocks(_modal(harness, PEERS[0]))
    assert second["label"]["text"] == (
        "Since the council did “Monthly finance surgery”, has working with Finance got better?"
    )
    # Only three providers answer it this time: too few to show.
    for sid in PEERS[:3]:
        _answer(harness, sid, trust="3", **{second["block_id"]: "4"})
    jobs.close(now=T0 + timedelta(days=75), by="UADMIN001")
    with harness.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(PulseFollowUp)) == 2
        assert session.scalar(select(func.max(PulseRound.id))) == round3

        outcomes = {o.action_id: o for o in action_outcomes(session=session, min_group=5)}
    first = outcomes[early]
    assert first.follow_up is not None
    assert (first.follow_up.round_id, first.follow_up.answered) == (round2, 6)
    assert first.follow_up.mean == pytest.approx((4 + 4 + 4 + 3 + 3) / 5)
    assert first.follow_up.not_noticed == pytest.approx(1 / 6)
    assert first.change is not None and first.change.dimension is Dimension.TRUST
    assert (first.change.before_round, first.change.latest_round) == (1, round3)
    # Trust moved from 2 for everyone in round 1 to round 3, where only three providers
    # answered: too few for providers, and so too few for the whole to be shown beside them.
    assert first.change.providers is not None and first.change.providers.change is None
    second_outcome = outcomes[late]
    assert second_outcome.change is None and second_outcome.subject == "working with Finance"
    assert second_outcome.follow_up is not None and second_outcome.follow_up.suppressed
    assert second_outcome.follow_up.mean is None and second_outcome.follow_up.answered is None

    url = harness.settings.database_url
    said = _report(monkeypatch, capsys, url)
    assert "Did it make a difference? Done actions" in said
    # Round 3, the latest: its providers too few for trust to be shown there.
    assert "│ 6 │ 3.60 │ 17% │ Trust │ 1 → 3 │ 2.00→(s) │ 2.00*→(s) │" in said
    assert "│ │ fewer than 5 answers │ │ working with Finance │ │ — │ — │" in said
    # The change, read as of round 2: both rounds had enough answers.
    monkeypatch.setenv("RELBOT_DATABASE_URL", url)
    assert main(["report", "--round", str(round2)]) == 0
    printed = capsys.readouterr().out
    said = " ".join(printed.split())
    # Everyone (eleven answers each time), then providers (six, fewer than ten: a star).
    # Each change read by the one rule for change: beyond its noise, so a rise.
    assert "│ Trust │ 1 → 2 │ 2.00→2.55 +0.55 rose │ 2.00*→3.00* +1.00 rose │" in said
    assert main(["export", "--round", str(round2)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    mine = {r["measure"] + "/" + r["side"]: r for r in rows if r["breakdown"] == "action"}
    assert mine["follow_up_mean/provider"]["value"] == "3.6000"
    assert mine["follow_up_mean/provider"]["respondents"] == "6"
    assert mine["follow_up_not_noticed/provider"]["value"] == "0.1667"
    assert mine["change:trust/provider"]["value"] == "1.0000"
    # The second action was asked in round 3, after the round the export shows.
    assert not any(r["group"].startswith(f"{late}:") for r in rows if r["breakdown"] == "action")
