"""Typed SQLAlchemy models, one aggregate per module; importing this registers them all."""

from relbot.models.actions import Action, ActionStatus, ActionTarget, ActionUpdate, TargetKind
from relbot.models.alerts import DropAlert, DropAlertPost, DropKind
from relbot.models.audit import AuditEntry, JobRun
from relbot.models.base import Base
from relbot.models.digest import Digest
from relbot.models.directory import Department, Organisation, OrganisationTeam, Person
from relbot.models.enrolment import EnrolmentRequest, RequestStatus
from relbot.models.follow_ups import PulseFollowUp, PulseFollowUpAnswer
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
from relbot.models.queries import QueryEvent, QueryRelay, QueryReminder, QueryTicket
from relbot.models.voice import AuthorSide, VoiceItem, VoiceReaction

__all__ = [
    "Action",
    "ActionStatus",
    "ActionTarget",
    "ActionUpdate",
    "AuditEntry",
    "AuthorSide",
    "Base",
    "Department",
    "Digest",
    "DropAlert",
    "DropAlertPost",
    "DropKind",
    "EnrolmentRequest",
    "HubMessage",
    "JobRun",
    "MustHave",
    "MustHaveCategory",
    "MustHaveCollection",
    "Organisation",
    "OrganisationTeam",
    "Person",
    "PulseAnnouncement",
    "PulseAnswer",
    "PulseDepartmentAnswer",
    "PulseFollowUp",
    "PulseFollowUpAnswer",
    "PulseInvitation",
    "PulseQuestion",
    "PulseResponse",
    "PulseRound",
    "QueryEvent",
    "QueryRelay",
    "QueryReminder",
    "QueryTicket",
    "RequestStatus",
    "TargetKind",
    "VoiceItem",
    "VoiceReaction",
]
