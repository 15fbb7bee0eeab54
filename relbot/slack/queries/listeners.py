"""Every listener of provider queries, attached in one place."""

from __future__ import annotations

from slack_bolt import App

from relbot.slack.forms import OwnForm
from relbot.slack.ids import Action, Callback, Command, QueryBlock
from relbot.slack.metadata import QueryMetadata
from relbot.slack.queries.buttons import query_reassign, query_resolve, query_respond
from relbot.slack.queries.command import query_command
from relbot.slack.queries.forms import (
    log_query_shortcut,
    query_modal_submission,
    query_reassign_submission,
)
from relbot.slack.queries.held import keep_held_reply, send_held_reply
from relbot.slack.queries.reaction import is_query_reaction, offer_to_log, open_logged_form
from relbot.slack.queries.threads import on_message


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.command(Command.QUERY.value)(query_command)
    app.shortcut(Callback.LOG_QUERY_SHORTCUT.value)(log_query_shortcut)
    asked = OwnForm(QueryMetadata, QueryBlock.TEXT.value)
    app.view(Callback.QUERY_MODAL.value, middleware=[asked])(query_modal_submission)
    # Admins may reassign a query without being in the directory themselves.
    moved = OwnForm(QueryMetadata, QueryBlock.DEPARTMENT.value, person=False)
    app.view(Callback.QUERY_REASSIGN.value, middleware=[moved])(query_reassign_submission)
    app.action(Action.QUERY_RESPOND.value)(query_respond)
    app.action(Action.QUERY_RESOLVE.value)(query_resolve)
    app.action(Action.QUERY_THREAD_RESOLVE.value)(query_resolve)
    app.action(Action.QUERY_REASSIGN.value)(query_reassign)
    app.event("message")(on_message)
    # Before the provider-voice channel's reactions: Bolt runs the first listener that matches.
    app.event("reaction_added", matchers=[is_query_reaction])(offer_to_log)
    app.action(Action.QUERY_LOG_REACTED.value)(open_logged_form)
    app.action(Action.QUERY_HELD_SEND.value)(send_held_reply)
    app.action(Action.QUERY_HELD_KEEP.value)(keep_held_reply)
