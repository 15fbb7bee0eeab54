"""Respond, Resolved and Reassign on a query's queue message, and Mark resolved on the
first message of a provider's DM thread."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.access import may_act
from relbot.domain.queries.tickets import NOT_YOURS, QueryError, resolve, respond_button
from relbot.models import QueryTicket
from relbot.models.queries import QueryEventKind
from relbot.slack.deps import Deps
from relbot.slack.lookups import departments_by_id
from relbot.slack.messages import text_message
from relbot.slack.metadata import QueryMetadata
from relbot.slack.queries.blocks import reassign_modal
from relbot.slack.queries.queue import refresh_queue_message
from relbot.slack.queries.relay import tell_provider
from relbot.slack.text import escape
from relbot.slack.views import as_id


def query_respond(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Respond: the first response to a query, unless its asker pressed it."""
    ack()
    _change(client, deps, body, respond, resolve_it=False)


def query_resolve(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Resolved: the query is closed."""
    ack()
    _change(client, deps, body, respond, resolve_it=True)


def query_reassign(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Reassign: open the form to choose another department, for those who may act."""
    ack()
    ticket_id = as_id(body["actions"][0].get("value"))
    user_id = body["user"]["id"]
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id) if ticket_id is not None else None
        current = ticket.department_id if ticket else 0
        allowed = ticket is not None and may_act(
            session=session,
            ticket=ticket,
            actor=person_by_slack_id(session=session, slack_user_id=user_id),
            is_admin=deps.settings.is_admin(user_id),
        )
    if not allowed or ticket_id is None:
        respond(
            response_type="ephemeral",
            replace_original=False,
            **text_message(NOT_YOURS).payload(),
        )
        return
    metadata = QueryMetadata(slack_user_id=body["user"]["id"], ticket_id=ticket_id)
    client.views_open(
        trigger_id=body["trigger_id"],
        view=reassign_modal(metadata, departments_by_id(deps), current).to_dict(),
    )


def _change(
    client: WebClient, deps: Deps, body: dict[str, Any], respond: Respond, *, resolve_it: bool
) -> None:
    user_id = body["user"]["id"]
    ticket_id = as_id(body["actions"][0].get("value"))
    try:
        with deps.sessions.begin() as session:
            ticket = session.get(QueryTicket, ticket_id) if ticket_id is not None else None
            if ticket is None:
                raise QueryError("This query no longer exists.")
            actor = person_by_slack_id(session=session, slack_user_id=user_id)
            if not may_act(
                session=session,
                ticket=ticket,
                actor=actor,
                is_admin=deps.settings.is_admin(user_id),
            ):
                raise QueryError(NOT_YOURS)
            act = resolve if resolve_it else respond_button
            change = act(
                session=session,
                ticket=ticket,
                actor=actor,
                slack_user_id=user_id,
                now=datetime.now(UTC),
                calendar=deps.calendar,
            )
            channel, ts = ticket.queue_channel, ticket.queue_ts
    except QueryError as refused:
        respond(
            response_type="ephemeral",
            replace_original=False,
            **text_message(escape(str(refused))).payload(),
        )
        return
    if change.kind is None or ticket_id is None:
        return
    refresh_queue_message(client, deps, ticket_id)
    note = (
        f"<@{user_id}> marked this query resolved."
        if change.kind is QueryEventKind.RESOLVED
        else f"<@{user_id}> is on it."
    )
    if channel and ts:
        client.chat_postMessage(channel=channel, thread_ts=ts, **text_message(note).payload())
    tell_provider(client, deps, ticket_id, change.kind, user_id)
