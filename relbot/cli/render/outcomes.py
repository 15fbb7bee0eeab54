"""Done actions beside what came of them, as a terminal table and as export rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console
from rich.table import Table

from relbot.analysis.change import change_between
from relbot.cli.render.pulse import SUPPRESSED, show
from relbot.domain.actions_outcomes import ActionOutcome, Against, FollowUpResult, Shift
from relbot.domain.pulse.questions import TITLES


def follow_up_text(result: FollowUpResult | None) -> tuple[str, str, str]:
    """How many answered, their mean 1-4 and the share "not noticed", or why not shown."""
    if result is None:
        return "", "not asked yet", ""
    if not result.closed:
        return "", f"round {result.round_id} still open", ""
    if result.answered is None:
        return "", f"fewer than {result.min_group} answers", ""
    mean = f"{result.mean:.2f}" if result.mean is not None else SUPPRESSED
    share = f"{result.not_noticed:.0%}" if result.not_noticed is not None else ""
    return str(result.answered), mean, share


def shift_text(shift: Shift | None) -> str:
    """Before → latest and the change, each cell as the report shows it."""
    if shift is None:
        return "—"
    moved = change_between(shift.before, shift.after)
    said = ""
    if moved is not None:
        said = f" {moved.value:+.2f} " + (moved.direction.value if moved.real else "within noise")
    return f"{show(shift.before)}→{show(shift.after)}{said}"


def print_outcomes(out: Console, outcomes: Sequence[ActionOutcome]) -> None:
    """Each done action: providers' answer to "has it got better?" (mean of 1 much worse to
    4 much better) and how its dimension moved from the round before it started to the
    latest round."""
    if not outcomes:
        return
    table = Table(title="Did it make a difference? Done actions")
    table.add_column("Action")
    for column in ("Answers", "Better (1-4)", "Not noticed"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Dimension")
    for column in ("Rounds", "All", "Providers"):
        table.add_column(column, no_wrap=True)
    for outcome in outcomes:
        done = f" (done {outcome.closed_at:%Y-%m-%d})" if outcome.closed_at else ""
        change = outcome.change
        rounds = ""
        if change is not None and change.everyone is not None:
            rounds = f"{change.before_round} → {change.latest_round}"
        table.add_row(
            f"{outcome.action_id}. {outcome.title}{done}",
            *follow_up_text(outcome.follow_up),
            TITLES[change.dimension] if change is not None else outcome.subject,
            rounds,
            shift_text(change.everyone) if change is not None else "—",
            shift_text(change.providers) if change is not None else "—",
        )
    out.print(table)
    out.print(
        'Better (1-4): providers\' mean answer to "has it got better?", from 1 much worse '
        "to 4 much better, over those who noticed a change; All and Providers: the dimension "
        "from the last round before the action started to the latest."
    )
    for outcome in outcomes:
        out.print(f"{outcome.action_id}. {outcome_sentence(outcome)}", markup=False)


def outcome_rows(outcomes: Sequence[ActionOutcome]) -> Iterator[dict[str, object]]:
    """The export's rows for done actions: the follow-up's mean and share not noticed (in
    the round that asked), and the dimension's change (in the latest round)."""
    for outcome in outcomes:
        group = f"{outcome.action_id}: {outcome.title}"
        result = outcome.follow_up
        if result is not None and result.closed:
            shown = result.answered is not None
            for measure, value in (
                ("follow_up_mean", result.mean),
                ("follow_up_not_noticed", result.not_noticed),
            ):
                yield {
                    "round": result.round_id,
                    "breakdown": "action",
                    "side": "provider",
                    "group": group,
                    "measure": measure,
                    "respondents": result.answered if shown else "",
                    "value": f"{value:.4f}" if value is not None else "",
                    "suppressed": str(value is None).lower(),
                    "reliable": "true",
                }
        change = outcome.change
        if change is None or change.everyone is None or change.providers is None:
            continue
        for side, shift in (("all", change.everyone), ("provider", change.providers)):
            moved = shift.change
            yield {
                "round": change.latest_round,
                "breakdown": "action",
                "side": side,
                "group": group,
                "measure": f"change:{change.dimension.value}",
                "respondents": "",
                "value": f"{moved:.4f}" if moved is not None else "",
                "suppressed": str(moved is None).lower(),
                "reliable": str(shift.before.reliable and shift.after.reliable).lower(),
            }


def _moved_words(shift: Shift) -> str | None:
    moved = change_between(shift.before, shift.after)
    return moved.words() if moved is not None else None


def _measured(outcome: ActionOutcome) -> tuple[str, Shift | None, Against | None, str] | None:
    """What the pulse measures of what the action answered: its name, its shift, the drift
    it is read against and the rounds compared."""
    if outcome.change is not None:
        change = outcome.change
        name = TITLES[change.dimension]
        own, against = change.everyone, change.against
        rounds = (change.before_round, change.latest_round)
    elif outcome.department is not None:
        department = outcome.department
        name = f"Providers' rating of {department.department}"
        own, against = department.own, department.against
        rounds = (department.before_round, department.latest_round)
    else:
        return None
    return name, own, against, f"rounds {rounds[0]} and {rounds[1]}"


def outcome_sentence(outcome: ActionOutcome) -> str:
    """What came of a done action, good or bad, in plain words: how what it answered moved
    beside what no action answered over the same rounds, and what providers said when
    asked. It reports what moved with what, never that the action caused it."""
    parts = []
    measured = _measured(outcome)
    if measured is None:
        parts.append(f"No pulse question measures {outcome.subject} directly.")
    else:
        name, own, against, rounds = measured
        words = _moved_words(own) if own is not None else None
        if own is None:
            parts.append(f"{name}: no pulse round has closed since it started, to compare.")
        elif words is None:
            parts.append(f"{name}: too few answers in {rounds} to compare.")
        else:
            sentence = f"{name} {words} between {rounds}"
            rest = _moved_words(against.shift) if against is not None else None
            if against is None or rest is None:
                sentence += "; nothing unanswered by an action can be compared with it."
            else:
                sentence += f", while {against.label} {_rest_words(rest)}"
                beyond = against.beyond
                if beyond is None or not beyond.real:
                    sentence += ": no different from the general drift."
                elif beyond.value > 0:
                    sentence += f": better than the general drift by {beyond.figure()}."
                else:
                    sentence += f": worse than the general drift by {beyond.figure()}."
            parts.append(sentence)
    parts.append(_asked(outcome.follow_up))
    return " ".join(parts)


def outcome_verdict(outcome: ActionOutcome) -> str:
    """The outcome in a few words, for a summary that points to the full sentence."""
    measured = _measured(outcome)
    if measured is None:
        return "not measured by the pulse"
    _, own, against, _ = measured
    if own is None or change_between(own.before, own.after) is None:
        return "too early or too few answers to compare"
    beyond = against.beyond if against is not None else None
    if beyond is None:
        return "nothing unanswered to compare it with"
    if not beyond.real:
        return "no different from the general drift"
    return "better than the general drift" if beyond.value > 0 else "worse than the general drift"


def _rest_words(words: str) -> str:
    """ "were about the same", "rose by …": the drift's words after a plural subject."""
    return f"were {words}" if words.startswith("about") else words


def _asked(result: FollowUpResult | None) -> str:
    if result is None:
        return "Providers have not been asked about it yet."
    if not result.closed:
        return f"Providers are being asked about it in the round now open ({result.round_id})."
    if result.answered is None:
        return f"Fewer than {result.min_group} providers answered when asked about it."
    said = f"Asked in round {result.round_id}, {result.answered} providers answered"
    if result.mean is not None:
        said += f": {result.mean:.2f} on average (1 much worse, 4 much better)"
    if result.not_noticed is not None:
        said += f", {result.not_noticed:.0%} had not noticed a change"
    return said + "."
