"""Page 1 of the board paper, word for word, against messages written again here from the
people's answers (tests/committee/recount.py), never from relbot's own analysis: the index
and its interval, the real movers in order and how many more there are, response times,
overdue and done actions, the response rate; and the summaries the paper's sections read
(strongest and weakest, the trend's course, each department's change, how reliable the
figures are)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from relbot.analysis.pulse import Respondent, RoundReport, analyse_round
from relbot.analysis.timings import DepartmentTimes, Spread, TicketTimes, department_times
from relbot.cli.render.committee.paper import ActionRow, CommitteePaper
from relbot.cli.render.committee.summary import (
    days,
    department_movement,
    direction,
    furthest_from_target,
    index_message,
    key_messages,
    movements,
    ranked,
    reliability,
    share,
)
from relbot.domain.pulse.questions import TITLES
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from tests.committee import recount

K = 5
DAY = 480
INVITED = {Side.PROVIDER: 50, Side.OFFICER: 40}


@dataclass(frozen=True)
class Person:
    side: Side
    scores: dict[Dimension, int]
    rated: dict[str, dict[Dimension, int]]
    groups: dict[str, str]


def _people(seed: int, shift: dict[Dimension, float], rated: dict[str, float]) -> list[Person]:
    """30 providers and 20 officers around 2.5, each dimension moved by `shift`; providers
    rate each department around its mean in `rated`."""
    rng = random.Random(seed)

    def score(mean: float) -> int:
        return min(4, max(0 if rng.random() < 0.05 else 1, round(rng.gauss(mean, 0.7))))

    return [
        Person(
            side,
            {d: score(2.5 + shift.get(d, 0)) for d in Dimension},
            {n: {d: score(m) for d in Dimension} for n, m in rated.items()}
            if side is Side.PROVIDER
            else {},
            {segment: f"{segment} {i % 3}" for segment in recount.SEGMENTS[side]},
        )
        for side, n in ((Side.PROVIDER, 30), (Side.OFFICER, 20))
        for i in range(n)
    ]


def _report(people: list[Person], previous: RoundReport | None = None) -> RoundReport:
    return analyse_round(
        [Respondent(p.side, p.groups, p.scores, p.rated) for p in people],
        invited=INVITED,
        min_group=K,
        previous=previous.overall.index if previous is not None else None,
    )


def _recount(people: list[Person]) -> recount.Round:
    return recount.tally(
        [recount.Answerer(p.side, p.groups, p.scores, p.rated) for p in people], INVITED, K
    )


BEFORE = _people(1, {}, {"Finance": 2.2, "Legal": 2.8})
AFTER = _people(
    2,
    {Dimension.TRUST: 1.0, Dimension.RESPONSIVENESS: -0.8, Dimension.ROLES: 0.7},
    {"Finance": 3.2, "Legal": 2.8, "Housing": 2.5},
)


def _times() -> list[DepartmentTimes]:
    def ticket(department: str, minutes: int | None, waited: int | None = None) -> TicketTimes:
        created = datetime(2026, 3, 1, tzinfo=UTC) if waited is not None else None
        hours = None if minutes is None else minutes / 60
        return TicketTimes(department, created, 2 * DAY, minutes, hours, None, None, waited)

    return department_times(
        [
            ticket("Finance", DAY),
            ticket("Finance", 3 * DAY),
            ticket("Finance", None, waited=5 * DAY),
            ticket("legal", DAY),
            ticket("legal", 5 * DAY),
            ticket("Housing", DAY),
            ticket("Adults", 3 * DAY),
            ticket("Adults", None, waited=3 * DAY),
            ticket("Waiting", None, waited=DAY),  # nothing decided yet: left out
        ]
    )


def _paper(actions: tuple[ActionRow, ...] = ()) -> CommitteePaper:
    previous = _report(BEFORE)
    return CommitteePaper(
        council="Testshire County Council",
        produced=date(2026, 3, 16),
        round_id=2,
        round_opened=datetime(2026, 3, 2, tzinfo=UTC),
        round_closed=datetime(2026, 3, 9, tzinfo=UTC),
        period_start=datetime(2025, 12, 8, tzinfo=UTC),
        period_end=datetime(2026, 3, 9, tzinfo=UTC),
        report=_report(AFTER, previous),
        trend=(),
        response_times=_times(),
        targets={},
        day_minutes=DAY,
        must_haves=None,
        themes=(),
        actions=actions,
        previous=previous,
        previous_round=1,
    )


def _movers(before: recount.Round, after: recount.Round) -> list[str]:
    """Every figure that moved beyond its noise, largest first, as page 1 words it."""
    pairs = [(TITLES[d], before.overall[d.value], after.overall[d.value]) for d in Dimension]
    pairs += [
        (f"{s.value.capitalize()}s' health index", before.sides[s][recount.INDEX], f[recount.INDEX])
        for s, f in after.sides.items()
    ]
    pairs += [
        (
            f"Providers' rating of {name}",
            before.departments[name][1][recount.INDEX],
            f[recount.INDEX],
        )
        for name, (_, f) in after.departments.items()
        if name in before.departments
    ]
    found = []
    for name, old, new in pairs:
        change = recount.change(old, new)
        if change is not None and change[2] != 0:
            assert old.value is not None and new.value is not None
            found.append(
                (
                    -abs(change[0]),
                    f"{name} {recount.moved(old, new)}, from {old.value:.2f} to {new.value:.2f}.",
                )
            )
    return [sentence for _, sentence in sorted(found, key=lambda pair: pair[0])]


def test_page_one_says_what_the_answers_say_word_for_word() -> None:
    actions = (
        ActionRow(
            "Publish a contacts list", done_on=date(2026, 1, 5), verdict="better than the drift"
        ),
        ActionRow("Pay on time", done_on=date(2026, 3, 9)),  # done on the period's last day
        ActionRow("Old news", done_on=date(2025, 12, 7)),  # the day before the period
        ActionRow("Hold a forum", due=date(2026, 2, 20), overdue=True),
        ActionRow(None, overdue=True),
        ActionRow("Later", due=date(2030, 1, 1)),
    )
    messages = key_messages(_paper(actions))
    before, after = _recount(BEFORE), _recount(AFTER)
    index, earlier = after.overall[recount.INDEX], before.overall[recount.INDEX]
    assert index.value is not None and index.se is not None
    low, high = index.value - 1.96 * index.se, index.value + 1.96 * index.se
    since = recount.moved(earlier, index)
    expected = [
        f"The health index is {index.value:.2f} out of 4 (95% interval {low:.2f} to {high:.2f}); "
        f"{index.favourable / index.answers:.0%} of answers were favourable (3 or 4). "
        f"Since round 1 it {'is ' if since.startswith('about') else ''}{since}."
    ]
    movers = _movers(before, after)
    assert len(movers) > 3  # so the page names three and counts the rest
    expected += movers[:3]
    expected.append(f"{len(movers) - 3} more moved beyond their noise (see sections 2 and 3).")
    # Finance 1 of 3 within target, legal 1 of 2, Housing 1 of 1, Adults 0 of 2.
    expected.append(
        "38% of provider queries had a first response within their department's target "
        "(3 of 8). 3 of 4 departments answered fewer than nine in ten within target; the "
        "lowest: Adults 0%, Finance 33%, legal 50%. 2 queries are open and overdue now."
    )
    expected.append("2 actions are overdue: Hold a forum (due 20 February); untitled.")
    expected.append(
        "2 actions were done since last time, each beside the general drift: Publish a "
        "contacts list (better than the drift); Pay on time (not measured). What came of each "
        "is set out below."
    )
    expected.append(
        f"{50 / 90:.0%} of those invited answered the pulse (30 of 50 providers; 20 of 40 officers)."
    )
    assert messages == expected


def test_one_overdue_action_one_done_and_no_query_overdue_are_said_in_the_singular() -> None:
    paper = _paper(
        (ActionRow("Hold a forum", overdue=True), ActionRow("Pay", done_on=date(2026, 2, 1)))
    )
    times = [t for t in paper.response_times if t.department == "Housing"]
    messages = key_messages(replace(paper, response_times=times))
    assert "1 action is overdue: Hold a forum." in messages
    assert any(m.startswith("1 action was done since last time") for m in messages)
    assert (
        "100% of provider queries had a first response within their department's target "
        "(1 of 1). Every department answered at least nine in ten within target. No query "
        "is open and overdue now."
    ) in messages


def test_the_strongest_and_weakest_are_three_from_each_end_ties_in_question_order() -> None:
    report, counted = _report(AFTER), _recount(AFTER)
    order = sorted(
        (d for d in Dimension),
        key=lambda d: (-(counted.overall[d.value].value or 0), list(Dimension).index(d)),
    )
    strongest, weakest = ranked(report)
    assert [d for d, _ in strongest] == order[:3]
    assert [d for d, _ in weakest] == order[::-1][:3]
    assert [c.value for _, c in strongest] == [counted.overall[d.value].value for d in order[:3]]
    # Four shown: two from each end.
    few = [
        Person(p.side, {d: s for d, s in p.scores.items() if d in order[:4]}, {}, p.groups)
        for p in AFTER
    ]
    top, bottom = ranked(_report(few))
    assert [d for d, _ in top] == order[:2] and [d for d, _ in bottom] == order[:4][::-1][:2]


def test_the_trend_reads_from_its_first_shown_round_to_its_last() -> None:
    def point(round_id: int, people: list[Person]) -> TrendPoint:
        report = _report(people)
        return TrendPoint(
            round_id, datetime(2026, 1, round_id, tzinfo=UTC), 90, 50, report.overall.index, {}
        )

    hidden = _report(AFTER[:3]).overall.index  # three people: under K, not shown
    assert hidden.value is None
    rounds = [BEFORE, _people(3, {}, {}), AFTER]
    trend = [TrendPoint(0, datetime(2025, 12, 1, tzinfo=UTC), 90, 3, hidden, {})]
    trend += [point(i + 1, people) for i, people in enumerate(rounds)]
    expected = recount.direction([_recount(p).overall[recount.INDEX] for p in rounds])
    assert direction(trend) == expected
    # Downhill: the same rounds the other way round.
    reverse = [point(i + 1, people) for i, people in enumerate(reversed(rounds))]
    assert direction(reverse) == recount.direction(
        [_recount(p).overall[recount.INDEX] for p in reversed(rounds)]
    )
    assert direction(trend[:2]) == "too few rounds to show a trend yet"
    flat = [point(1, BEFORE), point(2, _people(1, {}, {}))]
    assert direction(flat).startswith("about the same over the last 2 rounds (")


def test_each_department_moves_by_the_rule_and_a_new_one_has_no_change() -> None:
    moved = department_movement(_paper())
    before, after = _recount(BEFORE), _recount(AFTER)
    assert set(moved) == {"Finance", "Legal", "Housing"}
    assert moved["Housing"] is None
    for name in ("Finance", "Legal"):
        change = moved[name]
        found = recount.change(
            before.departments[name][1][recount.INDEX], after.departments[name][1][recount.INDEX]
        )
        assert change is not None and found is not None
        assert (round(change.value, 9), round(change.margin, 9)) == (
            round(found[0], 9),
            round(found[1], 9),
        )
    assert department_movement(replace(_paper(), previous=None)) == {
        "Finance": None,
        "Legal": None,
        "Housing": None,
    }


def test_how_reliable_the_figures_are_is_counted_over_every_figure() -> None:
    assert reliability(_report(AFTER)) == _recount(AFTER).reliability()
    small = AFTER[:8] + AFTER[30:33]  # eight providers, three officers
    assert reliability(_report(small)) == _recount(small).reliability()
    assert "hidden" in reliability(_report(small))
    large = _people(5, {}, {}) * 2
    assert reliability(_report(large)) == f"Every figure shown rests on at least {2 * K} people."


def test_the_departments_furthest_from_target_and_working_days() -> None:
    rows = _times()
    assert [r.department for r in furthest_from_target(rows)] == ["Adults", "Finance", "legal"]
    tied = [
        DepartmentTimes(
            name,
            2,
            Spread(None, None),
            Spread(None, None),
            Spread(None, None),
            Spread(None, None),
            1,
            1,
            None,
            overdue_now=now,
            within_target=1,
            decided=2,
        )
        for name, now in (("b", 0), ("A", 0), ("c", 1))
    ]
    assert [r.department for r in furthest_from_target(tied)] == ["c", "A", "b"]
    assert days(720, DAY) == "1.5" and days(None, DAY) == "—" and days(0, DAY) == "0.0"
    assert share(0.375) == "38%" and share(None) == "—" and share(0.0) == "0%"


def test_every_real_mover_is_named_and_the_list_stops_at_three() -> None:
    paper = _paper()
    real = [m.sentence() for m in movements(paper) if m.change.real]
    assert real == _movers(_recount(BEFORE), _recount(AFTER))
    # Exactly three real movers: all named, none left to count.
    three = _people(
        2, {Dimension.TRUST: 1.0, Dimension.RESPONSIVENESS: -0.9, Dimension.ROLES: 0.9}, {}
    )
    same_paper = replace(paper, report=_report(three, paper.previous))
    moved = [m for m in movements(same_paper) if m.change.real]
    messages = key_messages(same_paper)
    assert len(moved) == 3 and all(m.sentence() in messages for m in moved)
    assert not any("more moved beyond their noise" in m for m in messages)


def test_the_index_message_says_rose_or_fell_beyond_its_noise_and_nothing_without_it() -> None:
    before = _report(BEFORE)
    risen = _report(_people(2, dict.fromkeys(Dimension, 0.6), {}), before)
    assert risen.change is not None and risen.change.real
    said = index_message(risen, 1)
    assert f". Since round 1 it {risen.change.words()}." in said and " it is " not in said
    assert "Since round" not in index_message(risen, None)
    assert "Since round" not in index_message(_report(AFTER), 1)  # no change to tell
    hidden = _report(AFTER[:3])
    assert index_message(hidden, 1) == "Too few people answered for the health index to be shown."


def test_the_first_round_and_a_round_where_nothing_moved_say_so() -> None:
    paper = _paper()
    first = key_messages(replace(paper, previous=None, previous_round=None))
    assert first[1] == "This is the first closed round: there is nothing to compare it with."
    steady = _people(7, {}, {"Finance": 2.2, "Legal": 2.8})
    still = replace(paper, report=_report(steady, paper.previous))
    assert key_messages(still)[1] == (
        "No area moved beyond its noise since round 1: every change was about the same."
    )


def test_a_real_trend_rises_or_falls_by_its_sign() -> None:
    def point(round_id: int, people: list[Person]) -> TrendPoint:
        index = _report(people).overall.index
        return TrendPoint(round_id, datetime(2026, 1, round_id, tzinfo=UTC), 90, 50, index, {})

    low, high = BEFORE, _people(2, dict.fromkeys(Dimension, 0.6), {})
    rise = [point(1, low), point(2, high)]
    assert direction(rise).startswith("rising over the last 2 rounds (")
    assert direction(rise[::-1]).startswith("falling over the last 2 rounds (")
