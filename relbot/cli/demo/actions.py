"""The demo's quarter of actions: what the council did about what it heard, two done (one
whose dimension rose since it started), one overdue, one turned from a provider-voice item,
the drop alert of the latest round, and `You said, we did` as providers read it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.cli.render.actions import print_actions
from relbot.cli.render.outcomes import print_outcomes
from relbot.domain.action_views import list_actions, provider_view
from relbot.domain.actions import Answer, Editor, create_action, update_action
from relbot.domain.actions_outcomes import action_outcomes
from relbot.domain.pulse.drops import record_drops, waiting_posts
from relbot.domain.pulse.report import round_report
from relbot.models import Department, Person, PulseRound, VoiceItem
from relbot.models.actions import ActionStatus, TargetKind
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.slack.actions.blocks import said_we_did_message
from relbot.slack.alerts import drop_message
from relbot.slack.plaintext import render_blocks

EDITOR = Editor("demo")
OFFICERS_CHANNEL = "C0OFFICERS"


def simulate_actions(
    *,
    session: Session,
    start: datetime,
    now: datetime,
    rounds: list[int],
    min_group: int,
    threshold: float,
) -> None:
    """A quarter of actions, written through the same domain as `relbot actions` and Slack."""
    officers = {
        d.name: session.scalars(
            select(Person.slack_user_id).where(
                Person.side == Side.OFFICER, Person.department_id == d.id
            )
        ).first()
        for d in session.scalars(select(Department))
    }
    finance = officers.get("Finance") or next(o for o in officers.values() if o)
    anyone = next(o for o in officers.values() if o)
    risen = _most_risen(session, rounds, min_group)

    def make(title: str, owner: str, days: int, due_days: int, *answers: Answer) -> int:
        made = create_action(
            session=session,
            editor=EDITOR,
            title=title,
            owner=owner,
            due=(start + timedelta(days=due_days)).date(),
            answers=answers,
            today=(start + timedelta(days=days)).date(),
            now=start + timedelta(days=days),
        )
        return made.id

    def move(action_id: int, status: ActionStatus, days: int, note: str = "") -> None:
        update_action(
            session=session,
            editor=EDITOR,
            action_id=action_id,
            status=status,
            note=note,
            now=start + timedelta(days=days),
        )

    contacts = make(
        "Publish a contacts list with each department's decision makers",
        anyone,
        6,
        35,
        Answer(TargetKind.DIMENSION, risen.value),
        Answer(TargetKind.CATEGORY, "contacts"),
    )
    move(contacts, ActionStatus.IN_PROGRESS, 9, "A first draft is with the departments.")
    move(contacts, ActionStatus.DONE, 30, "Published on the council's provider pages.")
    payments = make(
        "Pay providers' invoices within 14 days",
        finance,
        20,
        60,
        Answer(TargetKind.DEPARTMENT, "Finance"),
        Answer(TargetKind.CATEGORY, "payments"),
    )
    move(payments, ActionStatus.IN_PROGRESS, 24, "The payment run is now weekly.")
    move(payments, ActionStatus.DONE, 58, "Nine in ten invoices were paid within 14 days.")
    forum = make(
        "Hold a monthly provider forum with commissioners",
        anyone,
        40,
        (now - start).days - 10,
        Answer(TargetKind.DIMENSION, Dimension.INCLUSION.value),
    )
    move(forum, ActionStatus.IN_PROGRESS, 45, "The first forum is being arranged.")
    raised = session.scalars(
        select(VoiceItem)
        .where(VoiceItem.officer_answered_at.is_(None), VoiceItem.deleted_at.is_(None))
        .order_by(VoiceItem.posted_at)
        .limit(1)
    ).first()
    if raised is not None:
        make(
            "Explain next year's fee uplift to every provider",
            finance,
            (now - start).days - 1,
            (now - start).days + 21,
            Answer(TargetKind.VOICE, str(raised.id)),
        )
    record_drops(
        session=session,
        now=now,
        min_group=min_group,
        threshold=threshold,
        officers_channel=OFFICERS_CHANNEL,
    )


def _most_risen(session: Session, rounds: list[int], min_group: int) -> Dimension:
    """The dimension that rose most from the first round to the latest, over everyone."""
    first = round_report(session=session, round_id=rounds[0], min_group=min_group)
    last = round_report(session=session, round_id=rounds[-1], min_group=min_group)
    rises = {
        d: after - before
        for d in Dimension
        if (before := first.overall.dimensions[d].value) is not None
        and (after := last.overall.dimensions[d].value) is not None
    }
    return max(rises, key=lambda d: rises[d]) if rises else Dimension.INFORMATION_SHARING


def show_actions(
    out: Console,
    session: Session,
    now: datetime,
    zone: ZoneInfo,
    calendar: WorkingCalendar,
    threshold: float,
    min_group: int,
) -> None:
    """The officers' list, what came of the done ones, the drop alert, and what providers
    see."""
    today = now.astimezone(zone).date()
    print_actions(out, list_actions(session=session, today=today, calendar=calendar), zone)
    out.print("\n[bold]What `relbot report` says of the done actions[/bold]")
    print_outcomes(out, action_outcomes(session=session, min_group=min_group))
    latest = session.scalar(select(PulseRound.id).order_by(PulseRound.id.desc()).limit(1))
    posts = [p for p in waiting_posts(session=session, zone=zone) if p.channel == OFFICERS_CHANNEL]
    out.print("\n[bold]The drop alert, in the officers' channel[/bold]")
    if posts:
        notice = posts[0].notice
        out.print(render_blocks(drop_message(notice).payload()["blocks"], {}, {}), markup=False)
    else:
        out.print(f"No dimension or department fell by more than {threshold} in round {latest}.")
    shown = provider_view(session=session, today=today, show_owner=False, calendar=calendar)
    out.print("\n[bold]`You said, we did`, as a provider sees it from the hub[/bold]")
    out.print(
        render_blocks(said_we_did_message(shown, zone).payload()["blocks"], {}, {}) + "\n",
        markup=False,
    )
