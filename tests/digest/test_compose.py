"""The digest's Block Kit from figures: what a reader sees, section by section."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from relbot.analysis.cells import Cell
from relbot.domain.digest.data import CategoryCount
from relbot.domain.pulse.questions import TITLES
from relbot.domain.voice.summary import ThemeCount
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.slack.digest.blocks import digest_message, digest_refused_message
from relbot.slack.ids import Action, any_of
from tests.digest.synthetic import LONDON, figures
from tests.slack.blocktext import block_text


def _payload(**kwargs: Any) -> dict[str, Any]:
    return digest_message(figures(**kwargs), LONDON).payload()


def _text(**kwargs: Any) -> str:
    return block_text(_payload(**kwargs)["blocks"])


def test_headline_gives_the_index_out_of_four_with_its_change_and_trend() -> None:
    week = figures()
    assert week.pulse is not None
    report = week.pulse.report
    blocks = digest_message(week, LONDON).payload()["blocks"]
    assert blocks[0] == {
        "type": "header",
        # Named by the ISO week it reports on: 2 to 8 February is week 6.
        "text": {"type": "plain_text", "text": "Relationship health · week 6, 2026", "emoji": True},
    }
    headline = blocks[1]["text"]["text"]
    index, change = report.overall.index.value, report.change
    assert index is not None and change is not None
    arrow = {"rose": "↑", "fell": "↓"}.get(change.direction.value, "→")
    assert headline.startswith(f"*Health index: {index:.2f} / 4*  {arrow} {change.words()} since")
    invited, answered = sum(report.invited.values()), sum(report.responded.values())
    assert f"{answered} of {invited} answered ({answered / invited:.0%})" in headline
    assert "closed 6 Feb" in headline  # three days before week 7 starts on Monday 9 February
    points = re.search(r"Last rounds: (.*)", headline)
    assert points is not None and points[1].count("→") == len(week.pulse.trend) - 1


def test_each_dimension_shows_providers_officers_and_the_gap() -> None:
    week = figures()
    assert week.pulse is not None
    report = week.pulse.report
    text = block_text(digest_message(week, LONDON).payload()["blocks"])
    assert "*The eight dimensions* (providers · officers · gap)" in text
    for d in Dimension:
        p, o = (report.by_side[s].dimensions[d] for s in (Side.PROVIDER, Side.OFFICER))
        gap = report.gaps[d]
        assert p.value is not None and o.value is not None and gap is not None
        mark = {True: "", False: "†"}
        expected = (
            f"{TITLES[d]}: *{p.value:.2f}{mark[p.reliable]}* · *{o.value:.2f}{mark[o.reliable]}* "
            f"· gap {gap:+.2f}"
        )
        assert expected in text


def test_the_three_lowest_areas_are_the_lowest_overall_dimensions() -> None:
    week = figures(seed=3)
    assert week.pulse is not None
    overall = week.pulse.report.overall.dimensions
    ranked = sorted(d for d in Dimension if overall[d].value is not None)
    ranked.sort(key=lambda d: overall[d].value or 0)
    text = _text(seed=3)
    section = text[text.index("*Lowest areas*") :].split("\n")[1:4]
    assert section == [
        f"{n}. {TITLES[d]}: *{overall[d].value:.2f}*" for n, d in enumerate(ranked[:3], start=1)
    ]
    # Each lowest area has its button, which opens an action answering it.
    blocks = digest_message(week, LONDON).payload()["blocks"]
    [buttons] = [b for b in blocks if b["type"] == "actions"]
    assert [e["value"] for e in buttons["elements"]] == [f"dimension:{d.value}" for d in ranked[:3]]
    # Each its own action_id (Slack refuses a block that repeats one), all to one listener.
    ids = [e["action_id"] for e in buttons["elements"]]
    assert len(set(ids)) == len(ids) == 3
    assert all(any_of(Action.ACTION_NEW).match(i) for i in ids)


def test_small_groups_are_hidden_and_the_note_says_why() -> None:
    text = _text(providers=30, officers=3)
    # Shown beside the total, the providers' figures would give the officers' away.
    assert "Figures for providers and officers are hidden (s)" in text
    assert "fewer than 5 people answered" in text
    assert "Trust: *(s)* · *(s)* · gap —" in text
    small = _text(providers=7, officers=20)
    assert "Fewer than 10 providers answered: read their figures (marked †) with care." in small
    assert "Fewer than 10 officers" not in small
    assert "Each side's figures rest on at least 10 people." in _text(providers=30, officers=20)


def test_departments_lowest_first_and_hidden_ones_say_so() -> None:
    text = _text(providers=30, departments=("Finance", "Safeguarding", "Tiny"), seed=5)
    lines = text[text.index("*Departments, as providers rated them*") :].split("\n")[1:4]
    values = [float(m[1]) for line in lines if (m := re.search(r": \*(\d\.\d\d)", line))]
    assert values == sorted(values) and len(values) == 3
    hidden = _text(providers=4, officers=20, departments=("Finance",))
    assert "Finance: (s) fewer than 5 raters" in hidden


def test_response_times_per_department_most_overdue_first() -> None:
    week = figures(queue=("Finance", "Safeguarding", "Procurement"), seed=2)
    text = block_text(digest_message(week, LONDON).payload()["blocks"])
    assert "*Query response times* (queries logged 2 Feb to 8 Feb" in text
    rows = sorted(week.response_times, key=lambda r: (-r.overdue, -r.open, r.department))
    positions = [text.index(f"*{row.department}* · {row.count} quer") for row in rows]
    assert positions == sorted(positions)
    first = rows[0]
    median = first.first_response_working.median
    assert median is not None
    hours = median / 60
    shown = f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"
    assert f"{first.overdue} overdue\n      median {shown}" in text


def test_must_haves_and_themes_render_when_given_and_are_left_out_when_not() -> None:
    plain = _text()
    assert "Must Haves" not in plain and "What providers raised" not in plain
    counts = (
        CategoryCount("Payments and finance", 3, 1),
        CategoryCount("Trust & honesty <!here>", 5, 4),
        CategoryCount("Responsiveness", 0, 2),
    )
    themes = (ThemeCount("Late payments", 7, 3), ThemeCount("Meetings", 2, -1))
    text = _text(must_haves=counts, themes=themes)
    must = text[text.index("*Must Haves this week* (providers · officers)") :].split("\n")[1:4]
    assert must == [
        "Trust &amp; honesty &lt;!here&gt;: *5* · *4*",
        "Payments and finance: *3* · *1*",
        "Responsiveness: *0* · *2*",
    ]
    raised = text[text.index("*What providers raised this week*") :].split("\n")[1:3]
    assert raised == [
        "Late payments: *7* (↑3 on last week)",
        "Meetings: *2* (↓1 on last week)",
    ]


def test_empty_must_haves_and_themes_say_there_were_none() -> None:
    text = _text(must_haves=(), themes=())
    assert "*Must Haves this week* (providers · officers)\nNone were recorded this week." in text
    assert "Nothing was raised in the provider-voice channel." in text


def test_a_week_with_no_data_gets_a_short_honest_message() -> None:
    payload = _payload(rounds=0, queue=())
    assert len(payload["blocks"]) == 2
    text = block_text(payload["blocks"])
    assert "Nothing to report for the week of 2 Feb to 8 Feb" in text
    assert "no pulse round has closed yet" in text and "Health index" not in text
    assert payload["text"] == "Relationship health · week 6, 2026: nothing to report yet."


def test_queries_without_a_round_show_response_times_and_say_no_round_closed() -> None:
    text = _text(rounds=0)
    assert "*Health index*: no pulse round has closed yet." in text
    assert "*Finance* · " in text


def test_a_hidden_index_is_never_shown_as_a_number() -> None:
    week = figures()
    assert week.pulse is not None
    report = replace(
        week.pulse.report,
        overall=replace(week.pulse.report.overall, index=Cell(30, None, True, False)),
    )
    text = block_text(
        digest_message(replace(week, pulse=replace(week.pulse, report=report)), LONDON).payload()[
            "blocks"
        ]
    )
    assert "*Health index: (s) / 4*" in text


def test_user_text_is_escaped_everywhere() -> None:
    nasty = "<!channel> & <https://evil.example|click>"
    payload = _payload(
        departments=(nasty,),
        queue=(nasty,),
        must_haves=(CategoryCount(nasty, 1, 1),),
        themes=(ThemeCount(nasty, 1, 0),),
    )
    text = block_text(payload["blocks"])
    assert "<" not in text and ">" not in text
    assert text.count("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;") == 4


def test_preview_says_only_the_caller_sees_it() -> None:
    blocks = digest_message(figures(), LONDON, preview=True).payload()["blocks"]
    assert blocks[1]["type"] == "context"
    assert "only you can see this" in blocks[1]["elements"][0]["text"]


def test_others_are_refused_politely_with_where_the_digest_is_posted() -> None:
    text = block_text(digest_refused_message("C0DIGEST").payload()["blocks"])
    assert "for council officers" in text and "posted every week in <#C0DIGEST>" in text
