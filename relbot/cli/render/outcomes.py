"""Done actions beside what came of them, as a terminal table and as export rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console
from rich.table import Table

from relbot.cli.render.pulse import SUPPRESSED, show
from relbot.domain.actions_outcomes import ActionOutcome, FollowUpResult, Shift
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
    change = shift.change
    moved = f" {change:+.2f}" if change is not None else ""
    return f"{show(shift.before)}→{show(shift.after)}{moved}"


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
