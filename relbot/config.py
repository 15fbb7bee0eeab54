"""Settings read from the environment and `.env`; nothing happens on import."""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from relbot.analysis.worktime import WorkingCalendar

DEFAULT_DATABASE_URL = "sqlite:///relbot.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def _key(name: str) -> AliasChoices:
    """Accept the documented environment name and the field name (for tests and code)."""
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    """Every configuration key of relbot; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_key("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_key("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(None, validation_alias=_key("SLACK_APP_TOKEN"))
    slack_api_url: str = Field(DEFAULT_SLACK_API_URL, validation_alias=_key("SLACK_API_URL"))
    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias=_key("RELBOT_DATABASE_URL"))
    timezone: str = Field("Europe/London", validation_alias=_key("RELBOT_TIMEZONE"))
    admins: Annotated[tuple[str, ...], NoDecode] = Field((), validation_alias=_key("RELBOT_ADMINS"))
    digest_channel: str | None = Field(None, validation_alias=_key("RELBOT_DIGEST_CHANNEL"))
    digest_cron: str = Field("0 9 * * mon", validation_alias=_key("RELBOT_DIGEST_CRON"))
    officers_channel: str | None = Field(None, validation_alias=_key("RELBOT_OFFICERS_CHANNEL"))
    provider_voice_channel: str | None = Field(
        None, validation_alias=_key("RELBOT_PROVIDER_VOICE_CHANNEL")
    )
    queries_channel: str | None = Field(None, validation_alias=_key("RELBOT_QUERIES_CHANNEL"))
    provider_channels: Annotated[tuple[str, ...], NoDecode] = Field(
        (), validation_alias=_key("RELBOT_PROVIDER_CHANNELS")
    )
    # The emoji (by name, without colons) an officer reacts with on a provider's message in a
    # provider channel to log it as a query, as Slack Connect helpdesks use 📌; empty: off.
    query_reaction: str | None = Field(
        None, pattern=r"^[a-z0-9_+'-]{1,100}$", validation_alias=_key("RELBOT_QUERY_REACTION")
    )
    # The council's name as its committee papers print it on every page.
    council_name: str = Field(
        "The council", min_length=1, max_length=120, validation_alias=_key("RELBOT_COUNCIL_NAME")
    )
    min_group_size: int = Field(5, ge=2, le=1000, validation_alias=_key("RELBOT_MIN_GROUP_SIZE"))
    # How far (on the 1-4 scale) a dimension or a department's index may fall between two
    # closed rounds before the officers and the department's decision makers are told.
    drop_alert: float = Field(0.3, gt=0, le=3, validation_alias=_key("RELBOT_DROP_ALERT"))
    log_level: str = Field("INFO", validation_alias=_key("RELBOT_LOG_LEVEL"))
    pulse_cron: str = Field("0 10 * * mon", validation_alias=_key("RELBOT_PULSE_CRON"))
    pulse_every_weeks: int = Field(
        2, ge=1, le=12, validation_alias=_key("RELBOT_PULSE_EVERY_WEEKS")
    )
    pulse_anchor_date: date = Field(
        date(2024, 1, 1), validation_alias=_key("RELBOT_PULSE_ANCHOR_DATE")
    )
    pulse_open_days: float = Field(5, gt=0, le=28, validation_alias=_key("RELBOT_PULSE_OPEN_DAYS"))
    pulse_remind_after_days: float = Field(
        2, gt=0, le=28, validation_alias=_key("RELBOT_PULSE_REMIND_AFTER_DAYS")
    )
    schedule_grace_hours: float = Field(
        12, gt=0, le=168, validation_alias=_key("RELBOT_SCHEDULE_GRACE_HOURS")
    )
    scheduler_enabled: bool = Field(True, validation_alias=_key("RELBOT_SCHEDULER"))
    working_days: Annotated[tuple[int, ...], NoDecode] = Field(
        (0, 1, 2, 3, 4), validation_alias=_key("RELBOT_WORKING_DAYS")
    )
    working_hours: str = Field("09:00-17:00", validation_alias=_key("RELBOT_WORKING_HOURS"))
    holiday_calendar: str = Field("GB-ENG", validation_alias=_key("RELBOT_HOLIDAY_CALENDAR"))
    extra_holidays: Annotated[tuple[date, ...], NoDecode] = Field(
        (), validation_alias=_key("RELBOT_HOLIDAYS")
    )
    http_threads: int = Field(1, ge=1, le=64, validation_alias=_key("RELBOT_HTTP_THREADS"))
    http_workers: int = Field(1, ge=1, le=32, validation_alias=_key("RELBOT_HTTP_WORKERS"))
    listener_threads: int = Field(
        32, ge=1, le=256, validation_alias=_key("RELBOT_LISTENER_THREADS")
    )
    voice_summary_cron: str = Field(
        "30 9 * * mon", validation_alias=_key("RELBOT_VOICE_SUMMARY_CRON")
    )
    retention_months: int = Field(
        24, ge=0, le=240, validation_alias=_key("RELBOT_RETENTION_MONTHS")
    )
    categories: Annotated[tuple[str, ...], NoDecode] = Field(
        (), validation_alias=_key("RELBOT_CATEGORIES")
    )
    actions_show_owner: bool = Field(False, validation_alias=_key("RELBOT_ACTIONS_SHOW_OWNER"))
    action_follow_up_days: int = Field(
        28, ge=1, le=365, validation_alias=_key("RELBOT_ACTION_FOLLOW_UP_DAYS")
    )

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("categories", mode="before")
    @classmethod
    def _categories(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        labels = [" ".join(part.split()) for part in value.split(";") if part.strip()]
        folded = [label.casefold() for label in labels]
        if len(set(folded)) != len(folded):
            raise ValueError("a category is listed twice")
        if any(len(label) > 60 for label in labels):
            raise ValueError("keep each category within 60 characters")
        if len(labels) > 40:
            raise ValueError("list at most 40 categories")
        return tuple(labels)

    @field_validator("query_reaction", mode="before")
    @classmethod
    def _emoji_name(cls, value: object) -> object:
        """`:pushpin:` or `pushpin`; empty turns the reaction off."""
        if isinstance(value, str):
            return value.strip().strip(":").lower() or None
        return value

    @field_validator("working_days", mode="before")
    @classmethod
    def _working_days(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        days = []
        for part in (p.strip().lower()[:3] for p in value.split(",") if p.strip()):
            if part not in names:
                raise ValueError(f"{part!r} is not a day; use mon,tue,wed,thu,fri,sat,sun")
            days.append(names.index(part))
        if not days:
            raise ValueError("name at least one working day")
        return tuple(sorted(set(days)))

    @field_validator("working_hours")
    @classmethod
    def _working_hours(cls, value: str) -> str:
        try:
            opens, closes = (time.fromisoformat(part.strip()) for part in value.split("-"))
        except ValueError:
            raise ValueError("use HH:MM-HH:MM, like 09:00-17:00") from None
        if closes <= opens:
            raise ValueError("the day must end after it starts")
        return value

    @field_validator("holiday_calendar")
    @classmethod
    def _holiday_calendar(cls, value: str) -> str:
        if value.lower() == "none":
            return "none"
        import holidays

        country, _, subdivision = value.partition("-")
        try:
            holidays.country_holidays(country, subdiv=subdivision or None, years=2026)
        except NotImplementedError:
            raise ValueError(
                f"{value!r} is not a known calendar; use a code like GB-ENG, GB-SCT, IE, or none"
            ) from None
        return value

    @field_validator("extra_holidays", mode="before")
    @classmethod
    def _extra_holidays(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("pulse_cron", "digest_cron", "voice_summary_cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a crontab expression ({error})") from None
        return value

    @model_validator(mode="after")
    def _reminder_inside_round(self) -> Settings:
        if self.pulse_remind_after_days >= self.pulse_open_days:
            raise ValueError(
                "RELBOT_PULSE_REMIND_AFTER_DAYS must be less than RELBOT_PULSE_OPEN_DAYS"
            )
        return self

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from None
        return value

    @field_validator("admins", "provider_channels", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
        return value

    @field_validator("admins")
    @classmethod
    def _admin_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _slack_ids(value, ("U", "W"), "user", "U012AB3CD")

    @field_validator("provider_channels")
    @classmethod
    def _channel_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _slack_ids(value, ("C", "G"), "channel", "C012AB3CD")

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @property
    def zone(self) -> ZoneInfo:
        """The council's time zone."""
        return ZoneInfo(self.timezone)

    def working_calendar(self, years: range | None = None) -> WorkingCalendar:
        """Working days and hours with the configured holidays."""
        import holidays

        opens, closes = (time.fromisoformat(p.strip()) for p in self.working_hours.split("-"))
        span = years or range(date.today().year - 3, date.today().year + 3)
        days: set[date] = set(self.extra_holidays)
        if self.holiday_calendar != "none":
            country, _, subdivision = self.holiday_calendar.partition("-")
            days |= set(
                holidays.country_holidays(country, subdiv=subdivision or None, years=list(span))
            )
        return WorkingCalendar(
            self.zone, frozenset(self.working_days), opens, closes, frozenset(days)
        )

    @property
    def hub_channels(self) -> tuple[str, ...]:
        """The channels shared with providers, each with its hub: the provider-voice channel
        counts as one when it is not listed."""
        voice = self.provider_voice_channel
        extra = (voice,) if voice and voice not in self.provider_channels else ()
        return self.provider_channels + extra

    def is_admin(self, user_id: str) -> bool:
        """Whether a Slack user may run admin actions."""
        return user_id in self.admins

    def require(self, *fields: str) -> None:
        """Refuse to go on when a key a command needs is unset."""
        for name in fields:
            if getattr(self, name) in (None, ""):
                raise ConfigError(f"{env_name(name)} is required for this command but is not set")


class ConfigError(Exception):
    """A configuration key is missing or invalid; its message is one line naming the key."""


def env_name(field: str) -> str:
    """The documented environment name of a settings field."""
    alias = Settings.model_fields[field].validation_alias
    assert isinstance(alias, AliasChoices)
    first = alias.choices[0]
    assert isinstance(first, str)
    return first


def describe(error: ValidationError) -> str:
    """One line naming the first bad key and what is wrong with it."""
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    if not first["loc"]:
        return message  # a rule across keys; its message names them
    loc = str(first["loc"][0])
    field = loc.lower() if loc.isupper() else loc
    key = env_name(field) if field in Settings.model_fields else loc
    return f"{key}: {message}"


def _slack_ids(
    ids: tuple[str, ...], prefixes: tuple[str, ...], kind: str, example: str
) -> tuple[str, ...]:
    for found in ids:
        if found[:1] not in prefixes or not found.isalnum():
            raise ValueError(f"{found!r} is not a Slack {kind} id (like {example})")
    return ids


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Load settings once; raise ConfigError with a one-line message when a key is bad."""
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigError(describe(error)) from None
