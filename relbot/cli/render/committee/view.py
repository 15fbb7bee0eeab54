"""The committee report as one figure model, in the order a board reads it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from relbot.analysis.cells import Cell as Score
from relbot.analysis.cells import Tally, partition
from relbot.analysis.change import RULE, Change, change_between
from relbot.analysis.pulse import MERGED, NOT_GIVEN, SENIOR, SMALLER, RoundReport
from relbot.cli.render.committee.charts import dimensions_chart, response_chart, trend_chart
from relbot.cli.render.committee.model import (
    Block,
    Bullets,
    Cell,
    Document,
    Figure,
    Paragraph,
    Section,
    Subheading,
    Table,
    row,
)
from relbot.cli.render.committee.paper import ActionRow, CommitteePaper
from relbot.cli.render.committee.summary import (
    days,
    department_movement,
    direction,
    furthest_from_target,
    key_messages,
    ranked,
    reliability,
    share,
)
from relbot.cli.render.pulse import SHORT, SUPPRESSED, show
from relbot.domain.musthaves.report import SIDES, MustHaveReport
from relbot.domain.pulse.questions import TITLES, questions
from relbot.domain.pulse.report import SegmentRate
from relbot.models.enums import Side, label
from relbot.models.pulse import Dimension

# Each Must Have text once, with how many wrote it; at most this many per category and side.
TEXTS_SHOWN = 8
LANGUAGE = "en-GB"
SIDE_NAMES = {Side.PROVIDER: "Providers", Side.OFFICER: "Officers"}
SEGMENT_TITLES = {
    (Side.PROVIDER, "area"): "Providers by area",
    (Side.PROVIDER, "service_type"): "Providers by service type",
    (Side.PROVIDER, "org_size"): "Providers by organisation size",
    (Side.PROVIDER, "position"): "Providers by position",
    (Side.PROVIDER, "council_share"): "Providers by share of service users the council funds",
    (Side.OFFICER, "area"): "Officers by area covered",
    (Side.OFFICER, "position"): "Officers by seniority",
    (Side.OFFICER, "department"): "Officers by department",
}
GROUP_NAMES = {
    SENIOR: "Senior (head of service or manager)",
    SMALLER: "Smaller groups combined",
    NOT_GIVEN: "Not given",
}
HEAT_FROM = 1.5
# The fill luminance where white and black text have the same contrast (about 4.6:1).
INK_SWITCH = 0.179
SENIORITY = (SENIOR, "head_of_service", "manager", "officer", "practitioner")
NONE_RECORDED = "No actions have been recorded yet."


def group_name(name: str) -> str:
    return GROUP_NAMES.get(name, label(name))


@dataclass(frozen=True)
class Heat:
    text: str
    background: str
    ink: str


def heat(cell: Score) -> Heat:
    """A department's score on a light-to-dark scale that keeps its order in grey."""
    if cell.value is None:
        return Heat(show(cell), "#ffffff", "#222222")
    import matplotlib

    # Scores cluster between 2 and 3.5: the scale starts at 1.5 so they differ visibly. Blues'
    # lightness falls steadily from pale to deep, so a grey print keeps the order.
    part = max(0.0, min(1.0, (cell.value - HEAT_FROM) / (4 - HEAT_FROM)))
    red, green, blue, _ = matplotlib.colormaps["Blues"](0.08 + 0.92 * part)
    colour = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
    # Black or white ink, whichever is further from the fill: at least 4.5:1 either way.
    ink = "#ffffff" if _luminance(red, green, blue) < INK_SWITCH else "#000000"
    return Heat(show(cell), colour, ink)


def _luminance(*channels: float) -> float:
    """Relative luminance as WCAG defines it, for contrast."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def gap(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def favourable(cell: Score) -> str:
    return share(cell.favourable) if cell.value is not None else show(cell)


def moved(change: Change | None) -> str:
    return "—" if change is None else change.words()


def _summary(paper: CommitteePaper) -> Section:
    report = paper.report
    index = report.overall.index
    strongest, weakest = ranked(report)
    blocks: list[Block] = [
        Subheading("Key messages", "h-messages"),
        Bullets(tuple(key_messages(paper)), "messages"),
    ]
    rate = report.response_rate()
    by_side = ", ".join(
        f"{report.responded.get(s, 0)} of {report.invited.get(s, 0)} {s.value}s" for s in Side
    )
    change = (
        f"since round {paper.previous_round}: {report.change.words()}"
        if report.change is not None and paper.previous_round is not None
        else "no earlier round to compare"
    )
    blocks.append(
        Table(
            "headline",
            "The round at a glance",
            ("Measure", "Figure", "Note"),
            (
                row("Health index (1 poor to 4 strong)", show(index), change),
                row("Favourable answers (3 or 4)", favourable(index), "of every 1 to 4 answer"),
                row("Trend", "", direction(list(paper.trend))),
                row("Response rate", share(rate), by_side),
            ),
            widths=(3, 1.2, 5),
        )
    )
    ranks = []
    for i in range(max(len(strongest), len(weakest))):
        high = strongest[i] if i < len(strongest) else None
        low = weakest[i] if i < len(weakest) else None
        ranks.append(
            row(
                str(i + 1),
                TITLES[high[0]] if high else "",
                show(high[1]) if high else "",
                favourable(high[1]) if high else "",
                TITLES[low[0]] if low else "",
                show(low[1]) if low else "",
                favourable(low[1]) if low else "",
            )
        )
    blocks.append(
        Table(
            "strongest",
            "Strongest and weakest areas (everyone; mean 1 to 4, and share favourable)",
            ("Rank", "Strongest", "Mean", "Favourable", "Weakest", "Mean", "Favourable"),
            tuple(ranks),
            "Too few answers to rank the areas.",
            widths=(0.8, 3, 1, 1.7, 3, 1, 1.7),
        )
    )
    blocks.append(
        Table(
            "slowest",
            "Departments furthest from their response target",
            (
                "Department",
                "Within target",
                "90th percentile, working days",
                "Target, working days",
                "Open and overdue now",
            ),
            tuple(
                row(
                    r.department,
                    share(r.share_within),
                    days(r.first_response_working.p90, paper.day_minutes),
                    f"{paper.targets.get(r.department, 0):g}",
                    str(r.overdue_now),
                )
                for r in furthest_from_target(list(paper.response_times))
            ),
            "No query had a first response in the period.",
            widths=(3, 1.5, 2, 1.5, 1.5),
        )
    )
    blocks.append(Subheading("What was done since last time", "h-done"))
    done, overdue = paper.done_in_period(), paper.overdue_actions()
    if done or overdue:
        blocks.append(
            Bullets(
                tuple(f"Done: {a.title}. {a.outcome or ''}".strip() for a in done)
                + tuple(f"Overdue: {a.title} (due {_day(a)})." for a in overdue)
            )
        )
    elif paper.actions:
        blocks.append(Paragraph("No action was completed in this period, and none is overdue."))
    else:
        blocks.append(Paragraph(NONE_RECORDED))
    blocks.append(Paragraph(f"Reliability. {reliability(report)} {RULE}", "note"))
    if paper.trend:
        chart = trend_chart(paper.trend, direction(list(paper.trend)))
        blocks.append(Figure("trend-chart", chart.svg, chart.alt))
    return Section("summary", "1. Summary", tuple(blocks))


def _day(action: ActionRow) -> str:
    return f"{action.due:%-d %B %Y}" if action.due else "no date"


def _dimensions(paper: CommitteePaper) -> Section:
    report, previous = paper.report, paper.previous
    provider, officer = report.by_side[Side.PROVIDER], report.by_side[Side.OFFICER]
    since = f"Change since round {paper.previous_round}" if previous else "Change"
    rows = []
    for d in Dimension:
        change = (
            change_between(previous.overall.dimensions[d], report.overall.dimensions[d])
            if previous is not None
            else None
        )
        rows.append(
            row(
                TITLES[d],
                show(provider.dimensions[d]),
                favourable(provider.dimensions[d]),
                show(officer.dimensions[d]),
                favourable(officer.dimensions[d]),
                gap(report.gaps[d]),
                show(report.overall.dimensions[d]),
                moved(change),
            )
        )
    chart = dimensions_chart(report)
    # Short heads: eight columns across a page.
    return Section(
        "dimensions",
        "2. The eight dimensions: providers beside officers",
        (
            Table(
                "dimension-table",
                "Mean score (1 poor to 4 strong) and share of favourable answers (3 or 4); "
                "gap = providers minus officers",
                (
                    "Dimension",
                    "Providers",
                    "Providers favour\u00adable",
                    "Officers",
                    "Officers favour\u00adable",
                    "Gap",
                    "Every\u00adone",
                    since,
                ),
                tuple(rows),
                widths=(2.6, 1.3, 1.4, 1.2, 1.4, 1, 1.2, 2.6),
            ),
            Paragraph(_marks(report), "note"),
            Figure("dimensions-chart", chart.svg, chart.alt),
        ),
    )


def _marks(report: RoundReport) -> str:
    return (
        f"{SUPPRESSED} = hidden: fewer than {report.min_group} people, or hidden so that such "
        f"a group cannot be worked out from a total. * = fewer than {2 * report.min_group} "
        f"people: read with care. — = no answers. {RULE}"
    )


def _departments(paper: CommitteePaper) -> Section:
    report = paper.report
    blocks: list[Block] = [Paragraph(heatmap_finding(report), "finding")]
    short = [SHORT[d] for d in Dimension]
    heat_rows = []
    for name, f in report.departments.items():
        cells = [heat(f.measure.index), *(heat(f.measure.dimensions[d]) for d in Dimension)]
        raters = str(f.raters) if f.raters >= report.min_group else f"< {report.min_group}"
        heat_rows.append(
            (Cell(name), Cell(raters), *(Cell(h.text, h.background, h.ink) for h in cells))
        )
    blocks.append(
        Table(
            "heatmap-table",
            "Mean score per department and dimension; darker = stronger (1 poor to 4 strong)",
            ("Department", "Raters", "Index", *short),
            tuple(heat_rows),
            "No provider rated a department in this round.",
            widths=(2.6, 1.1, 1, *([1] * len(short))),
        )
    )
    blocks.append(
        Paragraph(
            "Columns: "
            + "; ".join(f"{SHORT[d]} = {TITLES[d]}" for d in Dimension)
            + ". A department with fewer raters than the minimum shows no scores.",
            "note",
        )
    )
    changes = department_movement(paper)
    previous = paper.previous
    blocks.append(
        Table(
            "department-movement",
            f"Each department's index since round {paper.previous_round}"
            if previous
            else "Each department's index",
            ("Department", "Round before", "This round", "Change"),
            tuple(
                row(
                    name,
                    show(earlier.measure.index)
                    if previous and (earlier := previous.departments.get(name))
                    else "—",
                    show(f.measure.index),
                    moved(changes.get(name)),
                )
                for name, f in report.departments.items()
            ),
            "No provider rated a department in this round.",
            widths=(3, 1.5, 1.5, 4),
        )
    )
    return Section("heatmap", "3. Departments as providers rated them", tuple(blocks))


def heatmap_finding(report: RoundReport) -> str:
    """The heatmap's main finding in words."""
    scored = {
        name: f.measure.index.value
        for name, f in report.departments.items()
        if f.measure.index.value is not None
    }
    if not scored:
        return "No department was rated by enough providers for its scores to be shown."
    best = max(scored, key=lambda n: scored[n])
    worst = min(scored, key=lambda n: scored[n])
    text = (
        f"Providers rate {best} highest ({scored[best]:.2f}) and {worst} lowest "
        f"({scored[worst]:.2f}) of the {len(scored)} departments with an index shown"
    )
    few = sum(1 for f in report.departments.values() if f.raters < report.min_group)
    partly = len(report.departments) - len(scored) - few
    if few:
        text += f"; {few} had fewer than {report.min_group} raters, so show no scores"
    if partly:
        text += (
            f"; {partly} show some scores but no index, because one of their dimensions had "
            "too few answers"
        )
    return text + "."


def _segments(paper: CommitteePaper) -> Section:
    report = paper.report
    short = [SHORT[d] for d in Dimension]
    merged = "; ".join(
        f"{SIDE_NAMES[side].lower()}' {label(segment).lower()}: "
        + ", ".join(sorted({label(k) for k in rule}))
        + f" read together as {group_name(next(iter(rule.values()))).lower()}"
        for (side, segment), rule in MERGED.items()
    )
    blocks: list[Block] = [
        Paragraph(
            "Each table's groups make up its side. Groups are merged before any figure is "
            f"shown: {merged}; and in each table, groups smaller than {report.min_group} are "
            f"combined into one. {SUPPRESSED} marks a figure still hidden.",
            "note",
        )
    ]
    for (side, segment), groups in report.segments.items():
        names = list(groups)
        if segment == "position" and side is Side.OFFICER:
            names.sort(key=lambda n: SENIORITY.index(n) if n in SENIORITY else len(SENIORITY))
        blocks.append(
            Table(
                f"segment-{side.value}-{segment}",
                SEGMENT_TITLES.get((side, segment), f"{side.value} by {segment}"),
                (label(segment), "Index", *short),
                tuple(
                    row(
                        group_name(name),
                        show(groups[name].index),
                        *(show(groups[name].dimensions[d]) for d in Dimension),
                    )
                    for name in names
                ),
                widths=(3, 1, *([1] * len(short))),
            )
        )
    hidden = _hidden_rates(paper.rates, report.min_group)
    blocks.append(
        Table(
            "response-rates",
            "Response rate by group (groups as people's details stand now)",
            ("Group", "Invited", "Answered", "Rate"),
            tuple(
                row(
                    f"{SIDE_NAMES[r.side]}, {label(r.segment).lower()}: {group_name(r.group)}",
                    str(r.invited),
                    SUPPRESSED if r in hidden else str(r.responded),
                    SUPPRESSED if r in hidden or not r.invited else share(r.responded / r.invited),
                )
                for r in paper.rates
            ),
            "Nobody was invited to this round.",
            widths=(5, 1.2, 1.2, 1.2),
        )
    )
    blocks.append(Subheading('"No contact" answers', "h-no-contact"))
    blocks.append(
        Table(
            "no-contact-sides",
            '"No contact" answers per question, by side',
            ("Side", *short),
            tuple(
                row(SIDE_NAMES[s], *(SUPPRESSED if c is None else str(c) for c in counts.values()))
                for s, counts in report.no_contact.items()
            ),
            widths=(3, *([1] * len(short))),
        )
    )
    blocks.append(
        Table(
            "no-contact-departments",
            '"No contact" answers per question, by department (providers rating it)',
            ("Department", *short, "Mean"),
            tuple(no_contact_rows(report)),
            "No provider rated a department in this round.",
            widths=(3, *([1] * len(short)), 1),
        )
    )
    return Section("segments", "4. Breakdowns by group", tuple(blocks))


def _hidden_rates(rates: Sequence[SegmentRate], min_group: int) -> set[SegmentRate]:
    """The groups whose count of answers is hidden: fewer than the minimum answered, and the
    next-smallest beside a lone hidden one, since each side's total is shown (the same rule
    as every figure's)."""
    by_segment: dict[tuple[Side, str], list[SegmentRate]] = {}
    for rate in rates:
        by_segment.setdefault((rate.side, rate.segment), []).append(rate)
    hidden: set[SegmentRate] = set()
    for groups in by_segment.values():
        counts = {r.group: Tally(r.responded, r.responded, float(r.responded)) for r in groups}
        cells = partition(counts, min_group)
        hidden |= {r for r in groups if cells[r.group].suppressed}
    return hidden


def no_contact_rows(report: RoundReport) -> list[tuple[Cell, ...]]:
    """Per department, how many of its raters answered "no contact" to each question."""
    rows = []
    for name, figures in report.departments.items():
        counts = [figures.no_contact[d] for d in Dimension]
        shown = [c for c in counts if c is not None]
        rows.append(
            row(
                name,
                *(SUPPRESSED if c is None else str(c) for c in counts),
                f"{sum(shown) / len(shown):.1f}" if shown else SUPPRESSED,
            )
        )
    return rows


def _responses(paper: CommitteePaper, period: str) -> Section:
    blocks: list[Block] = [
        Paragraph(
            f"Queries providers logged {period}, with older ones still waiting. Within target: "
            "the share of queries whose first response came within the department's target, "
            "of those answered or already past it. Late in the period: answered after the "
            "target or still waiting past it. Overdue now: still waiting, past the target, "
            "today. Times in working days."
        )
    ]
    rows = []
    for r in paper.response_times:
        p90 = "—" if r.p90_within is None else ("yes" if r.p90_within else "no")
        rows.append(
            row(
                r.department,
                str(r.count),
                share(r.share_within),
                days(r.first_response_working.median, paper.day_minutes),
                days(r.first_response_working.p90, paper.day_minutes),
                f"{paper.targets.get(r.department, 0):g}",
                p90,
                days(r.resolution_working.median, paper.day_minutes),
                str(r.overdue),
                str(r.open),
                str(r.overdue_now),
            )
        )
    blocks.append(
        Table(
            "response-table",
            "First response per department (median, 90th percentile and target in working "
            "days), and resolution",
            (
                "Department",
                "Queries",
                "Within target",
                "Median",
                "90th percen\u00adtile",
                "Target",
                "Nine in ten in time",
                "Resolved, median",
                "Late in the period",
                "Open now",
                "Overdue now",
            ),
            tuple(rows),
            "No queries were logged in this period.",
            widths=(2.3, 1.15, 1.1, 1.05, 1.35, 1.0, 1.1, 1.3, 1.0, 0.85, 1.25),
        )
    )
    chart = response_chart(paper.response_times)
    if chart is not None:
        blocks.append(Figure("response-chart", chart.svg, chart.alt))
    return Section("responses", "5. Query response times against targets", tuple(blocks))


def _must_haves(report: MustHaveReport | None) -> Section:
    blocks: list[Block] = []
    if report is None:
        blocks.append(
            Paragraph(
                "No Must Have collection had closed by the end of the period, so none is "
                "reported: figures from a collection still open would move."
            )
        )
        return Section("must-haves", "6. Must Haves by category", tuple(blocks))
    shown = [side for side in SIDES if report.shown(side)]
    people = "; ".join(f"{report.people.get(s, 0)} {SIDE_NAMES[s].lower()}" for s in SIDES)
    blocks.append(
        Paragraph(
            f"The collection {report.collection.name} (closed). Each person names up to three "
            f"outcomes they want, each placed in one best-fit category. Taking part: {people}. "
            "Each side is read as the share of its own people naming a category, so sides of "
            "different sizes compare fairly."
        )
    )
    hidden = [s for s in SIDES if s not in shown]
    if hidden:
        blocks.append(
            Paragraph(
                "Not shown, too few people: "
                + "; ".join(f"{SIDE_NAMES[s].lower()}" for s in hidden)
                + f" (shown from {report.min_group}).",
                "note",
            )
        )
    lines = [line for line in report.lines if any(line.counts[s] for s in shown)]
    if not lines:
        blocks.append(Paragraph("No Must Haves can be shown for this collection."))
        return Section("must-haves", "6. Must Haves by category", tuple(blocks))
    columns = ["Category"]
    for side in shown:
        columns += [f"{SIDE_NAMES[side]}: items", f"{SIDE_NAMES[side]}: share of people"]
    table_rows = []
    for line in lines:
        cells = [line.label]
        for side in shown:
            named = line.people.get(side, 0)
            cells += [str(line.counts[side]), share(named / report.people[side])]
        table_rows.append(row(*cells))
    blocks.append(
        Table(
            "must-have-table",
            "Must Haves per category: items, and the share of each side's people naming it",
            tuple(columns),
            tuple(table_rows),
            widths=(4, *([1.5] * (len(columns) - 1))),
        )
    )
    for side in shown:
        top = "; ".join(report.top.get(side, ())) or "none yet"
        blocks.append(Paragraph(f"Mattering most to {SIDE_NAMES[side].lower()}: {top}."))
    for number, line in enumerate(lines):
        blocks.append(Subheading(line.label, f"h-must-{number}"))
        for side in shown:
            said = Counter(line.texts[side]).most_common()
            if not said:
                continue
            listed = [f"{text} ({n} people)" if n > 1 else text for text, n in said[:TEXTS_SHOWN]]
            if len(said) > TEXTS_SHOWN:
                listed.append(f"… and {len(said) - TEXTS_SHOWN} more")
            blocks.append(Paragraph(f"{SIDE_NAMES[side]} wrote:"))
            blocks.append(Bullets(tuple(listed)))
    return Section("must-haves", "6. Must Haves by category", tuple(blocks))


def _voice(paper: CommitteePaper, period: str) -> Section:
    blocks: list[Block] = []
    if not paper.themes:
        blocks.append(Paragraph("Nothing was raised in the provider-voice channel in this period."))
        return Section("voice", "7. What providers raised", tuple(blocks))
    raised = sum(t.raised_by_providers for t in paper.themes)
    answered = sum(t.answered for t in paper.themes)
    blocks.append(
        Paragraph(
            f"Items providers raised {period}, beside the period of the same length before. "
            f"An officer answered {answered} of the {raised} raised by providers "
            f"({share(answered / raised if raised else None)})."
        )
    )
    blocks.append(
        Table(
            "theme-table",
            "Items raised per theme",
            ("Theme", "This period", "Period before", "Answered by an officer"),
            tuple(
                row(
                    t.theme.label,
                    str(t.theme.count),
                    str(t.theme.before),
                    f"{t.answered} of {t.raised_by_providers}" if t.raised_by_providers else "—",
                )
                for t in paper.themes
            ),
            widths=(4, 1.5, 1.5, 2),
        )
    )
    quotes = [(t.theme.label, q) for t in paper.themes for q in t.quotes]
    if quotes:
        blocks.append(Subheading("In providers' words", "h-quotes"))
        blocks += [Paragraph(f"{theme}: “{quote}”", "quote") for theme, quote in quotes]
    return Section("voice", "7. What providers raised", tuple(blocks))


def _actions(paper: CommitteePaper) -> Section:
    if not paper.actions:
        return Section("actions", "8. Actions and what came of them", (Paragraph(NONE_RECORDED),))
    table = Table(
        "action-table",
        "What the council did in answer, and what came of it",
        ("Action", "Answers", "Status", "Due", "Done", "What came of it"),
        tuple(action_rows(paper.actions)),
        widths=(3, 2, 1.3, 1.4, 1.4, 6),
    )
    note = Paragraph(
        "What came of it: how what the action answered moved beside what no action answered, "
        "over the same rounds. It says what moved with what, not what caused it.",
        "note",
    )
    return Section("actions", "8. Actions and what came of them", (table, note))


def action_rows(actions: Sequence[ActionRow]) -> list[tuple[Cell, ...]]:
    def text(value: object) -> str:
        return "—" if value is None else str(value)

    return [
        row(
            text(a.title),
            text(a.answers),
            (label(a.status) if a.status else "—") + (" (overdue)" if a.overdue else ""),
            f"{a.due:%-d %b %Y}" if a.due else "—",
            f"{a.done_on:%-d %b %Y}" if a.done_on else "—",
            text(a.outcome),
        )
        for a in actions
    ]


def _methods(paper: CommitteePaper, dates: dict[str, str]) -> Section:
    minimum = paper.report.min_group
    hours = f"{paper.day_minutes / 60:g}"
    if paper.since:
        period = (
            f"Asked for the period since {dates['since']}: the latest round closed in it, and "
            f"what was logged from then to {dates['period_end']}."
        )
    else:
        period = "The latest closed round asked for, and the quarter before it closed."
    return Section(
        "methods",
        "Annex: methods",
        (
            Subheading("What was asked", "h-asked"),
            Paragraph(
                "Officers rate the relationship with providers; providers rate the council as a "
                "whole and, optionally, each department they dealt with since the last round. "
                "Each question is scored from 1 (the first statement) to 4 (the second), or 0 "
                'for "no contact".'
            ),
            Table(
                "question-table",
                "The eight questions",
                ("Dimension", "1: poor", "4: strong"),
                tuple(row(q.title, q.low, q.high) for q in questions()),
                widths=(2, 4, 4),
            ),
            Subheading("How the figures are computed", "h-index"),
            Paragraph(
                "The health index is the mean of every 1 to 4 answer given in the round; "
                '"no contact" answers are left out. A dimension\'s score is the mean of its 1 '
                "to 4 answers; favourable is the share of those answers that are 3 or 4. The "
                "gap is providers' score minus officers'. Only closed rounds are reported, so "
                f"figures never move while answers come in. Response times are counted in "
                f"working hours, shown as working days of {hours} hours."
            ),
            Subheading("When a change is a change", "h-change"),
            Paragraph(
                "Each mean has a 95% interval, from the spread of people's answers (each person "
                "counted once, however many questions they answered). "
                f"{RULE} An action's outcome is the change in what it answered beside the "
                "change, over the same rounds, in what no action answered; the difference is "
                "judged by the same rule."
            ),
            Subheading("The anonymity rule", "h-anonymity"),
            Paragraph(
                f"No figure is shown for fewer than {minimum} people. Where hiding one group "
                "would let it be worked out by subtracting the others from a shown total, the "
                "next-smallest group is hidden as well, and a group's index is hidden whenever "
                "one of its dimensions is. Small groups are merged first (section 4). Must "
                f"Haves of a side are shown only once {minimum} of its people have taken part, "
                "and only from a closed collection; free text is shown without names. A figure "
                f"marked * rests on fewer than {2 * minimum} people."
            ),
            Subheading("Period and sources", "h-sources"),
            Paragraph(
                f"{period} Every figure comes from the answers, queries, Must Haves and "
                "provider-voice items relbot holds for the council, by the rules above. Each "
                f"Must Have text is listed once with how many wrote it, at most {TEXTS_SHOWN} "
                "per category and side; the full list can be exported."
            ),
        ),
        new_page=True,
    )


def dates(paper: CommitteePaper) -> dict[str, str]:
    def day(moment: object) -> str:
        return f"{moment:%-d %B %Y}"

    return {
        "produced": day(paper.produced),
        "round_opened": day(paper.round_opened),
        "round_closed": day(paper.round_closed) if paper.round_closed else "",
        "period_start": day(paper.period_start),
        "period_end": day(paper.period_end),
        "since": day(paper.since) if paper.since else "",
    }


def document(paper: CommitteePaper) -> Document:
    """The whole report as one figure model."""
    when = dates(paper)
    period = f"from {when['period_start']} to {when['period_end']}"
    closed = f" and closed {when['round_closed']}" if when["round_closed"] else ""
    intro = Paragraph(
        f"Report to the adult social care board. The latest pulse survey of providers and "
        f"officers (round {paper.round_id}, opened {when['round_opened']}{closed}); queries, "
        f"Must Haves and what providers raised {period}. Produced {when['produced']} by relbot."
    )
    return Document(
        title=f"{paper.council}: relationship with care providers, pulse round {paper.round_id}",
        language=LANGUAGE,
        council=paper.council,
        produced=when["produced"],
        heading=f"{paper.council}: the relationship with care providers",
        intro=(intro,),
        sections=(
            _summary(paper),
            _dimensions(paper),
            _departments(paper),
            _segments(paper),
            _responses(paper, period),
            _must_haves(paper.must_haves),
            _voice(paper, period),
            _actions(paper),
            _methods(paper, when),
        ),
    )
