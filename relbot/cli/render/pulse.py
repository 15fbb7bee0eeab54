"""`relbot report`: a pulse round's analysis and the trend as terminal tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.domain.pulse.questions import TITLES
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side, label
from relbot.models.pulse import Dimension

# Column heads of the segment tables, where eight full titles beside the index do not fit.
SHORT = {
    Dimension.TRUST: "Trust",
    Dimension.INFORMATION_SHARING: "Info",
    Dimension.INCLUSION: "Incl",
    Dimension.STRATEGIC_CLARITY: "Strat",
    Dimension.RESPONSIVENESS: "Resp",
    Dimension.MANAGING_CONFLICTS: "Confl",
    Dimension.ROLES: "Roles",
    Dimension.INTEGRATED_WORKING: "Integ",
}
SUPPRESSED = "(s)"


def show(cell: Cell) -> str:
    """A cell as text: the figure (with * when from a small sample), or why it is hidden."""
    if cell.suppressed:
        return SUPPRESSED
    if cell.value is None:
        return "—"
    return f"{cell.value:.2f}" + ("" if cell.reliable else "*")


def print_report(out: Console, round_id: int, report: RoundReport, trend: list[TrendPoint]) -> None:
    """The round report as tables."""
    rate = report.response_rate()
    out.rule(f"[bold]Pulse round {round_id}")
    out.print(
        f"Health index {show(report.overall.index)}"
        + (f" ({report.change.words()} since the round before)" if report.change else "")
        + f" · responses {sum(report.responded.values())} of "
        f"{sum(report.invited.values())}" + (f" ({rate:.0%})" if rate is not None else "")
    )
    out.print(
        f"(s) = suppressed: fewer than {report.min_group} respondents, or hidden so that such "
        f"a group cannot be worked out from a total. * = fewer than {2 * report.min_group} "
        "respondents: read with care."
    )
    table = Table(title="Dimensions: providers and officers side by side")
    for column in ("Dimension", "Providers", "Officers", "Gap", "All"):
        table.add_column(column, justify="left" if column == "Dimension" else "right")
    for d in Dimension:
        gap = report.gaps[d]
        table.add_row(
            TITLES[d],
            show(report.by_side[Side.PROVIDER].dimensions[d]),
            show(report.by_side[Side.OFFICER].dimensions[d]),
            f"{gap:+.2f}" if gap is not None else "—",
            show(report.overall.dimensions[d]),
        )
    out.print(table)
    for (side, segment), groups in report.segments.items():
        seg = Table(title=f"{label(side)}s by {label(segment).lower()}")
        seg.add_column(label(segment), no_wrap=True, max_width=22)
        seg.add_column("Index", justify="right")
        for d in Dimension:
            seg.add_column(SHORT[d], justify="right")
        for group, measure in groups.items():
            seg.add_row(
                label(group), show(measure.index), *(show(measure.dimensions[d]) for d in Dimension)
            )
        out.print(seg)
    if report.departments:
        deps = Table(title="Departments, as providers rated them")
        for column in ("Department", "Raters", "Index", "No-contact answers"):
            deps.add_column(column)
        for name, figures in report.departments.items():
            counts = [c for c in figures.no_contact.values() if c is not None]
            deps.add_row(
                name,
                str(figures.raters)
                if figures.raters >= report.min_group
                else f"< {report.min_group}",
                show(figures.measure.index),
                str(sum(counts)) if counts else SUPPRESSED,
            )
        out.print(deps)
    if trend:
        history = Table(title="Trend")
        for column in ("Round", "Opened", "Responses", "Index", "Providers", "Officers"):
            history.add_column(column)
        for point in trend:
            history.add_row(
                str(point.round_id),
                f"{point.opened_at:%Y-%m-%d}",
                f"{point.responded}/{point.invited}",
                show(point.overall),
                show(point.by_side[Side.PROVIDER]),
                show(point.by_side[Side.OFFICER]),
            )
        out.print(history)
