"""`relbot participants approve USER`, `relbot participants refuse USER` and
`relbot participants waiting`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from relbot.cli.base import CommandError, actor, database
from relbot.config import Settings
from relbot.domain.cleaning import for_terminal
from relbot.domain.enrolment import Decision, NoRequestError, decide, waiting_requests
from relbot.models.enums import label


def decide_request(settings: Settings, args: argparse.Namespace) -> int:
    """Approve or refuse a waiting request to join, as the admins' buttons do, and tell the
    person by DM when relbot has a bot token."""
    approve = args.verb == "approve"
    who = str(args.user).strip().upper()
    with database(settings) as sessions, sessions.begin() as session:
        try:
            decision = decide(
                session=session,
                slack_user_id=who,
                approve=approve,
                by=actor(),
                now=datetime.now(UTC),
            )
        except NoRequestError:
            raise CommandError(
                f"there is no request to join from {who}; nothing was changed "
                "(they ask by pressing a button of the provider hub)"
            ) from None
    request = decision.request
    if not decision.made_now:
        when = f" on {request.decided_at:%Y-%m-%d %H:%M} UTC" if request.decided_at else ""
        name = for_terminal(request.name)
        raise CommandError(
            f"the request of {name} ({who}) was already {request.status.value} by "
            f"{request.decided_by}{when}; nothing was changed"
        )
    if approve:
        joined = for_terminal(decision.organisation or "")
        print(f"Approved {for_terminal(request.name)} ({who}): now staff of {joined} in relbot.")
    else:
        print(f"Refused the request of {for_terminal(request.name)} ({who}).")
    print(_told(settings, decision))
    return 0


def list_waiting(settings: Settings, args: argparse.Namespace) -> int:
    """Who asked to join from the hub and waits for an admin, oldest first."""
    with database(settings) as sessions, sessions.begin() as session:
        waiting = waiting_requests(session=session)
    if not waiting:
        print("Nobody is waiting to join.")
        return 0
    print(
        f"{len(waiting)} waiting to join (approve or refuse with `relbot participants approve USER`):"
    )
    for request in waiting:
        details = ", ".join(
            label(value) for value in (request.position, request.area) if value is not None
        )
        team = f", workspace {for_terminal(request.team_id)}" if request.team_id else ""
        warning = (
            "  (!) that organisation is listed with other workspaces: check before approving"
            if request.named_listed
            else ""
        )
        print(
            f"  {request.slack_user_id}  {for_terminal(request.name)} of "
            f"{for_terminal(request.organisation)}"
            f"{f' ({details})' if details else ''}{team}{warning}"
        )
    return 0


def _told(settings: Settings, decision: Decision) -> str:
    # Slack's modules load only for a command that talks to Slack, as `relbot hub` does.
    from relbot.slack.client import make_web_client
    from relbot.slack.enrolment.notify import tell_person

    if settings.slack_bot_token is None:
        return "They were not told: SLACK_BOT_TOKEN is not set. Tell them yourself."
    reason = tell_person(make_web_client(settings), decision)
    if reason is None:
        return "They were told by a direct message from relbot."
    return f"Slack would not deliver relbot's message to them ({reason}); tell them yourself."
