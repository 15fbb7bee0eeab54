"""The query form (from `/query` or the shortcut): log the query and post it to its queue."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from relbot.db import session_scope
from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.tickets import MAX_TEXT
from relbot.models import Department
from relbot.models.queries import QuerySource
from relbot.slack.blocks import Message, text_message
from relbot.slack.blocks.errors import not_in_directory_message
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback, QueryBlock
from relbot.slack.metadata import FORM_EXPIRED, QueryMetadata
from relbot.slack.queue import NewQuery, deliver_new_ticket, log_new_query
from relbot.slack.views import as_id, input_values


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.QUERY_MODAL.value)
    def query_modal_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        metadata = QueryMetadata.from_view(view)
        if metadata is None:
            ack(response_action="errors", errors={QueryBlock.TEXT.value: FORM_EXPIRED})
            return
        user_id = body["user"]["id"]
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
        if metadata.slack_user_id != user_id:
            errors[QueryBlock.TEXT.value] = "This form belongs to someone else."
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        assert department_id is not None
        shortcut = metadata.channel is not None and metadata.message_ts is not None
        key = (
            f"shortcut:{metadata.channel}:{metadata.message_ts}:{user_id}"
            if shortcut
            else f"modal:{view['id']}"
        )
        permalink = _permalink(client, metadata) if shortcut else None
        reply = _log(
            client,
            deps,
            user_id,
            department_id,
            text,
            key,
            permalink,
            QuerySource.SHORTCUT if shortcut else QuerySource.MODAL,
        )
        client.chat_postMessage(channel=user_id, **reply)


def _permalink(client: WebClient, metadata: QueryMetadata) -> str | None:
    assert metadata.channel is not None and metadata.message_ts is not None
    try:
        answer = client.chat_getPermalink(channel=metadata.channel, message_ts=metadata.message_ts)
    except SlackApiError:
        return None  # a conversation relbot cannot see; the query is logged without a link
    return str(answer.get("permalink") or "") or None


def _log(
    client: WebClient,
    deps: Deps,
    user_id: str,
    department_id: int,
    text: str,
    key: str,
    permalink: str | None,
    source: QuerySource,
) -> dict[str, Any]:
    with session_scope(deps.sessions) as session:
        person = person_by_slack_id(session=session, slack_user_id=user_id)
        department = session.get(Department, department_id)
        if person is None:
            return not_in_directory_message(deps.settings.admins).payload()
        if department is None or not department.active:
            return text_message("That department no longer exists; please log it again.").payload()
        outcome = log_new_query(
            client, deps, session, NewQuery(key, person, department, text, source, permalink)
        )
    if isinstance(outcome, Message):
        return outcome.payload()
    return deliver_new_ticket(client, deps, outcome).payload()
