"""`/relbot digest`: this week's digest, shown only to the officer or admin who asked."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from relbot.domain.digest.data import DigestWeek
from relbot.domain.digest.gather import gather_figures
from relbot.domain.profile import person_by_slack_id
from relbot.models.enums import Side
from relbot.slack.deps import Deps
from relbot.slack.digest.blocks import digest_message, digest_refused_message


def digest_preview(deps: Deps, slack_user_id: str) -> dict[str, Any]:
    """The preview payload for officers and admins; a polite refusal for anyone else."""
    settings = deps.settings
    with deps.sessions.begin() as session:
        person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
        officer = person is not None and person.side is Side.OFFICER
        if not (officer or settings.is_admin(slack_user_id)):
            return digest_refused_message(settings.digest_channel).payload()
        figures = gather_figures(
            session=session,
            week=DigestWeek.of(datetime.now(UTC), settings.zone),
            zone=settings.zone,
            calendar=deps.calendar,
            min_group=settings.min_group_size,
        )
    return digest_message(figures, settings.zone, preview=True).payload()
