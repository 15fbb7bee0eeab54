"""The closed vocabularies of DESIGN.md: sides, positions and the segments analysis groups by."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    PROVIDER = "provider"
    OFFICER = "officer"


class OfficerPosition(StrEnum):
    HEAD_OF_SERVICE = "head_of_service"
    MANAGER = "manager"
    OFFICER = "officer"
    PRACTITIONER = "practitioner"


class ProviderPosition(StrEnum):
    OWNER = "owner"
    DIRECTOR = "director"
    REGISTERED_MANAGER = "registered_manager"
    CARE_MANAGER = "care_manager"
    FRONTLINE = "frontline"


class Position(StrEnum):
    """Every position of either side, as stored; `positions_for` says which side may hold which."""

    HEAD_OF_SERVICE = "head_of_service"
    MANAGER = "manager"
    OFFICER = "officer"
    PRACTITIONER = "practitioner"
    OWNER = "owner"
    DIRECTOR = "director"
    REGISTERED_MANAGER = "registered_manager"
    CARE_MANAGER = "care_manager"
    FRONTLINE = "frontline"


class Area(StrEnum):
    NORTH = "north"
    MID = "mid"
    SOUTH = "south"
    WEST = "west"
    COUNTYWIDE = "countywide"


class ServiceType(StrEnum):
    HOMECARE = "homecare"
    RESIDENTIAL = "residential"
    SUPPORTED_LIVING = "supported_living"
    DAY_CARE = "day_care"
    OTHER = "other"


class OrgSize(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class CouncilShare(StrEnum):
    """Share of a provider's service users funded by the council, in per cent."""

    UP_TO_25 = "0-25"
    FROM_25_TO_50 = "25-50"
    FROM_50_TO_75 = "50-75"
    FROM_75_TO_100 = "75-100"


def positions_for(side: Side) -> tuple[Position, ...]:
    """The positions a person on this side may hold."""
    source: type[StrEnum] = OfficerPosition if side is Side.OFFICER else ProviderPosition
    return tuple(Position(member.value) for member in source)


def label(value: StrEnum | str) -> str:
    """A human label for a stored value: `registered_manager` -> `Registered manager`."""
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]
