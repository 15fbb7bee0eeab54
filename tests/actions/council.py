"""The small council, its categories and a provider-voice thread, for the actions tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.domain.actions import Answer, Editor, create_action
from relbot.domain.categories import category_specs, ensure_categories
from relbot.models import Action, Person, TargetKind, VoiceItem
from relbot.models.voice import AuthorSide
from tests.directory_data import OFFICER, PROVIDER, load_council

TODAY = date(2027, 3, 1)  # a Monday
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
VOICE = "C0VOICE01"
ADMIN_EDITOR = Editor("cli:operator")


def council(session: Session, folder: Path) -> None:
    """The directory, the default categories, and one provider's item in the voice channel."""
    load_council(session, folder)
    ensure_categories(session=session, specs=category_specs(()))
    priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
    session.add(
        VoiceItem(
            channel=VOICE,
            ts="1804000000.000100",
            author_id=priya.id,
            author_side=AuthorSide.PROVIDER,
            text="Priya Patel here: invoices are paid late again",
            posted_at=datetime(2027, 2, 22, 9, 0, tzinfo=UTC),
        )
    )
    session.flush()


def voice_item(session: Session) -> VoiceItem:
    return session.scalars(select(VoiceItem).where(VoiceItem.thread_ts.is_(None))).one()


def add(
    session: Session,
    title: str = "Pay every invoice within 14 days",
    *answers: tuple[TargetKind, str],
    owner: str = OFFICER,
    due: date = date(2027, 3, 31),
    now: datetime = NOW,
) -> Action:
    """An action made as the command line makes it."""
    return create_action(
        session=session,
        editor=ADMIN_EDITOR,
        title=title,
        owner=owner,
        due=due,
        answers=[Answer(k, v) for k, v in answers] or [Answer(TargetKind.DIMENSION, "trust")],
        today=now.date(),
        now=now,
    )
