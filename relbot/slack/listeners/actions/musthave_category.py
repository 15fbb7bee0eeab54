"""An admin picks a Must Have's category in the review: it moves, and later guesses learn."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from relbot.db import session_scope
from relbot.domain.musthaves.entries import recategorise
from relbot.slack.blocks import text_message
from relbot.slack.deps import Deps
from relbot.slack.ids import Action
from relbot.slack.text import escape, escape_within
from relbot.slack.views import as_id


def register(app: App, deps: Deps) -> None:
    @app.action(Action.MUST_HAVE_CATEGORY.value)
    def musthave_category(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        if not deps.settings.is_admin(user_id):
            respond(
                response_type="ephemeral",
                replace_original=False,
                **text_message("Only relbot admins can re-categorise Must Haves.").payload(),
            )
            return
        action = body["actions"][0]
        _, _, raw_id = str(action.get("block_id", "")).rpartition("_")
        key = str((action.get("selected_option") or {}).get("value", ""))
        must_have_id = as_id(raw_id)
        with session_scope(deps.sessions) as session:
            moved = (
                recategorise(session=session, must_have_id=must_have_id, key=key, actor=user_id)
                if must_have_id is not None
                else None
            )
        note = (
            f"Moved “{escape_within(moved.text, 200)}” to *{escape(moved.category)}*."
            if moved is not None
            else "That Must Have or category no longer exists; run `/musthave review` again."
        )
        respond(response_type="ephemeral", replace_original=False, **text_message(note).payload())
