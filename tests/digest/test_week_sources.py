"""The digest's Must Haves and provider-voice sections come from the week's stored items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from relbot.cli.commands.report import report
from relbot.cli.parser import build_parser
from relbot.domain.categories import category_specs, ensure_categories
from relbot.domain.digest.data import CategoryCount, DigestFigures, DigestWeek
from relbot.domain.digest.gather import gather_figures
from relbot.domain.musthaves import collections, entries
from relbot.domain.voice.items import VoiceMessage, record_message
from relbot.domain.voice.summary import ThemeCount
from relbot.models import MustHave, Person
from relbot.models.enums import Side
from relbot.slack.digest.blocks import digest_message
from standin.harness import Harness
from tests.slack.blocktext import block_text

LONDON = ZoneInfo("Europe/London")
WEEK = DigestWeek.of(datetime(2026, 11, 24, 12, tzinfo=UTC), LONDON)


def _figures(council: Harness, min_group: int) -> DigestFigures:
    with council.sessions.begin() as session:
        return gather_figures(
            session=session,
            week=WEEK,
            zone=LONDON,
            calendar=council.settings.working_calendar(),
            min_group=min_group,
        )


def test_must_haves_and_themes_of_the_week_reach_the_digest(council: Harness) -> None:
    start, _ = WEEK.period(LONDON)
    inside, before = start + timedelta(days=2), start - timedelta(days=3)
    with council.sessions.begin() as session:
        ensure_categories(session=session, specs=category_specs(()))
        opened = collections.open_collection(
            session=session, name="Workshop 9", now=before, actor="test"
        )
        people = list(session.scalars(select(Person).order_by(Person.id)))
        said = {
            Side.PROVIDER: [
                "Pay invoices on time",
                "Faster payment of our invoices",
                "Be honest with us when our contract is at risk",
            ],
            Side.OFFICER: ["Providers to invoice what they delivered"],
        }
        for person in people:
            for text in said[person.side]:
                entries.add(session=session, collection=opened, person=person, text=text)
        for row in session.scalars(select(MustHave)):
            row.created_at = inside
        old = session.scalars(select(MustHave).where(MustHave.side == Side.OFFICER)).first()
        assert old is not None
        old.created_at = before  # last week's: not counted
        provider = next(p for p in people if p.side is Side.PROVIDER)
        for number, when in enumerate((inside, inside, before), start=1):
            message = VoiceMessage(
                "C0VOICE",
                f"{int(when.timestamp())}.{number:06d}",
                None,
                provider.slack_user_id,
                f"Invoices paid late again <!channel> {number}",
            )
            record_message(session=session, message=message, categories=())
    shown = _figures(council, min_group=2)
    # Only the officers can be shown, and only where they wrote: the lone provider's
    # choice of trust and honesty stays unlisted.
    assert shown.must_haves == (CategoryCount("Payments and finance", None, 2),)
    assert shown.themes == (ThemeCount("Payments and finance", 2, 1),)
    text = block_text(digest_message(shown, LONDON).payload()["blocks"])
    assert "Payments and finance: (s) · *2*" in text
    assert "Payments and finance: *2* (↑1 on last week)" in text
    hidden = _figures(council, min_group=5)
    assert hidden.must_haves == (CategoryCount("All categories", None, None),)


def test_report_for_the_week_shows_the_same_counts(
    council: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    test_must_haves_and_themes_of_the_week_reach_the_digest(council)
    capsys.readouterr()
    settings = council.settings.model_copy(update={"min_group_size": 2})
    assert report(settings, build_parser().parse_args(["report", "--week", str(WEEK)])) == 0
    out = capsys.readouterr().out
    rows = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    assert "Payments and finance (s) 2" in rows
    assert "Payments and finance 2 +1" in rows
