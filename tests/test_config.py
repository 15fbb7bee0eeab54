"""Settings: `.env.example` documents every key and loads as it stands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

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


def test_provider_channels_are_channel_ids_and_the_voice_channel_has_a_hub_too() -> None:
    settings = Settings(
        _env_file=None,
        provider_channels=" C0PROVA01, C0PROVB01,C0PROVA01 ",
        provider_voice_channel="C0VOICE01",
    )
    assert settings.provider_channels == ("C0PROVA01", "C0PROVB01")
    assert settings.hub_channels == ("C0PROVA01", "C0PROVB01", "C0VOICE01")
    listed = Settings(
        _env_file=None, provider_channels="C0VOICE01", provider_voice_channel="C0VOICE01"
    )
    assert listed.hub_channels == ("C0VOICE01",)
    with pytest.raises(ValidationError, match="'U0PROVA01' is not a Slack channel id"):
        Settings(_env_file=None, provider_channels="U0PROVA01")
    with pytest.raises(ValidationError, match="'C0ADMIN01' is not a Slack user id"):
        Settings(_env_file=None, admins="C0ADMIN01")
