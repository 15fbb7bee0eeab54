"""The weekly relationship-health digest as Block Kit: pure, short lines that read on a phone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from relbot.analysis.cells import RELIABLE_FACTOR
from relbot.analysis.change import Direction
from relbot.analysis.pulse import Measure
from relbot.domain.digest.data import DigestFigures, DigestWeek, RoundFigures
from relbot.domain.pulse.questions import TITLES
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.slack.actions.blocks import digest_lines
from relbot.slack.digest.parts import (
    HIDDEN,
    SMALL,
    day,
    department_lines,
    must_have_lines,
    response_lines,
    score,
    sections,
    signed,
    theme_lines,
)
from relbot.slack.ids import Action, one_of
from relbot.slack.messages import Message, text_message
from relbot.slack.text import channel as mention_channel

TREND_POINTS = 6
LOWEST = 3
PREVIEW_NOTE = "Preview: only you can see this. The chart is added when the digest is posted."


def digest_message(figures: DigestFigures, zone: ZoneInfo, *, preview: bool = False) -> Message:
    """The digest of one week; a week with nothing to report gets a short honest message."""
    # Named by the week it reports on (the week before it is posted), as ISO 8601 numbers it.
    reported = DigestWeek.of(figures.start, zone)
    last_day = figures.end - timedelta(days=1)  # the period ends at midnight, exclusive
    period = f"{day(figures.start, zone)} to {day(last_day, zone)}"
    title = f"Relationship health · week {reported.week}, {reported.year}"
    blocks: list[Block] = [HeaderBlock(text=title)]
    if preview:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=PREVIEW_NOTE)]))
    if figures.empty:
        text = (
            f"Nothing to report for the week of {period}: no pulse round has closed yet, "
            "no provider queries were logged or left waiting, and there are no Must Haves or "
            "provider-voice themes. The digest will show figures as soon as there are some."
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
        return Message(text=f"{title}: nothing to report yet.", blocks=blocks)
    blocks += _pulse(figures.pulse, zone, figures.min_group)
    blocks += _response_times(figures, zone, period)
    if figures.must_haves is not None:
        blocks.append(DividerBlock())
        heading = "*Must Haves this week* (providers · officers)"
        if figures.must_haves:
            blocks += sections(heading, must_have_lines(figures.must_haves))
        else:
            blocks += sections(heading, ["None were recorded this week."])
    if figures.themes is not None:
        blocks.append(DividerBlock())
        heading = "*What providers raised this week*"
        if figures.themes:
            blocks += sections(heading, theme_lines(figures.themes))
        else:
            blocks += sections(heading, ["Nothing was raised in the provider-voice channel."])
    if figures.actions is not None:
        blocks.append(DividerBlock())
        blocks += sections("*Actions: you said, we did*", digest_lines(figures.actions))
    blocks.append(_footer(figures))
    return Message(text=_fallback(title, figures), blocks=blocks)


def digest_refused_message(channel: str | None) -> Message:
    """For someone other than an officer or admin asking for the preview."""
    where = f" It is posted every week in {mention_channel(channel)}." if channel else ""
    return text_message(
        "The digest preview is for council officers, who look into the figures before they "
        f"are shared.{where}"
    )


def _pulse(pulse: RoundFigures | None, zone: ZoneInfo, min_group: int) -> list[Block]:
    if pulse is None:
        return [_section("*Health index*: no pulse round has closed yet.")]
    report = pulse.report
    index = report.overall.index
    headline = f"*Health index: {score(index)} / 4*"
    if report.change is not None:
        # A move within its noise is no move: the rule the committee report states too.
        arrow = {Direction.ROSE: "↑", Direction.FELL: "↓"}.get(report.change.direction, "→")
        headline += f"  {arrow} {report.change.words()} since the last round"
    closed = f", closed {day(pulse.closed_at, zone)}" if pulse.closed_at else ""
    invited, responded = sum(report.invited.values()), sum(report.responded.values())
    lines = [headline, f"Pulse round {pulse.round_id}{closed} · {_rate(responded, invited)}"]
    recent = pulse.trend[-TREND_POINTS:]
    if len(recent) > 1:
        lines.append("Last rounds: " + " → ".join(score(p.overall) for p in recent))
    blocks: list[Block] = [_section("\n".join(lines)), _reliability(report.by_side, min_group)]
    blocks.append(DividerBlock())
    providers, officers = report.by_side[Side.PROVIDER], report.by_side[Side.OFFICER]
    dimension_lines = [
        f"{TITLES[d]}: *{score(providers.dimensions[d])}* · *{score(officers.dimensions[d])}* "
        f"· gap {signed(report.gaps[d])}"
        for d in Dimension
    ]
    blocks += sections("*The eight dimensions* (providers · officers · gap)", dimension_lines)
    lowest = sorted(
        (value, d) for d, c in report.overall.dimensions.items() if (value := c.value) is not None
    )[:LOWEST]
    if lowest:
        blocks += sections(
            "*Lowest areas*",
            [
                f"{n}. {TITLES[d]}: *{score(report.overall.dimensions[d])}*"
                for n, (_, d) in enumerate(lowest, start=1)
            ],
        )
        blocks.append(_act_on([d for _, d in lowest]))
    if report.departments:
        blocks.append(DividerBlock())
        blocks += sections(
            "*Departments, as providers rated them*",
            department_lines(report),
            more=" in `relbot report`",
        )
    return blocks


def _act_on(dimensions: list[Dimension]) -> ActionsBlock:
    """A button for each lowest area: an officer opens an action that answers it."""
    return ActionsBlock(
        elements=[
            ButtonElement(
                text=f"Act on {TITLES[d].lower()}"[:75],
                action_id=one_of(Action.ACTION_NEW, d.value),
                value=f"dimension:{d.value}",
            )
            for d in dimensions
        ]
    )


def _response_times(figures: DigestFigures, zone: ZoneInfo, period: str) -> list[Block]:
    heading = f"*Query response times* (queries logged {period}; working hours to first response)"
    if not figures.response_times:
        lines = ["No provider queries were logged that week, and none is still waiting."]
    else:
        lines = response_lines(figures.response_times, zone)
    return [DividerBlock(), *sections(heading, lines, more=" in `relbot report`")]


def _rate(responded: int, invited: int) -> str:
    if not invited:
        return f"{responded} answered"
    return f"{responded} of {invited} answered ({responded / invited:.0%})"


def _reliability(by_side: Mapping[Side, Measure], min_group: int) -> Block:
    """A plain note on how far the figures can be trusted."""
    small = [
        side.value + "s"
        for side, measure in by_side.items()
        if measure.index.shown and not measure.index.reliable
    ]
    hidden = [side.value + "s" for side, measure in by_side.items() if measure.index.suppressed]
    notes = []
    if hidden:
        notes.append(
            f"Figures for {' and '.join(hidden)} are hidden {HIDDEN}: fewer than {min_group} "
            "people answered, or showing them would let a small group be worked out."
        )
    if small:
        notes.append(
            f"Fewer than {RELIABLE_FACTOR * min_group} {' and '.join(small)} answered: "
            f"read their figures (marked {SMALL}) with care."
        )
    if not notes:
        notes.append(f"Each side's figures rest on at least {RELIABLE_FACTOR * min_group} people.")
    return ContextBlock(elements=[MarkdownTextObject(text=" ".join(notes))])


def _footer(figures: DigestFigures) -> Block:
    text = (
        f"{HIDDEN} hidden: fewer than {figures.min_group} people, or a small group could be "
        f"worked out · {SMALL} fewer than {RELIABLE_FACTOR * figures.min_group} people · "
        f"the same figures: `relbot report --week {figures.week}`"
    )
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _fallback(title: str, figures: DigestFigures) -> str:
    if figures.pulse is None:
        return f"{title}: query response times for the week."
    return f"{title}: health index {score(figures.pulse.report.overall.index)} / 4."


def _section(text: str) -> Block:
    return SectionBlock(text=MarkdownTextObject(text=text))
