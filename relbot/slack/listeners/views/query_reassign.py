"""Reassigning a query: it moves to the chosen department and is posted in its queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.db import session_scope
from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.tickets import QueryError, reassign
from relbot.models import Department, QueryTicket
from relbot.slack.blocks import text_message
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback, QueryBlock
from relbot.slack.metadata import FORM_EXPIRED, QueryMetadata
from relbot.slack.queue import deliver_new_ticket
from relbot.slack.text import escape
from relbot.slack.views import as_id, input_values


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.QUERY_REASSIGN.value)
    def query_reassign_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        metadata = QueryMetadata.from_view(view)
        if metadata is None:
            ack(response_action="errors", errors={QueryBlock.DEPARTMENT.value: FORM_EXPIRED})
            return
        chosen = as_id(input_values(view).get(QueryBlock.DEPARTMENT.value))
        user_id = body["user"]["id"]
        if metadata.slack_user_id != user_id:
            ack(
                response_action="errors",
                errors={QueryBlock.DEPARTMENT.value: "This form belongs to someone else."},
            )
            return
        if chosen is None or metadata.ticket_id is None:
            ack(
                response_action="errors",
                errors={QueryBlock.DEPARTMENT.value: "Please choose a department."},
            )
            return
        try:
            with session_scope(deps.sessions) as session:
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
