"""The question bank: eight dimensions, each between two contrasting statements.

Wording is versioned. A round records the version it asked, and a version is never edited
once used: a change of wording is a new version, so old answers keep their old meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.models import PulseQuestion
from relbot.models.pulse import Dimension

NO_CONTACT = 0
SCORES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Question:
    dimension: Dimension
    title: str
    low: str
    high: str


BANK: dict[int, tuple[Question, ...]] = {
    1: (
        Question(
            Dimension.TRUST,
            "Trust",
            "We are guarded with each other and expect the worst.",
            "We trust each other to act in good faith and say when things go wrong.",
        ),
        Question(
            Dimension.INFORMATION_SHARING,
            "Sharing of information",
            "Information arrives late, partly, or not at all.",
            "We share what the other side needs, early and openly.",
        ),
        Question(
            Dimension.INCLUSION,
            "Inclusion in planning and decisions",
            "Decisions are made first and announced to us afterwards.",
            "We are involved in planning and key decisions from the start.",
        ),
        Question(
            Dimension.STRATEGIC_CLARITY,
            "Clarity of strategic direction",
            "I could not say where the council wants the care market to go.",
            "The direction is clear, consistent and explained.",
        ),
        Question(
            Dimension.RESPONSIVENESS,
            "Responsiveness",
            "Questions wait weeks and chasing is normal.",
            "Questions get a useful answer quickly.",
        ),
        Question(
            Dimension.MANAGING_CONFLICTS,
            "Managing conflicts",
            "Disagreements are avoided or turn into disputes.",
            "Disagreements are raised early and worked through together.",
        ),
        Question(
            Dimension.ROLES,
            "Understanding of roles and responsibilities",
            "It is unclear who does what, or whom to ask.",
            "Everyone knows who is responsible for what.",
        ),
        Question(
            Dimension.INTEGRATED_WORKING,
            "Integrated working",
            "We work in separate silos and hand problems over the fence.",
            "We work as one system around the people we support.",
        ),
    ),
}
CURRENT_VERSION = max(BANK)


def questions(version: int = CURRENT_VERSION) -> tuple[Question, ...]:
    """The eight questions of a version, in the order they are asked."""
    return BANK[version]


# Each dimension's name wherever figures are shown (reports, the digest, its chart): the
# current wording's, as every round's figures are read against today's names.
TITLES: dict[Dimension, str] = {question.dimension: question.title for question in questions()}


def ensure_bank(*, session: Session, version: int = CURRENT_VERSION) -> None:
    """Store a version's wording once, so the database keeps what each round asked."""
    stored = set(
        session.scalars(select(PulseQuestion.dimension).where(PulseQuestion.version == version))
    )
    for ordinal, question in enumerate(questions(version), start=1):
        if question.dimension in stored:
            continue
        try:  # another process may be storing the same wording at this moment
            with session.begin_nested():
                session.add(
                    PulseQuestion(
                        version=version,
                        dimension=question.dimension,
                        ordinal=ordinal,
                        title=question.title,
                        low_statement=question.low,
                        high_statement=question.high,
                    )
                )
                session.flush()
        except IntegrityError:
            continue
    session.flush()
