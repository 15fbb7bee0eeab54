"""The demo's Must Haves: a workshop round where people record theirs, then the report."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime
from importlib.resources import files

from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.cli.render.musthaves import print_must_haves
from relbot.domain.categories import category_specs, ensure_categories
from relbot.domain.musthaves import collections, entries
from relbot.domain.musthaves.report import must_have_report
from relbot.models import MustHave, Person
from relbot.models.enums import Side
from relbot.slack.musthaves.blocks import added_message, refused_message
from relbot.slack.plaintext import render_blocks

ROUND = "Workshop 1"
TAKING_PART = 0.6  # as in the seed report, not everyone at a workshop writes three


def _texts(side: Side) -> list[str]:
    """Labelled Must Haves shipped with relbot, written by people on this side."""
    source = files("relbot.data") / "must_haves_examples_a.csv"
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")))
    return [row["text"] for row in rows if row["side"] == side.value]


def simulate_must_haves(
    *, session: Session, rng: random.Random, start: datetime, end: datetime, actor: str
) -> collections.Collection:
    """Open a named round at `start`; most people record one to three Must Haves by `end`,
    when it closes (as a council closes it for its report)."""
    ensure_categories(session=session, specs=category_specs(()))
    opened = collections.open_collection(session=session, name=ROUND, now=start, actor=actor)
    pool = {side: _texts(side) for side in Side}
    for person in session.scalars(select(Person).where(Person.active).order_by(Person.id)):
        if rng.random() > TAKING_PART:
            continue
        for text in rng.sample(pool[person.side], rng.randint(1, 3)):
            added = entries.add(session=session, collection=opened, person=person, text=text)
            if added.entry is not None:
                row = session.get(MustHave, added.entry.id)
                assert row is not None
                row.created_at = row.updated_at = start + (end - start) * rng.random()
    collections.close_current(session=session, now=end, actor=actor)
    return opened


def show_must_haves(
    out: Console, session: Session, opened: collections.Collection, min_group: int
) -> None:
    """What a person sees in Slack, then what `relbot report` shows."""
    person = session.scalars(
        select(Person).where(Person.side == Side.PROVIDER).order_by(Person.id)
    ).first()
    if person is not None:
        mine = entries.entries(session=session, collection=opened, person=person)
        out.print(f"[bold]/musthave, as {person.name} sees it[/bold]")
        if len(mine) == 3:
            shown = refused_message(entries.Outcome(opened, mine, entries.Problem.FULL))
        elif mine:
            shown = added_message(entries.Outcome(opened, mine, entry=mine[-1]))
        else:
            shown = refused_message(entries.Outcome(opened, mine, entries.Problem.EMPTY))
        out.print(render_blocks(shown.payload()["blocks"], {}, {}) + "\n", markup=False)
    print_must_haves(out, must_have_report(session=session, collection=opened, min_group=min_group))
