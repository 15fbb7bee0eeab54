"""Typed `private_metadata`: what a modal remembers between opening and submission."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from relbot.models.enums import Side

PRIVATE_METADATA_LIMIT = 3000


class ProfileMetadata(BaseModel):
    """The profile modal belongs to this person; a submission by anyone else is refused."""

    model_config = ConfigDict(frozen=True)

    slack_user_id: str
    side: Side

    def dump(self) -> str:
        text = self.model_dump_json()
        assert len(text) <= PRIVATE_METADATA_LIMIT
        return text

    @classmethod
    def load(cls, text: str) -> ProfileMetadata:
        return cls.model_validate_json(text)


class PulseMetadata(BaseModel):
    """The pulse modal: which round, whose answers, and (in step 3) which departments."""

    model_config = ConfigDict(frozen=True)

    round_id: int
    slack_user_id: str
    departments: tuple[int, ...] = ()

    def dump(self) -> str:
        text = self.model_dump_json()
        assert len(text) <= PRIVATE_METADATA_LIMIT
        return text

    @classmethod
    def load(cls, text: str) -> PulseMetadata:
        return cls.model_validate_json(text)
