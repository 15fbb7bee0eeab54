"""Typed `private_metadata`: what a modal remembers between opening and submission."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from relbot.models.enums import Side

PRIVATE_METADATA_LIMIT = 3000
FORM_EXPIRED = "This form is out of date; please close it and open it again."
# A database id: anything else in metadata was not written by relbot.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class Metadata(BaseModel):
    """Serialised into a view's `private_metadata` and parsed back on submission."""

    model_config = ConfigDict(frozen=True)

    # Whose form it is: a submission by anyone else is refused (see `forms.OwnForm`).
    slack_user_id: str

    def dump(self) -> str:
        text = self.model_dump_json()
        assert len(text) <= PRIVATE_METADATA_LIMIT
        return text

    @classmethod
    def load(cls, text: str) -> Self:
        return cls.model_validate_json(text)

    @classmethod
    def from_view(cls, view: dict[str, Any]) -> Self | None:
        """The metadata relbot wrote into a submitted view; None when it is missing or foreign."""
        text = view.get("private_metadata")
        if not isinstance(text, str):
            return None
        try:
            return cls.load(text)
        except ValidationError:
            return None


class ProfileMetadata(Metadata):
    """The profile modal, and which side the person was on when it opened."""

    side: Side


class PulseMetadata(Metadata):
    """The pulse modal: which round, whose answers, and (in step 3) which departments."""

    round_id: Id
    departments: tuple[Id, ...] = ()


class QueryMetadata(Metadata):
    """The query modal: from a shortcut it carries the message it was opened on."""

    channel: str | None = None
    message_ts: str | None = None
    ticket_id: Id | None = None
    # Who wrote the message it was opened on: a provider there becomes the query's asker.
    author: str | None = None


class MustHaveMetadata(Metadata):
    """The Must Haves form: whose, and for which round."""

    collection_id: Id


class EnrolmentMetadata(Metadata):
    """The "Your details" form: the organisation the person's team belonged to when it
    opened (None: they were asked to name theirs)."""

    organisation: str | None = None


class ActionMetadata(Metadata):
    """The action forms: the action being updated, or the provider-voice items a new one
    answers (from the summary's button)."""

    action_id: Id | None = None
    voice_items: tuple[Id, ...] = ()
