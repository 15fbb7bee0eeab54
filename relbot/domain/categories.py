"""The category list shared by Must Haves and provider-voice themes, and its categoriser.

The defaults are the seed report's best-fit categories. Operators may list their own; a
listed label that matches a default keeps the default's keywords, a new one starts from the
words of its label and learns from admins' corrections.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.analysis.categorise import Categoriser, CategorySpec
from relbot.db import SessionFactory
from relbot.models import MustHave, MustHaveCategory

OTHER = "other"
CORRECTED = "admin"


def _keywords(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "cooperation",
        "Better cooperation and collaboration",
        _keywords(
            """collaboration, collaborate, cooperation, co-operate, partnership, partner,
            together, jointly, joint working, one team, same side, solve problems,
            problem solving, co-produce, coproduction, integrated, mutual, support each other,
            shared goal, common goal, side by side, help each other, relationship,
            equal partner, alongside^2, round the table^2, part of the team^2,
            agree a plan, talk early, common purpose, people we support, person receiving care,
            plan together, discharge, nhs, health partners, icb, system partners,
            stuck in the middle^2, solution, solutions, trusted assessment^3,
            assessed twice, duplication, joined-up^2, work through"""
        ),
    ),
    CategorySpec(
        "meetings",
        "More effective meetings, events and communication",
        _keywords(
            """meeting, forum, event, newsletter, bulletin, email, communication, communicate,
            update, agenda, minutes, workshop, webinar, briefing, information, share information,
            jargon, message, attend, attendance, told, inform, announce, presentation,
            discussion, mailing, letter, session, sessions, room, topic, slides, online,
            evening, virtual, face to face, plain english^3, acronym, acronyms"""
        ),
    ),
    CategorySpec(
        "market",
        "Market and business understanding",
        _keywords(
            """market, business, understand, understanding, knowledge, pressures, viability,
            viable, sustainable, sustainability, margin, commercial, running a care, realities,
            reality, difficulties, constraints, overheads, shadow, walk in our shoes,
            day in the life, how a care, local authority, how the council works, legal duties,
            appreciate, awareness, insight, cost base, business model, capacity, rota, rotas,
            sufficiency, how homecare, how care homes, clearer picture, gaps, supply, demand,
            data, surplus, vacancies, councillor, councillors, auditor, auditors, public money,
            accountable, governance, statutory, shift^1.5, floor, frontline experience,
            see for themselves"""
        ),
    ),
    CategorySpec(
        "trust",
        "Trust and honesty",
        _keywords(
            """trust, honest, honesty, openness, open about, transparent, transparency, candid,
            straight, blame, defensive, respect, culture, good faith, truth, admit,
            mistakes, hidden, hide, suspicion, suspicious, fair, fairly, frank, second-hand,
            behind our backs, believe, credibility, promise, promises, tell us to our face^2,
            find out, surprises, cover up, openly, early warning, flag, worries, concerns early,
            going wrong^1.5, fear, fearing, quietly, favourites, favour, complain loudest,
            one rule for, cutting corners, assume, assumptions, judged, tarred, upfront^2,
            open and honest^2, hand back, handing back"""
        ),
    ),
    CategorySpec(
        "payments",
        "Payments and finance",
        _keywords(
            """pay, paid, payment, invoice, invoicing, fee, fees, uplift, finance, financial,
            remittance, price, pricing, rate, rates, top-up, top-ups, money, funding, budget,
            cash flow, cost of care, debt, billing, reconcile, reconciliation, arrears, owed,
            purchase order, payroll, inflation, credit note, credit notes"""
        ),
    ),
    CategorySpec(
        "strategy",
        "Clarity and consistency of strategy",
        _keywords(
            """strategy, strategic, direction, consistent, consistency, inconsistent, framework,
            spot, spot contract, spot purchase, commissioning intentions,
            market position statement, long-term plan, policy, policies, vision, priorities,
            procurement, tender, approach, same rules, one approach, u-turn, change direction,
            roadmap, future, goalposts, mixed messages, clarity, different answers^1.5,
            one line, clear line, same answer, same message^2, play off, contradict,
            contradictory, conflicting, written position^2, making it up^2, guidance,
            clear rules, ad hoc, direction of travel^2, moving away from, intentions"""
        ),
    ),
    CategorySpec(
        "responsiveness",
        "Responsiveness",
        _keywords(
            """respond, response, responsive, reply, replies, answer, quick, quickly, quicker, faster, prompt,
            promptly, timely, wait, waiting, chase, chasing, delay, delays, turnaround,
            get back, call back, return calls, voicemail, urgent, backlog, within days,
            same day, takes weeks, waited weeks, weeks later, acknowledge, unanswered, ignored, speed, within the hour^2,
            same-day, afterwards, arrive"""
        ),
    ),
    CategorySpec(
        "voice",
        "Provider voice and involvement",
        _keywords(
            """provider voice^2, voice, involve^2, involvement^2, involved^2, consult,
            consultation^3, genuine consultation, listen, listened, heard, co-design,
            representative, represent, seat at the table, input, feedback, decisions,
            views, board, panel, engage, engagement, before decisions,
            collective, champion, included, inclusion, specification, shape, design, survey,
            what they think, you said we did"""
        ),
    ),
    CategorySpec(
        "contacts",
        "Contacts and structure",
        _keywords(
            """contact, contacts, contact list, whom, structure, structure chart, org chart,
            named, single point, point of contact, directory, decision maker, decision makers,
            roles, roles and responsibilities, turnover, restructure, lead officer, link officer,
            phone number, who does what, who is who, escalate, escalation, switchboard,
            generic inbox, out-of-hours, named person, staff change, who replaces^2, replaces,
            contract officer, named officer, handover"""
        ),
    ),
    CategorySpec(
        OTHER,
        "Other",
        _keywords(
            """login, portal, system access, software, case management system^3,
            training places, recruitment, recruit, recruiting, retention, parking, ppe,
            vaccination, pension, apprenticeships, overseas recruitment^2, visas"""
        ),
    ),
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


def ensure_categories(*, session: Session, specs: Sequence[CategorySpec]) -> bool:
    """Store the list: new ones added, listed ones active in order, the rest kept but inactive.

    True when the stored list was already as given, so nothing was written."""
    stored = {c.key: c for c in session.scalars(select(MustHaveCategory))}
    wanted = {spec.key for spec in specs}
    unchanged = True
    for ordinal, spec in enumerate(specs):
        row = stored.get(spec.key)
        keywords = "\n".join(spec.keywords)
        if row is None:
            unchanged = False
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
            unchanged = False
            row.label, row.keywords, row.ordinal, row.active = spec.label, keywords, ordinal, True
    for key, row in stored.items():
        if key not in wanted and row.active:
            unchanged = False
            row.active = False
    session.flush()
    return unchanged


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


@lru_cache(maxsize=1)
def labelled_examples() -> tuple[tuple[str, str], ...]:
    """Must Haves labelled with the default categories' keys, shipped with relbot."""
    found: list[tuple[str, str]] = []
    for item in sorted(files("relbot.data").iterdir(), key=lambda item: item.name):
        if item.name.startswith("must_haves_") and item.name.endswith(".csv"):
            rows = csv.DictReader(io.StringIO(item.read_text(encoding="utf-8")))
            found += [(row["text"], row["category"]) for row in rows]
    return tuple(found)


def categoriser(*, session: Session) -> Categoriser:
    """A categoriser over the stored categories that has learned from every correction."""
    specs = [
        CategorySpec(c.key, c.label, tuple(k for k in c.keywords.splitlines() if k))
        for c in active_categories(session=session)
    ]
    return _built(tuple(specs), tuple(corrections(session=session)))


@lru_cache(maxsize=8)
def _built(specs: tuple[CategorySpec, ...], taught: tuple[tuple[str, str], ...]) -> Categoriser:
    # Training reads every example; the list and the corrections change rarely.
    return Categoriser(specs, labelled_examples(), taught, fallback=OTHER)


def warm_up(sessions: SessionFactory, labels: Sequence[str]) -> None:
    """Store the list and train the categoriser now, so the first Must Have is not kept
    waiting for it."""
    with sessions.begin() as session:
        ensure_categories(session=session, specs=category_specs(labels))
        categoriser(session=session)


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
