"""The daily retention job: clears free text older than `RELBOT_RETENTION_MONTHS`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.audit import claim_job_run, record_admin_action
from relbot.domain.retention import clear_free_text, months_before

logger = logging.getLogger(__name__)

JOB = "retention"
# Daylight saving repeats or skips an hour between 01:00 and 02:59; run after it.
EARLIEST_HOUR = 3


@dataclass
class RetentionJobs:
    """Everything the retention job needs."""

    settings: Settings
    sessions: SessionFactory
    _done: date | None = field(default=None, init=False, repr=False)

    def tick(self, now: datetime) -> None:
        """Clear expired free text once a local day, whichever process gets there first."""
        months = self.settings.retention_months
        local = now.astimezone(self.settings.zone)
        if months == 0 or local.hour < EARLIEST_HOUR or self._done == local.date():
            return
        self.run(now)

    def run(self, now: datetime) -> dict[str, int] | None:
        """Clear what is older than the retention period; None when today's run is done."""
        day = now.astimezone(self.settings.zone).date()
        before = months_before(now, self.settings.retention_months)
        with self.sessions.begin() as session:
            if not claim_job_run(session=session, job=JOB, slot=day.isoformat()):
                self._done = day
                return None
            counts = clear_free_text(session=session, before=before)
            if any(counts.values()):
                detail = {"before": before.isoformat(), "rows": counts}
                record_admin_action(
                    session=session, actor="relbot", action="retention.clear", detail=detail
                )
        self._done = day
        logger.info("retention: cleared free text before %s: %s", before.date(), counts)
        return counts
