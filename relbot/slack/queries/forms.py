"""The query form (from `/query` or the shortcut) and the reassign form.

`OwnForm` has checked each submission first (see `listeners.register`): `metadata` is the
form's own, and `person` the submitter where the form needs one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.access import asker_for
from relbot.domain.queries.tickets import MAX_TEXT, QueryError, reassign
from relbot.models import Department, Person, QueryTicket
from relbot.models.queries import QueryEventKind, QuerySource
from relbot.slack.deps import Deps
from relbot.slack.errors import not_in_directory_message
from relbot.slack.ids import QueryBlock
from relbot.slack.lookups import departments_by_id, in_directory
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import QueryMetadata
from relbot.slack.queries.blocks import logged_for_message, query_modal
from relbot.slack.queries.queue import NewQuery, deliver_new_ticket, log_new_query
from relbot.slack.queries.relay import deliver_query, tell_provider
from relbot.slack.text import escape, from_slack
from relbot.slack.views import as_id, input_values


def open_query_form(client: WebClient, deps: Deps, user_id: str, trigger_id: str) -> bool:
    """The empty query form, as `/query` alone and the hub's `Ask the council` open it; False
    when the person is not in the directory (they are told so by the caller)."""
    if not in_directory(deps, user_id):
        return False
    view = query_modal(QueryMetadata(slack_user_id=user_id), departments_by_id(deps))
    client.views_open(trigger_id=trigger_id, view=view.to_dict())
    return True


def log_query_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The message shortcut "Log as provider query": the query form, filled with the message."""
    ack()
    user_id = shortcut["user"]["id"]
    if not in_directory(deps, user_id):
        client.chat_postMessage(
            channel=user_id, **not_in_directory_message(deps.settings.admins).payload()
        )
        return
    message = shortcut.get("message", {})
    metadata = QueryMetadata(
        slack_user_id=user_id,
        channel=shortcut.get("channel", {}).get("id"),
        message_ts=message.get("ts"),
        author=message.get("user"),
    )
    view = query_modal(metadata, departments_by_id(deps), text=from_slack(message.get("text", "")))
    client.views_open(trigger_id=shortcut["trigger_id"], view=view.to_dict())


def query_modal_submission(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    metadata: QueryMetadata,
    person: Person,
) -> None:
    """Log the query and post it to its queue; the asker is told in a DM."""
    values = input_values(view)
    text = (values.get(QueryBlock.TEXT.value) or "").strip()
    department_id = as_id(values.get(QueryBlock.DEPARTMENT.value))
    errors = {}
    if not text:
        errors[QueryBlock.TEXT.value] = "Please write your query."
    elif len(text) > MAX_TEXT:
        errors[QueryBlock.TEXT.value] = f"Please keep it under {MAX_TEXT} characters."
    if department_id is None:
        errors[QueryBlock.DEPARTMENT.value] = "Please choose a department."
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    assert department_id is not None
    user_id = metadata.slack_user_id
    shortcut = metadata.channel is not None and metadata.message_ts is not None
    permalink = _permalink(client, metadata) if shortcut else None
    source = QuerySource.SHORTCUT if shortcut else QuerySource.MODAL
    with deps.sessions.begin() as session:
        department = session.get(Department, department_id)
        asker = asker_for(
            session=session,
            logger=person,
            author=metadata.author,
            is_admin=deps.settings.is_admin(user_id),
        )
        # A provider's message is one query, whoever logs it and however often; a message
        # logged as the logger's own is theirs once.
        key = (
            f"modal:{view['id']}"
            if not shortcut
            else f"shortcut:{metadata.channel}:{metadata.message_ts}"
            + ("" if asker is not person else f":{user_id}")
        )
        if department is None or not department.active:
            outcome: Message | int = text_message(
                "That department no longer exists; please log it again."
            )
        else:
            query = NewQuery(key, asker, department, text, source, permalink)
            outcome = log_new_query(client, deps, session, query)
        asked_for = asker.slack_user_id if asker is not person else None
        queue = deps.queue_channel(department.queue_channel) if department else None
        named = department.name if department else None
    if isinstance(outcome, int):
        ticket_id, outcome = outcome, deliver_query(client, deps, outcome)
        if asked_for is not None and queue is not None and named is not None:
            # The officer is told whose query it is and where it went, not the provider's
            # view of it.
            outcome = logged_for_message(asked_for, ticket_id, named, queue)
    client.chat_postMessage(channel=user_id, **outcome.payload())


def _permalink(client: WebClient, metadata: QueryMetadata) -> str | None:
    assert metadata.channel is not None and metadata.message_ts is not None
    try:
        answer = client.chat_getPermalink(channel=metadata.channel, message_ts=metadata.message_ts)
    except SlackApiError:
        return None  # a conversation relbot cannot see; the query is logged without a link
    return str(answer.get("permalink") or "") or None


def query_reassign_submission(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, metadata: QueryMetadata
) -> None:
    """Move the query to the chosen department and post it in that department's queue."""
    chosen = as_id(input_values(view).get(QueryBlock.DEPARTMENT.value))
    user_id = metadata.slack_user_id
    if chosen is None or metadata.ticket_id is None:
        ack(
            response_action="errors",
            errors={QueryBlock.DEPARTMENT.value: "Please choose a department."},
        )
        return
    try:
        with deps.sessions.begin() as session:
            ticket = session.get(QueryTicket, metadata.ticket_id)
            department = session.get(Department, chosen)
            if ticket is None or department is None:
                raise QueryError("That query or department no longer exists.")
            old = (ticket.queue_channel, ticket.queue_ts)
            reassign(
                session=session,
                ticket=ticket,
                department=department,
                actor=person_by_slack_id(session=session, slack_user_id=user_id),
                is_admin=deps.settings.is_admin(user_id),
                now=datetime.now(UTC),
                queue_channel=deps.queue_channel(department.queue_channel),
            )
            name = department.name
    except QueryError as refused:
        ack(response_action="errors", errors={QueryBlock.DEPARTMENT.value: str(refused)})
        return
    ack()
    if old[0] and old[1]:
        client.chat_update(
            channel=old[0],
            ts=old[1],
            **text_message(
                f":arrow_right: Query #{metadata.ticket_id} was reassigned to "
                f"*{escape(name)}* by <@{user_id}>."
            ).payload(),
        )
    deliver_new_ticket(client, deps, metadata.ticket_id)
    tell_provider(client, deps, metadata.ticket_id, QueryEventKind.REASSIGNED, user_id)
