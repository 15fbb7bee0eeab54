"""Typed SQLAlchemy models, one aggregate per module; importing this registers them all."""

from relbot.models.audit import AuditEntry, JobRun
from relbot.models.base import Base
from relbot.models.digest import Digest
from relbot.models.directory import Department, Organisation, Person
from relbot.models.hub import HubMessage
from relbot.models.musthaves import MustHave, MustHaveCategory, MustHaveCollection
from relbot.models.pulse import (
    PulseAnnouncement,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseInvitation,
    PulseQuestion,
    PulseResponse,
    PulseRound,
)
from relbot.models.queries import QueryEvent, QueryReminder, QueryTicket
from relbot.models.voice import AuthorSide, VoiceItem, VoiceReaction

__all__ = [
    "AuditEntry",
    "AuthorSide",
    "Base",
    "Department",
    "Digest",
    "HubMessage",
    "JobRun",
    "MustHave",
    "MustHaveCategory",
    "MustHaveCollection",
    "Organisation",
    "Person",
    "PulseAnnouncement",
    "PulseAnswer",
    "PulseDepartmentAnswer",
    "PulseInvitation",
    "PulseQuestion",
    "PulseResponse",
    "PulseRound",
    "QueryEvent",
    "QueryReminder",
    "QueryTicket",
    "VoiceItem",
    "VoiceReaction",
]
