"""The committee report, read back from its files: every section, each figure as worked out
again from the rows seeded (recount.py, not relbot's analysis), suppressed cells kept
hidden, and what accessibility asks."""

from __future__ import annotations

import dataclasses
import io
import itertools
import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from relbot.cli.commands.committee import gather_paper
from relbot.cli.demo.musthaves import simulate_must_haves
from relbot.cli.demo.voice import simulate_voice
from relbot.cli.render.committee.document import render_html, render_pdf
from relbot.cli.render.committee.paper import QUARTER_DAYS, ActionRow, CommitteePaper
from relbot.cli.render.committee.view import SEGMENT_TITLES, group_name
from relbot.cli.render.outcomes import outcome_sentence
from relbot.cli.render.pulse import SUPPRESSED
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.digest.data import DigestWeek
from relbot.domain.pulse.questions import TITLES
from relbot.models import Person, PulseRound
from relbot.models.enums import Side
from relbot.models.musthaves import CollectionStatus, MustHaveCollection
from relbot.models.pulse import Dimension
from tests.committee import recount
from tests.committee.reading import Page, Table, pdf_pages, pdf_sizes, read_html, words
from tests.digest.council import load_quarter

COUNCIL = "Testshire County Council"
SECTIONS = (
    "summary",
    "dimensions",
    "heatmap",
    "segments",
    "responses",
    "must-haves",
    "voice",
    "actions",
    "methods",
)
# Small enough that some departments of the small seeded council are shown, some hidden.
MIN_GROUP = 3
NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


@pytest.fixture
def seeded(sessions: SessionFactory, tmp_path: Path) -> tuple[SessionFactory, Settings]:
    """A quarter of a synthetic council: four closed rounds, queries, Must Haves, voice."""
    url = sessions.kw["bind"].url.render_as_string(hide_password=False)
    settings = Settings(
        _env_file=None, database_url=url, council_name=COUNCIL, min_group_size=MIN_GROUP
    )
    week = DigestWeek.of(NOW, settings.zone)
    load_quarter(sessions, settings, tmp_path, week)
    start, end = week.period(settings.zone)
    with sessions.begin() as session:
        simulate_must_haves(
            session=session,
            rng=random.Random(3),
            start=start - timedelta(weeks=4),
            end=end,
            actor="test",
        )
    with sessions.begin() as session:
        simulate_voice(session=session, rng=random.Random(3), now=end - timedelta(days=5))
    return sessions, settings


def _paper(seeded: tuple[SessionFactory, Settings]) -> CommitteePaper:
    sessions, settings = seeded
    return gather_paper(sessions, settings, now=NOW)


def _cells_match(table: Table, expected: list[list[str]]) -> None:
    assert table.texts() == expected


def _check_figures(
    page: Page, paper: CommitteePaper, seeded: tuple[SessionFactory, Settings]
) -> None:
    """Every figure the board reads is the one worked out here again from the raw answers
    and queries (tests/committee/recount.py), never from relbot's own analysis; every
    suppressed cell says so."""
    sessions, settings = seeded
    k = MIN_GROUP
    with sessions.begin() as session:
        closed = recount.closed_rounds(session, upto=paper.round_id)
        *_, previous, latest = closed
        this, before = recount.recount(session, latest, k), recount.recount(session, previous, k)
        trend = [recount.round_index(session, r, k) for r in closed]
        closed_at = session.scalar(select(PulseRound.closed_at).where(PulseRound.id == latest))
        assert closed_at is not None and paper.period_end == closed_at
        start = closed_at - timedelta(days=QUARTER_DAYS)
        day = recount.day_minutes(settings)
        times = recount.response_times(recount.queries(session, settings, start, closed_at), day)
        shown_sides, must_have_rows = recount.must_have_rows(session, NOW, k)
    assert paper.round_id == latest

    def text(m: recount.Mean) -> str:
        return recount.text(m, k)

    def favourable(m: recount.Mean) -> str:
        return recount.favourable(m, k)

    index = this.overall[recount.INDEX]
    # The headline: the index, its change since the round before and the trend, each called
    # a rise or a fall only when its 95% interval excludes zero.
    since = recount.moved(trend[-2], index)
    course = recount.direction(trend)
    invited, responded = this.invited, Counter(p.side for p in this.people)
    assert page.tables["headline"].texts() == [
        ["Health index (1 poor to 4 strong)", text(index), f"since round {previous}: {since}"],
        ["Favourable answers (3 or 4)", favourable(index), "of every 1 to 4 answer"],
        ["Trend", "", course],
        [
            "Response rate",
            f"{sum(responded.values()) / sum(invited.values()):.0%}",
            ", ".join(f"{responded[s]} of {invited[s]} {s.value}s" for s in Side),
        ],
    ]
    # The seeded rounds hold both verdicts: a change within its noise, and a trend beyond it.
    assert since.startswith("about the same (") and course.startswith("rising over the last 4")
    # Strongest and weakest: the dimensions by everyone's mean, three from each end.
    by_mean = sorted(
        ((d, m) for d in Dimension if (m := this.overall[d.value]).value is not None),
        key=lambda pair: -(pair[1].value or 0),
    )
    assert len(by_mean) == len(Dimension)
    strongest, weakest = by_mean[:3], by_mean[::-1][:3]
    assert page.tables["strongest"].texts() == [
        [str(rank), *(t for d, m in pair for t in (TITLES[d], text(m), favourable(m)))]
        for rank, pair in enumerate(zip(strongest, weakest, strict=True), start=1)
    ]
    provider, officer = this.sides[Side.PROVIDER], this.sides[Side.OFFICER]

    def gap(d: Dimension) -> str:
        ours, theirs = provider[d.value].value, officer[d.value].value
        return "—" if ours is None or theirs is None else f"{ours - theirs:+.2f}"

    assert page.tables["dimension-table"].texts() == [
        [
            TITLES[d],
            *(
                t
                for side in (provider, officer)
                for t in (text(side[d.value]), favourable(side[d.value]))
            ),
            gap(d),
            text(this.overall[d.value]),
            recount.moved(before.overall[d.value], this.overall[d.value]),
        ]
        for d in Dimension
    ]
    hidden = 0
    for (side, segment), groups in this.segments.items():
        table = page.tables[f"segment-{side.value}-{segment}"]
        assert sorted(table.texts()) == sorted(
            [group_name(name), text(f[recount.INDEX]), *(text(f[d.value]) for d in Dimension)]
            for name, f in groups.items()
        )
        hidden += sum(1 for row in table.texts() for cell in row if cell == SUPPRESSED)
        whole = this.sides[side]
        for column, key in enumerate([recount.INDEX, *(d.value for d in Dimension)], start=1):
            marks = [row[column] for row in table.texts()].count(SUPPRESSED)
            # One hidden group beside a shown total could be worked out by subtraction.
            assert not (whole[key].value is not None and marks == 1), (table.id, column)
    assert hidden > 0, "the seeded council should have small groups to hide"
    departments = this.departments
    assert page.tables["heatmap-table"].texts() == [
        [
            name,
            str(len(raters)) if len(raters) >= k else f"< {k}",
            text(f[recount.INDEX]),
            *(text(f[d.value]) for d in Dimension),
        ]
        for name, (raters, f) in departments.items()
    ]
    # "No contact" answers, by side and by department; none counted under k people.
    sides = {s: [p for p in this.people if p.side is s] for s in Side}
    assert all(len(people) >= k for people in sides.values())
    assert page.tables["no-contact-sides"].texts() == [
        [name, *(SUPPRESSED if c is None else str(c) for c in this.no_contact(sides[s]))]
        for s, name in ((Side.PROVIDER, "Providers"), (Side.OFFICER, "Officers"))
    ]
    expected_no_contact = []
    for name, (raters, _) in departments.items():
        counts = this.no_contact(raters)
        shown_counts = [c for c in counts if c is not None]
        mean = f"{sum(shown_counts) / len(shown_counts):.1f}" if shown_counts else SUPPRESSED
        expected_no_contact.append(
            [name, *(SUPPRESSED if c is None else str(c) for c in counts), mean]
        )
    assert page.tables["no-contact-departments"].texts() == expected_no_contact
    assert any(row[-1] not in (SUPPRESSED, "0.0") for row in expected_no_contact)
    assert any(row[-1] == SUPPRESSED for row in expected_no_contact)
    # How far the figures can be relied on: every figure of the round counted, hidden or
    # shown on fewer than 2k people.
    assert this.reliability().startswith("Some groups are small: ")
    assert f"Reliability. {this.reliability()} " in words(page.sections["summary"])
    # Response times, from each query's stored working minutes and, for one still waiting,
    # the working minutes it has waited by the period's end.

    def days(minutes: float | None) -> str:
        return "—" if minutes is None else f"{minutes / day:.1f}"

    def within(r: recount.Times) -> str:
        return f"{r.within / r.decided:.0%}" if r.decided else "—"

    def in_time(r: recount.Times) -> str:
        p90 = recount.nearest_rank(r.firsts, 0.9)
        return "—" if p90 is None else ("yes" if p90 <= r.target * day else "no")

    assert page.tables["response-table"].texts() == [
        [
            r.name,
            str(r.count),
            within(r),
            days(recount.nearest_rank(r.firsts, 0.5)),
            days(recount.nearest_rank(r.firsts, 0.9)),
            f"{r.target:g}",
            in_time(r),
            days(recount.nearest_rank(r.resolutions, 0.5)),
            str(r.late),
            str(r.open),
            str(r.overdue_now),
        ]
        for r in sorted(times, key=lambda r: r.name.lower())
    ]
    # The departments furthest from target: the smallest share within it first.
    slowest = sorted(
        (r for r in times if r.decided),
        key=lambda r: (r.within / r.decided, -r.overdue_now, r.name.lower()),
    )[:3]
    assert len(slowest) == 3 and len([r for r in times if r.decided]) > 3
    assert page.tables["slowest"].texts() == [
        [
            r.name,
            within(r),
            days(recount.nearest_rank(r.firsts, 0.9)),
            f"{r.target:g}",
            str(r.overdue_now),
        ]
        for r in slowest
    ]
    # Must Haves: each shown side's items per category, and the share of its people naming it.
    assert shown_sides, "the seeded council's Must Haves should be shown"
    assert page.tables["must-have-table"].texts() == must_have_rows


def _check_accessible(page: Page) -> None:
    assert page.lang == "en-GB"
    levels = [level for level, _, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    for table in page.tables.values():
        assert table.head and all(scope == "col" for _, scope in table.head), table.id
        for row in table.rows:
            kind, _, scope = row[0]
            assert (kind, scope) == ("th", "row") or len(row) == 1, (table.id, row)
    assert len(page.images) >= 3
    for image in page.images:
        assert (image["src"] or "").startswith("data:image/svg+xml;base64,")
        alt = image["alt"] or ""
        assert re.search(r"\d", alt), alt  # says what the chart finds, with its figures
    # Greyscale: a higher score is never lighter, and the ink on each fill stays legible.
    fills = []
    for row, styles in zip(
        page.tables["heatmap-table"].texts(), page.tables["heatmap-table"].styles, strict=True
    ):
        for text, style in zip(row[2:], styles[2:], strict=True):
            if style and text not in (SUPPRESSED, "—"):
                colours = re.findall(r"#([0-9a-f]{6})", style)
                fills.append(
                    (float(text.rstrip("*")), _luminance(colours[0]), _luminance(colours[1]))
                )
    assert fills, page.tables["heatmap-table"].texts()
    ordered = sorted(fills)
    assert all(a[1] >= b[1] - 1e-9 for a, b in itertools.pairwise(ordered))
    for _, fill, ink in fills:
        light, dark = max(fill, ink), min(fill, ink)
        assert (light + 0.05) / (dark + 0.05) >= 4.5


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _check_voice(
    page: Page, paper: CommitteePaper, seeded: tuple[SessionFactory, Settings]
) -> None:
    """What providers raised: the period before, the share an officer answered, and their
    words, read back from the database."""
    from relbot.domain.voice.summary import quotable
    from relbot.models import AuthorSide, VoiceItem

    sessions, _ = seeded
    with sessions.begin() as session:
        items = session.scalars(
            select(VoiceItem).where(
                VoiceItem.thread_ts.is_(None),
                VoiceItem.deleted_at.is_(None),
                VoiceItem.author_side == AuthorSide.PROVIDER,
                VoiceItem.posted_at >= paper.period_start,
                VoiceItem.posted_at < paper.period_end,
            )
        ).all()
        raised, answered = len(items), sum(1 for i in items if i.officer_answered_at)
        texts = {quotable(i.text) for i in items}
    assert raised > 0
    voice = page.sections["voice"]
    assert f"An officer answered {answered} of the {raised} raised by providers" in voice
    table = page.tables["theme-table"]
    assert table.column("This period") == [str(t.theme.count) for t in paper.themes]
    assert table.column("Period before") == [
        str(t.theme.count - t.theme.change) for t in paper.themes
    ]
    quoted = re.findall(r": “(.*?)”", voice)
    assert quoted and set(quoted) <= texts
    assert "<@" not in voice


def test_the_html_holds_every_section_and_the_figures_of_relbot_report(
    seeded: tuple[SessionFactory, Settings],
) -> None:
    paper = _paper(seeded)
    html = render_html(paper)
    page = read_html(html)
    assert [anchor for _, _, anchor in page.headings if anchor and anchor[2:] in SECTIONS] == [
        f"h-{s}" for s in SECTIONS
    ]
    for section in SECTIONS:
        assert page.sections[section].strip(), section
    assert COUNCIL in page.headings[0][1]
    _check_figures(page, paper, seeded)
    _check_accessible(page)
    _check_voice(page, paper, seeded)
    assert {t.id for t in page.tables.values()} >= {
        f"segment-{side.value}-{segment}" for side, segment in SEGMENT_TITLES
    }
    # Response counts of small groups are hidden, never one alone beside the shown total.
    rates = page.tables["response-rates"].texts()
    by_segment: dict[str, list[str]] = {}
    for group, _, answered, _ in rates:
        by_segment.setdefault(group.split(":")[0], []).append(answered)
    assert any(SUPPRESSED in counts for counts in by_segment.values())
    for segment, counts in by_segment.items():
        assert counts.count(SUPPRESSED) != 1, segment
        shown = [int(c) for c in counts if c != SUPPRESSED]
        assert all(c >= MIN_GROUP or c == 0 for c in shown), segment
    assert "No actions have been recorded yet." in page.sections["actions"]
    assert "No actions have been recorded yet." in page.sections["summary"]
    # Self-contained: nothing is fetched when it is opened.
    assert not re.search(
        r"""(src|href)=["']?(https?:|//)|url\(\s*["']?https?:|<link|<script""", html
    )
    # Free text without names: no person's name appears anywhere.
    sessions, _ = seeded
    with sessions.begin() as session:
        names = set(session.scalars(select(Person.name)))
    assert names and not [n for n in names if n in html]


def test_actions_and_what_was_done_since_last_time_are_shown_when_recorded(
    seeded: tuple[SessionFactory, Settings],
) -> None:
    paper = _paper(seeded)
    done_on = paper.period_end.date() - timedelta(days=3)
    paper = dataclasses.replace(
        paper,
        actions=(
            ActionRow(
                "Publish a contacts list with decision makers",
                "category: Contacts and structure",
                "done",
                done_on,
                done_on,
                outcome="Trust rose by 0.31 (±0.20) … no different from the general drift.",
                verdict="no different from the general drift",
            ),
            ActionRow("Join up safeguarding referrals", status="planned", due=date(2030, 1, 1)),
        ),
    )
    page = read_html(render_html(paper))
    rows = page.tables["action-table"].texts()
    assert rows[0] == [
        "Publish a contacts list with decision makers",
        "category: Contacts and structure",
        "Done",
        f"{done_on:%-d %b %Y}",
        f"{done_on:%-d %b %Y}",
        "Trust rose by 0.31 (±0.20) … no different from the general drift.",
    ]
    assert rows[1] == ["Join up safeguarding referrals", "—", "Planned", "1 Jan 2030", "—", "—"]
    summary = page.sections["summary"]
    assert "Publish a contacts list with decision makers" in summary
    assert "Join up safeguarding referrals" not in summary  # not done yet
    assert "No actions have been recorded yet." not in page.text


def test_the_pdf_is_a4_tagged_and_holds_the_html_content_with_the_council_date_and_page(
    seeded: tuple[SessionFactory, Settings],
) -> None:
    paper = _paper(seeded)
    # A provider's words the font cannot show do not stop the paper, nor vanish unmarked.
    musts = paper.must_haves
    assert musts is not None
    first = musts.lines[0]
    odd = dataclasses.replace(
        first,
        texts={
            **first.texts,
            Side.PROVIDER: ("Quicker answers 🦄 中文", *first.texts[Side.PROVIDER]),
        },
    )
    paper = dataclasses.replace(
        paper, must_haves=dataclasses.replace(musts, lines=(odd, *musts.lines[1:]))
    )
    pdf = render_pdf(paper)
    pages = pdf_pages(pdf)
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in pdf_sizes(pdf))
    produced = f"{paper.produced:%-d %B %Y}"
    for number, text in enumerate(pages, start=1):
        assert COUNCIL in text and produced in text, number
        assert f"Page {number} of {len(pages)}" in text
    everything = " ".join(pages)
    page = read_html(render_html(paper))
    for _, heading, _ in page.headings:
        assert heading in everything, heading
    # Every table row is in the PDF whole, on one page: tables are not cut through a row.
    for table in page.tables.values():
        for row in table.texts():
            line = " ".join(text for text in row if text)
            assert any(line in text for text in pages), (table.id, line)
    assert everything.count(SUPPRESSED) == page.text.count(SUPPRESSED) > 0
    assert "Quicker answers □ □□" in everything
    # Tagged for accessibility, read back from its objects.
    found = _structure(pdf)
    assert found["tagged"] and found["ua"] == "1"
    assert found["lang"] == "en-GB"
    assert found["title"] == page.headings[0][1].replace(
        ": the relationship with care providers",
        f": relationship with care providers, pulse round {paper.round_id}",
    )
    assert found["fonts"] and all(found["fonts"].values()), found["fonts"]
    assert {name.split("+")[-1] for name in found["fonts"]} <= {
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "DejaVuSans-BoldOblique",
    }
    assert sorted(found["alts"]) == sorted(image["alt"] for image in page.images)
    assert len(page.images) >= 3
    assert found["tables"] == len(page.tables)
    assert found["headers"] >= sum(len(t.head) for t in page.tables.values())
    assert found["headings"][0] == "/Title" and found["headings"][1:3] == ["/H1", "/H2"]


def test_the_paper_lists_the_actions_the_council_recorded(
    seeded: tuple[SessionFactory, Settings],
) -> None:
    from relbot.domain.actions import Answer, Editor, create_action, update_action
    from relbot.domain.actions_outcomes import action_outcomes
    from relbot.models.actions import ActionStatus, TargetKind

    sessions, _ = seeded
    closed = _paper(seeded).period_end  # the round's close: done before it is "since last time"
    with sessions.begin() as session:
        owner = session.scalars(
            select(Person.slack_user_id).where(Person.side == Side.OFFICER).limit(1)
        ).one()
        editor = Editor("cli-test")
        made = create_action(
            session=session,
            editor=editor,
            title="Pay invoices within 14 days",
            owner=owner,
            due=closed.date(),
            answers=[Answer(TargetKind.DIMENSION, "responsiveness")],
            today=closed.date() - timedelta(days=5),
            now=closed - timedelta(days=5),
        )
        update_action(
            session=session,
            editor=editor,
            action_id=made.id,
            status=ActionStatus.DONE,
            now=closed - timedelta(days=3),
        )
    paper = _paper(seeded)
    page = read_html(render_html(paper))
    [row] = page.tables["action-table"].texts()
    assert row[:3] == ["Pay invoices within 14 days", "Responsiveness", "Done"]
    with sessions.begin() as session:
        [outcome] = action_outcomes(session=session, min_group=MIN_GROUP, upto=paper.round_id)
    assert outcome.change is not None and outcome.change.everyone is not None
    assert row[5] == outcome_sentence(outcome)  # as `relbot report` says it
    assert row[5].startswith("Responsiveness ")
    assert row[5].endswith("Providers have not been asked about it yet.")
    assert "Pay invoices within 14 days" in page.sections["summary"]


def _structure(pdf: bytes) -> dict[str, Any]:
    """The PDF's accessibility read back from its objects: its tag tree, language, title,
    and whether every font it uses is embedded."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf))
    root = document.Root
    tree = root.get("/StructTreeRoot")
    roles = tree.get("/RoleMap", {}) if tree is not None else {}
    elements: list[Any] = []

    def walk(node: Any) -> None:
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                elements.append(kid)
                walk(kid)

    if tree is not None:
        walk(tree)

    def role(element: Any) -> str:
        return str(roles.get(element.S, element.S))

    fonts: dict[str, bool] = {}

    def embedded(font: Any) -> bool:
        if font.get("/Subtype") == "/Type0":
            return all(embedded(d) for d in font.DescendantFonts)
        descriptor = font.get("/FontDescriptor")
        return descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )

    def read_fonts(resources: Any) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            fonts[str(font.get("/BaseFont"))] = embedded(font)
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                read_fonts(xobject.get("/Resources"))

    for page in document.pages:
        read_fonts(page.obj.get("/Resources"))
    with document.open_metadata() as meta:
        ua = meta.get("pdfuaid:part")
    return {
        "tagged": tree is not None and bool(root.get("/MarkInfo", {}).get("/Marked", False)),
        "lang": str(root.get("/Lang")),
        "title": str(document.docinfo.get("/Title")),
        "ua": ua,
        "fonts": fonts,
        "alts": [str(e.get("/Alt")) for e in elements if role(e) == "/Figure"],
        "tables": sum(1 for e in elements if role(e) == "/Table"),
        "headers": sum(1 for e in elements if role(e) == "/TH"),
        "headings": [str(e.S) for e in elements if str(e.S) in ("/H1", "/H2", "/H3", "/Title")],
    }


def test_only_a_closed_must_have_collection_is_reported(
    seeded: tuple[SessionFactory, Settings],
) -> None:
    from relbot.domain.musthaves import collections, entries

    sessions, _ = seeded
    closed = _paper(seeded).must_haves
    assert closed is not None
    # A new collection opens, and people start writing: the paper still shows the closed one.
    with sessions.begin() as session:
        opened = collections.open_collection(
            session=session, name="Next quarter", now=NOW - timedelta(days=1), actor="test"
        )
        person = session.scalars(select(Person).where(Person.side == Side.PROVIDER)).first()
        assert person is not None
        entries.add(session=session, collection=opened, person=person, text="Open-round text")
    paper = _paper(seeded)
    assert paper.must_haves is not None
    assert paper.must_haves.collection.name == closed.collection.name
    html = render_html(paper)
    assert "Open-round text" not in html
    assert f"The collection {closed.collection.name} (closed)" in html
    # With no collection closed by the report's day, none is reported at all.
    with sessions.begin() as session:
        session.execute(update(MustHaveCollection).values(status=CollectionStatus.OPEN))
    section = read_html(render_html(_paper(seeded))).sections["must-haves"]
    assert "No Must Have collection had closed" in section
    assert "must-have-table" not in render_html(_paper(seeded))


def test_quotes_name_nobody() -> None:
    from relbot.domain.voice.summary import quotable

    said = quotable(
        "Thanks <@U0123ABC> and <!here>: see <https://x.example/a|the form> &amp; "
        "<#C1|general> or <#C2>, " + "and more " * 40
    )
    assert said.startswith(
        "Thanks (someone) and (someone): see the form & #general or a channel, and more"
    )
    assert len(said) <= 221 and said.endswith("…") and not said.endswith(" …")
