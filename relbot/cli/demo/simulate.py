"""Simulated pulse rounds for the demo and the benchmarks, shaped like the seed report:
providers score lower than officers, the North higher, the West lower, Safeguarding best
and Finance worst, and both sides improve a little round by round."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.pulse.answers import save_departments, save_overall
from relbot.domain.pulse.rounds import RoundTimes, close_round, open_round
from relbot.domain.queries.tickets import log_query, record_posted, resolve, respond_button
from relbot.models import Department, Person
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.models.queries import QuerySource

AREA_LEAN = {"north": 0.4, "countywide": 0.25, "mid": -0.2, "west": -0.35, "south": -0.1}
DIMENSION_LEAN = {
    Dimension.RESPONSIVENESS: 0.2,
    Dimension.MANAGING_CONFLICTS: 0.15,
    Dimension.ROLES: 0.2,
    Dimension.INFORMATION_SHARING: -0.35,
    Dimension.INCLUSION: -0.3,
    Dimension.STRATEGIC_CLARITY: -0.15,
    Dimension.TRUST: -0.1,
    Dimension.INTEGRATED_WORKING: 0,
}
DEPARTMENT_LEAN = {"safeguarding": 0.5, "finance": -0.5, "procurement": -0.2}
NO_CONTACT_CHANCE = 0.06


def simulate_rounds(
    *,
    session: Session,
    rng: random.Random,
    start: datetime,
    rounds: int,
    response_rate: float = 0.6,
    last_dip: Mapping[str, float] | None = None,
) -> list[int]:
    """Open, answer and close `rounds` fortnightly rounds; return their ids. `last_dip`
    lowers providers' ratings of some departments (by name key) in the last round."""
    people = list(session.scalars(select(Person).where(Person.active).order_by(Person.id)))
    departments = list(session.scalars(select(Department).order_by(Department.id)))
    ids = []
    for number in range(rounds):
        opened = start + timedelta(weeks=2 * number)
        pulse = open_round(
            session=session,
            now=opened,
            slot=f"simulated:{opened:%Y-%m-%d}",
            opened_by="demo",
            times=RoundTimes(5, 2),
        )
        answering = opened + timedelta(hours=3)
        for person in people:
            if rng.random() > response_rate:
                continue
            lean = 0.12 * number + AREA_LEAN.get(str(person.area), 0)
            base = 2.15 if person.side is Side.PROVIDER else 2.6
            save_overall(
                session=session,
                round_id=pulse.id,
                person=person,
                now=answering,
                scores=_scores(rng, base + lean),
                comment=None,
            )
            if person.side is Side.PROVIDER and departments:
                chosen = rng.sample(departments, k=min(len(departments), rng.randint(0, 3)))
                dip = (last_dip or {}) if number == rounds - 1 else {}
                ratings = {
                    d.id: _scores(
                        rng,
                        base + lean + DEPARTMENT_LEAN.get(d.name_key, 0) - dip.get(d.name_key, 0),
                    )
                    for d in chosen
                }
                save_departments(
                    session=session,
                    round_id=pulse.id,
                    person=person,
                    now=answering,
                    ratings=ratings,
                )
        close_round(session=session, now=opened + timedelta(days=5), by="demo")
        ids.append(pulse.id)
    return ids


def _scores(rng: random.Random, centre: float) -> dict[Dimension, int]:
    scores = {}
    for dimension in Dimension:
        if rng.random() < NO_CONTACT_CHANCE:
            scores[dimension] = 0
        else:
            value = rng.gauss(centre + DIMENSION_LEAN[dimension], 0.7)
            scores[dimension] = min(4, max(1, round(value)))
    return scores


# Median first response as a share of each department's target, as the seed report found:
# social work teams slow, safeguarding quick.
RESPONSE_PACE = {
    "adult operations service teams": 1.4,
    "finance": 1.2,
    "procurement": 0.9,
    "safeguarding": 0.3,
    "sourcing and placements": 0.5,
}
QUERY_TOPICS = (
    "When will invoice {n} be paid?",
    "Who is the new contact for package {n}?",
    "Can we discuss the fee uplift for {n} hours?",
    "The review for service user {n} is overdue: who picks it up?",
    "Is the framework re-opening this year?",
    "Safeguarding concern raised on {n}.",
)


def simulate_queries(
    *,
    session: Session,
    rng: random.Random,
    start: datetime,
    weeks: int,
    calendar: WorkingCalendar,
    now: datetime,
) -> int:
    """Log, answer and resolve `weeks` of provider queries through the query services."""
    providers = list(session.scalars(select(Person).where(Person.side == Side.PROVIDER)))
    departments = list(session.scalars(select(Department)))
    count = 0
    for week in range(weeks):
        for department in departments:
            for _ in range(rng.randint(2, 6)):
                asked = calendar.add_minutes(
                    start + timedelta(weeks=week), rng.randint(0, 5 * calendar.day_minutes - 1)
                )
                if asked >= now:
                    continue
                count += 1
                ticket, _ = log_query(
                    session=session,
                    request_key=f"demo:{count}",
                    asker=rng.choice(providers),
                    department=department,
                    text=rng.choice(QUERY_TOPICS).format(n=rng.randint(100, 999)),
                    source=QuerySource.COMMAND,
                    permalink=None,
                    now=asked,
                    queue_channel=department.queue_channel or "C0QUERIES",
                )
                record_posted(
                    session=session,
                    ticket=ticket,
                    channel=ticket.queue_channel or "",
                    ts=f"{asked.timestamp():.6f}",
                    now=asked,
                )
                target = department.response_target_days * calendar.day_minutes
                pace = RESPONSE_PACE.get(department.name_key, 0.8)
                wait = int(rng.expovariate(1 / (pace * target)))
                answered = calendar.add_minutes(asked, max(5, wait))
                if answered >= now:
                    continue  # still waiting
                respond_button(
                    session=session,
                    ticket=ticket,
                    actor=None,
                    slack_user_id="U0DEMO",
                    now=answered,
                    calendar=calendar,
                )
                resolved = calendar.add_minutes(answered, int(rng.expovariate(1 / target)))
                if resolved < now and rng.random() < 0.85:
                    resolve(
                        session=session,
                        ticket=ticket,
                        actor=None,
                        slack_user_id="U0DEMO",
                        now=resolved,
                        calendar=calendar,
                    )
    return count
