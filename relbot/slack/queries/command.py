"""`/query <department> <text>` logs a query; `/query` alone opens the form; `/query list`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from relbot.db import read_scope
from relbot.domain.directory import department_names, split_department
from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.tickets import asker_and_open_queries
from relbot.models.queries import QuerySource
from relbot.slack.acking import ack_with
from relbot.slack.deps import Deps
from relbot.slack.errors import not_in_directory_message
from relbot.slack.messages import Message
from relbot.slack.queries.blocks import (
    own_queries_message,
    unknown_department,
)
from relbot.slack.queries.forms import open_query_form
from relbot.slack.queries.queue import NewQuery, log_new_query, ticket_view
from relbot.slack.queries.relay import deliver_query


def query_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, deps: Deps
) -> None:
    """`/query <department> <text>` logs a query; `/query` alone opens the form."""
    text = (command.get("text") or "").strip()
    user_id = command["user_id"]
    if text.lower() == "list":
        ack_with(ack, lambda: _own_list(deps, user_id))
        return
    ack()
    if not text:
        if not open_query_form(client, deps, user_id, command["trigger_id"]):
            respond(
                response_type="ephemeral",
                **not_in_directory_message(deps.settings.admins).payload(),
            )
        return
    respond(
        response_type="ephemeral",
        **_log(client, deps, user_id, text, command["trigger_id"]),
    )


def _own_list(deps: Deps, user_id: str) -> dict[str, Any]:
    with read_scope(deps.sessions) as session:
        found = asker_and_open_queries(session=session, slack_user_id=user_id)
        if found is None:
            return not_in_directory_message(deps.settings.admins).payload()
        _, tickets = found
        views = [ticket_view(session, t) for t in tickets]
    return own_queries_message(views, deps.settings.zone).payload()


def _log(client: WebClient, deps: Deps, user_id: str, text: str, trigger_id: str) -> dict[str, Any]:
    with deps.sessions.begin() as session:
        person = person_by_slack_id(session=session, slack_user_id=user_id)
        if person is None:
            return not_in_directory_message(deps.settings.admins).payload()
        department, rest, asked = split_department(session=session, text=text)
        if department is None:
            return unknown_department(asked, department_names(session=session)).payload()
        outcome = log_new_query(
            client,
            deps,
            session,
            NewQuery(f"command:{trigger_id}", person, department, rest, QuerySource.COMMAND),
        )
    if isinstance(outcome, Message):
        return outcome.payload()
    return deliver_query(client, deps, outcome).payload()
