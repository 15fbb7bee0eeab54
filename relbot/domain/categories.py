"""The category list shared by Must Haves and provider-voice themes, and its categoriser.

The defaults are the seed report's best-fit categories. Operators may list their own; a
listed label that matches a default keeps the default's keywords, a new one starts from the
words of its label and learns from admins' corrections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.analysis.categorise import Categoriser, CategorySpec
from relbot.models import MustHave, MustHaveCategory

OTHER = "other"
CORRECTED = "admin"

DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "cooperation",
        "Better cooperation and collaboration",
        (
            "collaboration",
            "collaborate",
            "cooperation",
            "co-operate",
            "partnership",
            "partner",
            "together",
            "jointly",
            "joint working",
            "work with",
            "one team",
            "same side",
            "solve problems",
            "problem solving",
            "co-produce",
            "coproduction",
            "integrated",
            "mutual",
            "support each other",
            "shared goal",
            "common goal",
            "us and them",
            "side by side",
            "help each other",
            "relationship",
            "equal partner",
        ),
    ),
    CategorySpec(
        "meetings",
        "More effective meetings, events and communication",
        (
            "meeting",
            "forum",
            "event",
            "newsletter",
            "bulletin",
            "email",
            "communication",
            "communicate",
            "update",
            "agenda",
            "minutes",
            "workshop",
            "webinar",
            "briefing",
            "keep informed",
            "information",
            "share information",
            "jargon",
            "message",
            "attend",
            "attendance",
            "notice",
            "told",
            "inform",
            "announce",
            "presentation",
            "discussion",
            "mailing",
            "letter",
        ),
    ),
    CategorySpec(
        "market",
        "Market and business understanding",
        (
            "market",
            "business",
            "understand",
            "understanding",
            "knowledge",
            "pressures",
            "viability",
            "viable",
            "sustainable",
            "sustainability",
            "margin",
            "commercial",
            "running a",
            "realities",
            "reality",
            "difficulties",
            "constraints",
            "costs",
            "overheads",
            "shadow",
            "walk in",
            "day in the life",
            "how a care",
            "local authority",
            "how the council works",
            "legal duties",
            "appreciate",
            "awareness",
            "insight",
            "cost base",
            "business model",
        ),
    ),
    CategorySpec(
        "trust",
        "Trust and honesty",
        (
            "trust",
            "honest",
            "honesty",
            "openness",
            "open about",
            "transparent",
            "transparency",
            "candid",
            "straight",
            "blame",
            "defensive",
            "respect",
            "culture",
            "good faith",
            "integrity",
            "truth",
            "admit",
            "mistakes",
            "hidden",
            "hide",
            "suspicion",
            "suspicious",
            "fair",
            "fairly",
            "frank",
            "second-hand",
            "behind our backs",
            "believe",
            "credibility",
            "promise",
            "promises",
            "word",
        ),
    ),
    CategorySpec(
        "payments",
        "Payments and finance",
        (
            "pay",
            "paid",
            "payment",
            "invoice",
            "invoicing",
            "fee",
            "fees",
            "uplift",
            "finance",
            "financial",
            "remittance",
            "price",
            "pricing",
            "rate",
            "rates",
            "top-up",
            "top-ups",
            "money",
            "funding",
            "budget",
            "cash flow",
            "cost of care",
            "debt",
            "billing",
            "reconcile",
            "reconciliation",
            "arrears",
            "owed",
            "purchase order",
            "payroll",
            "inflation",
        ),
    ),
    CategorySpec(
        "strategy",
        "Clarity and consistency of strategy",
        (
            "strategy",
            "strategic",
            "direction",
            "consistent",
            "consistency",
            "inconsistent",
            "framework",
            "spot contract",
            "spot purchase",
            "commissioning intentions",
            "market position statement",
            "long-term plan",
            "policy",
            "policies",
            "vision",
            "priorities",
            "procurement",
            "tender",
            "approach",
            "same rules",
            "one approach",
            "u-turn",
            "change direction",
            "plans",
            "roadmap",
            "future",
            "goalposts",
            "mixed messages",
            "clarity",
        ),
    ),
    CategorySpec(
        "responsiveness",
        "Responsiveness",
        (
            "respond",
            "response",
            "responsive",
            "reply",
            "replies",
            "answer",
            "quick",
            "quickly",
            "prompt",
            "promptly",
            "timely",
            "wait",
            "waiting",
            "chase",
            "chasing",
            "delay",
            "delays",
            "turnaround",
            "get back",
            "call back",
            "return calls",
            "voicemail",
            "urgent",
            "backlog",
            "within days",
            "same day",
            "weeks",
            "hours",
            "acknowledge",
            "unanswered",
            "ignored",
            "speed",
        ),
    ),
    CategorySpec(
        "voice",
        "Provider voice and involvement",
        (
            "provider voice",
            "voice",
            "involve",
            "involvement",
            "involved",
            "consult",
            "consultation",
            "listen",
            "listened",
            "heard",
            "co-design",
            "representative",
            "represent",
            "seat at the table",
            "say in",
            "input",
            "feedback",
            "decisions",
            "have our say",
            "views",
            "board",
            "panel",
            "engage",
            "engagement",
            "ask us",
            "before decisions",
            "collective",
            "champion",
            "included",
            "inclusion",
        ),
    ),
    CategorySpec(
        "contacts",
        "Contacts and structure",
        (
            "contact",
            "contacts",
            "contact list",
            "who to",
            "whom",
            "structure",
            "structure chart",
            "org chart",
            "named",
            "single point",
            "point of contact",
            "directory",
            "decision maker",
            "decision makers",
            "roles",
            "responsibilities",
            "turnover",
            "restructure",
            "lead officer",
            "link officer",
            "phone number",
            "who does what",
            "who is who",
            "team",
            "teams",
            "escalate",
            "escalation",
            "switchboard",
            "generic inbox",
            "leaves",
        ),
    ),
    CategorySpec(OTHER, "Other"),
)


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:64] or "category"


def category_specs(labels: Sequence[str]) -> tuple[CategorySpec, ...]:
    """The configured list (defaults when empty), with "Other" always last."""
    if not labels:
        return DEFAULT_CATEGORIES
    defaults = {spec.label.casefold(): spec for spec in DEFAULT_CATEGORIES}
    chosen: list[CategorySpec] = []
    for label in labels:
        spec = defaults.get(label.casefold())
        if spec is None:
            spec = CategorySpec(_slug(label), label, (label,))
        if spec.key != OTHER and spec.key not in {c.key for c in chosen}:
            chosen.append(spec)
    chosen.append(defaults["other"])
    return tuple(chosen)


def ensure_categories(*, session: Session, specs: Sequence[CategorySpec]) -> None:
    """Store the list: new ones added, listed ones active in order, the rest kept but inactive."""
    stored = {c.key: c for c in session.scalars(select(MustHaveCategory))}
    wanted = {spec.key for spec in specs}
    for ordinal, spec in enumerate(specs):
        row = stored.get(spec.key)
        keywords = "\n".join(spec.keywords)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(
                        MustHaveCategory(
                            key=spec.key,
                            label=spec.label,
                            keywords=keywords,
                            ordinal=ordinal,
                            active=True,
                        )
                    )
            except IntegrityError:  # another process stored it first
                continue
        elif (row.label, row.keywords, row.ordinal, row.active) != (
            spec.label,
            keywords,
            ordinal,
            True,
        ):
            row.label, row.keywords, row.ordinal, row.active = spec.label, keywords, ordinal, True
    for key, row in stored.items():
        if key not in wanted and row.active:
            row.active = False
    session.flush()


def active_categories(*, session: Session) -> list[MustHaveCategory]:
    """The categories in their listed order."""
    return list(
        session.scalars(
            select(MustHaveCategory)
            .where(MustHaveCategory.active.is_(True))
            .order_by(MustHaveCategory.ordinal)
        )
    )


def corrections(*, session: Session, limit: int = 5000) -> list[tuple[str, str]]:
    """Texts an admin placed by hand, newest first: what the categoriser learns from."""
    return [
        (text, key)
        for text, key in session.execute(
            select(MustHave.text, MustHaveCategory.key)
            .join(MustHaveCategory, MustHave.category_id == MustHaveCategory.id)
            .where(MustHave.categorised_by == CORRECTED)
            .order_by(MustHave.updated_at.desc())
            .limit(limit)
        )
    ]


def categoriser(*, session: Session) -> Categoriser:
    """A categoriser over the stored categories that has learned from every correction."""
    specs = [
        CategorySpec(c.key, c.label, tuple(k for k in c.keywords.splitlines() if k))
        for c in active_categories(session=session)
    ]
    return Categoriser(specs, corrections(session=session), fallback=OTHER)


def category_by_key(*, session: Session, key: str) -> MustHaveCategory | None:
    """An active category by its key."""
    return session.scalar(
        select(MustHaveCategory).where(
            MustHaveCategory.key == key, MustHaveCategory.active.is_(True)
        )
    )


def best_fit(*, session: Session, text: str) -> MustHaveCategory:
    """The stored category the categoriser picks for the text."""
    key = categoriser(session=session).guess(text)
    found = category_by_key(session=session, key=key) or category_by_key(session=session, key=OTHER)
    if found is None:
        raise LookupError("the category list has not been stored; run `relbot migrate`")
    return found
