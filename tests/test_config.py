"""Settings: `.env.example` documents every key and loads as it stands."""

from __future__ import annotations

import re
from pathlib import Path

from relbot.config import Settings, env_name

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def test_env_example_lists_every_key_and_loads() -> None:
    keys = set(re.findall(r"^([A-Z_]+)=", EXAMPLE.read_text(encoding="utf-8"), re.M))
    assert keys == {env_name(field) for field in Settings.model_fields}
    settings = Settings(_env_file=str(EXAMPLE))
    assert settings.min_group_size == 5 and settings.working_days == (0, 1, 2, 3, 4)


def test_working_calendar_includes_bank_holidays_and_extra_days() -> None:
    calendar = Settings(_env_file=None, extra_holidays="2026-12-24").working_calendar()
    from datetime import date

    assert not calendar.is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not calendar.is_working_day(date(2026, 12, 24))  # an extra closure day
    assert not calendar.is_working_day(date(2026, 8, 31))  # late summer bank holiday
    assert calendar.is_working_day(date(2026, 12, 23))
