"""Typed `private_metadata`: what a modal remembers between opening and submission."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict

from relbot.models.enums import Side

PRIVATE_METADATA_LIMIT = 3000


class Metadata(BaseModel):
    """Serialised into a view's `private_metadata` and parsed back on submission."""

    model_config = ConfigDict(frozen=True)

    def dump(self) -> str:
        text = self.model_dump_json()
        assert len(text) <= PRIVATE_METADATA_LIMIT
        return text

    @classmethod
    def load(cls, text: str) -> Self:
        return cls.model_validate_json(text)


class ProfileMetadata(Metadata):
    """The profile modal belongs to this person; a submission by anyone else is refused."""

    slack_user_id: str
    side: Side


class PulseMetadata(Metadata):
    """The pulse modal: which round, whose answers, and (in step 3) which departments."""

    round_id: int
    slack_user_id: str
    departments: tuple[int, ...] = ()


class QueryMetadata(Metadata):
    """The query modal: from a shortcut it carries the message it was opened on."""

    slack_user_id: str
    channel: str | None = None
    message_ts: str | None = None
    ticket_id: int | None = None


class MustHaveMetadata(Metadata):
    """The Must Haves form: whose, and for which round."""

    slack_user_id: str
    collection_id: int
