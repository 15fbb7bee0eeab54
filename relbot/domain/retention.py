"""Retention: free text older than the configured months is cleared; the figures stay."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from relbot.models import MustHave, PulseResponse, QueryTicket, VoiceItem

EXPIRED = "[removed after the retention period]"


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day if shorter)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=moment.tzinfo)
    last_day = (following - datetime(year, month, 1, tzinfo=moment.tzinfo)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def clear_free_text(*, session: Session, before: datetime) -> dict[str, int]:
    """Clear pulse comments, query texts, Must Have texts and provider-voice texts written
    before `before`; scores, timings, categories and counts are kept. Rows changed, by table."""
    statements = {
        "pulse_response": update(PulseResponse)
        .where(PulseResponse.submitted_at < before, PulseResponse.comment.is_not(None))
        .values(comment=None),
        "query_ticket": update(QueryTicket)
        .where(QueryTicket.created_at < before, QueryTicket.text != EXPIRED)
        .values(text=EXPIRED, source_permalink=None),
        "must_have": update(MustHave)
        .where(MustHave.created_at < before, MustHave.text != EXPIRED)
        .values(text=EXPIRED),
        "voice_item": update(VoiceItem)
        .where(VoiceItem.posted_at < before, VoiceItem.text != EXPIRED, VoiceItem.text != "")
        .values(text=EXPIRED),
    }
    counts = {}
    for table, statement in statements.items():
        result = session.execute(statement, execution_options={"synchronize_session": False})
        counts[table] = int(getattr(result, "rowcount", 0) or 0)
    session.flush()
    return counts
