"""`/musthave`, its form, and the admins' category menu in the review."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.analysis.categorise import normalise
from relbot.domain.musthaves.entries import TEXT_LIMIT, clean, recategorise
from relbot.models.musthaves import MUST_HAVES_PER_PERSON
from relbot.slack.acking import ack_with
from relbot.slack.deps import Deps
from relbot.slack.forms import OwnForm
from relbot.slack.ids import Action, Callback, Command
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import MustHaveMetadata
from relbot.slack.musthaves.flow import Reply, handle, save_form
from relbot.slack.text import escape, escape_within
from relbot.slack.views import as_id, input_values

FIELDS = [f"must_have_{number}" for number in range(1, MUST_HAVES_PER_PERSON + 1)]


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.command(Command.MUSTHAVE.value)(musthave_command)
    form = OwnForm(MustHaveMetadata, FIELDS[0])
    app.view(Callback.MUST_HAVE_MODAL.value, middleware=[form])(musthave_submission)
    app.action(Action.MUST_HAVE_CATEGORY.value)(musthave_category)


def musthave_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, deps: Deps
) -> None:
    """`/musthave <text>` adds one; alone it opens the form; `list`, `remove N`, admins'
    rounds and review."""
    text = command.get("text") or ""
    if text.strip().lower() in ("list", "help"):  # quick to read: answered at once
        ack_with(ack, lambda: _message(handle(deps, command["user_id"], text)))
        return
    ack()
    reply = handle(deps, command["user_id"], text)
    if reply.view is not None:
        client.views_open(trigger_id=command["trigger_id"], view=reply.view.to_dict())
    elif reply.message is not None:
        respond(response_type="ephemeral", **reply.message.payload())


def _message(reply: Reply) -> dict[str, Any]:
    assert isinstance(reply.message, Message)  # reading a list or the help never opens a form
    return reply.message.payload()


def musthave_submission(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, metadata: MustHaveMetadata
) -> None:
    """The form's three fields replace the person's Must Haves in the round."""
    values = input_values(view)
    texts = [clean(values.get(field) or "") for field in FIELDS]
    errors = _errors(texts)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    user_id = metadata.slack_user_id
    reply = save_form(deps, user_id, metadata, texts)
    if reply.message is not None:
        client.chat_postMessage(channel=user_id, **reply.message.payload())


def _errors(texts: list[str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for field, text in zip(FIELDS, texts, strict=True):
        if len(text) > TEXT_LIMIT:
            errors[field] = f"Please keep it within {TEXT_LIMIT} characters."
        elif text and normalise(text) in seen:
            errors[field] = "This is the same as one above."
        seen.add(normalise(text))
    return errors


def musthave_category(ack: Ack, body: dict[str, Any], respond: Respond, deps: Deps) -> None:
    """An admin picks a Must Have's category in the review: it moves, and later guesses learn."""
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
    with deps.sessions.begin() as session:
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
