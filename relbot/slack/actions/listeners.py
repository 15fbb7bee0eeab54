"""Actions from Slack: `New action` (App Home, the provider-voice summary's items, the
digest's lowest areas, a drop alert, `/relbot action`), `Update` and their two forms. Only
officers and admins may; anyone else is told so plainly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.db import read_scope
from relbot.domain.action_views import list_actions, provider_view
from relbot.domain.actions import (
    ActionError,
    Answer,
    create_action,
    editor_for,
    parse_answer,
    update_action,
)
from relbot.domain.categories import active_categories
from relbot.domain.profile import person_by_slack_id
from relbot.domain.pulse.questions import TITLES
from relbot.models import VoiceItem
from relbot.models.actions import ActionStatus, TargetKind
from relbot.models.enums import Side
from relbot.slack.actions.blocks import (
    ActionBlock,
    action_modal,
    officer_list_message,
    said_we_did_message,
    update_modal,
)
from relbot.slack.deps import Deps
from relbot.slack.forms import OwnForm
from relbot.slack.home.publish import refresh_home
from relbot.slack.ids import Action, Callback, any_of
from relbot.slack.lookups import departments_by_id
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import ActionMetadata
from relbot.slack.text import escape
from relbot.slack.views import as_id, chosen_values, input_values

DUE_IN_DAYS = 28  # the form's first suggestion for a due date
PRESET_BLOCK = {
    TargetKind.DIMENSION: ActionBlock.DIMENSIONS,
    TargetKind.DEPARTMENT: ActionBlock.DEPARTMENTS,
    TargetKind.CATEGORY: ActionBlock.CATEGORIES,
}


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.action(any_of(Action.ACTION_NEW))(new_action_button)
    app.action(Action.ACTION_UPDATE.value)(update_action_button)
    made = OwnForm(ActionMetadata, ActionBlock.TITLE.value, person=False)
    app.view(Callback.ACTION_MODAL.value, middleware=[made])(action_submission)
    moved = OwnForm(ActionMetadata, ActionBlock.NOTE.value, person=False)
    app.view(Callback.ACTION_UPDATE_MODAL.value, middleware=[moved])(update_submission)


def _private(respond: Respond, message: Message) -> None:
    respond(response_type="ephemeral", replace_original=False, **message.payload())


def refusal(deps: Deps, user_id: str) -> Message | None:
    """Why this person may not change actions; None for officers and admins."""
    with read_scope(deps.sessions) as session:
        try:
            editor_for(session=session, slack_user_id=user_id, admins=deps.settings.admins)
        except ActionError as refused:
            return text_message(escape(str(refused)))
    return None


def new_action_button(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """`New action` / `Open an action` / `Turn into an action`: the form, with what the
    button names (`KIND:VALUE`) already chosen."""
    ack()
    preset = str((body.get("actions") or [{}])[0].get("value") or "")
    shown = open_action_form(client, deps, body["user"]["id"], body["trigger_id"], preset)
    if shown is not None:
        _private(respond, shown)


def open_action_form(
    client: WebClient, deps: Deps, user_id: str, trigger_id: str, preset: str = ""
) -> Message | None:
    """Open the new-action form for an officer or admin; otherwise what to tell them."""
    refused = refusal(deps, user_id)
    if refused is not None:
        return refused
    chosen: dict[ActionBlock, list[str]] = {}
    voice: list[int] = []
    try:
        answer = parse_answer(preset) if ":" in preset else None
    except ActionError:
        answer = None
    with read_scope(deps.sessions) as session:
        departments = {str(i): n for i, n in departments_by_id(deps).items()}
        categories = {c.key: c.label for c in active_categories(session=session)}
        voice_texts: list[str] = []
        if answer is not None and answer.kind is TargetKind.VOICE:
            item = session.get(VoiceItem, as_id(answer.value) or 0)
            if item is not None and item.deleted_at is None:
                voice.append(item.id)
                voice_texts.append(item.text)
        elif answer is not None:
            chosen[PRESET_BLOCK[answer.kind]] = [_option_value(answer, departments)]
    view = action_modal(
        ActionMetadata(slack_user_id=user_id, voice_items=tuple(voice)),
        dimensions={d.value: title for d, title in TITLES.items()},
        departments=departments,
        categories=categories,
        chosen=chosen,
        owner=user_id if _is_officer(deps, user_id) else None,
        due=_today(deps) + timedelta(days=DUE_IN_DAYS),
        voice_texts=voice_texts,
    )
    client.views_open(trigger_id=trigger_id, view=view.to_dict())
    return None


def _option_value(answer: Answer, departments: dict[str, str]) -> str:
    """The form's option for a preset answer: a department by its id, others by key."""
    if answer.kind is TargetKind.DEPARTMENT:
        wanted = answer.value.casefold()
        return next((i for i, n in departments.items() if n.casefold() == wanted), answer.value)
    return answer.value


def _is_officer(deps: Deps, user_id: str) -> bool:
    """Whether the person is an active officer, who owns what they open by default."""
    with read_scope(deps.sessions) as session:
        person = person_by_slack_id(session=session, slack_user_id=user_id)
        return person is not None and person.side is Side.OFFICER


def _today(deps: Deps) -> date:
    """Today in the council's time zone, which due dates are."""
    return datetime.now(deps.settings.zone).date()


def action_submission(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, metadata: ActionMetadata
) -> None:
    """Save the new action; a problem is shown beside the field it concerns."""
    values = input_values(view)
    title = " ".join((values.get(ActionBlock.TITLE.value) or "").split())
    departments = departments_by_id(deps)
    answers = [
        Answer(TargetKind.DIMENSION, key) for key in chosen_values(view, ActionBlock.DIMENSIONS)
    ]
    answers += [
        Answer(TargetKind.DEPARTMENT, departments[number])
        for value in chosen_values(view, ActionBlock.DEPARTMENTS)
        if (number := as_id(value)) is not None and number in departments
    ]
    answers += [
        Answer(TargetKind.CATEGORY, key) for key in chosen_values(view, ActionBlock.CATEGORIES)
    ]
    answers += [Answer(TargetKind.VOICE, str(item)) for item in metadata.voice_items]
    due = _date(values.get(ActionBlock.DUE.value))
    errors: dict[str, str] = {}
    if not title:
        errors[ActionBlock.TITLE] = "Please say what the council will do."
    if not answers:
        errors[ActionBlock.DIMENSIONS] = (
            "Choose at least one thing it answers: a dimension, a department or a category."
        )
    if due is None or due < _today(deps):
        errors[ActionBlock.DUE] = "Choose a due date, today or later."
    owner = values.get(ActionBlock.OWNER.value)
    if not owner:
        errors[ActionBlock.OWNER] = "Choose the officer who owns it."
    if errors:
        ack(response_action="errors", errors=errors)
        return
    assert due is not None and owner is not None
    now = datetime.now(UTC)
    try:
        with deps.sessions.begin() as session:
            editor = editor_for(
                session=session, slack_user_id=metadata.slack_user_id, admins=deps.settings.admins
            )
            action = create_action(
                session=session,
                editor=editor,
                title=title,
                owner=owner,
                due=due,
                answers=answers,
                today=_today(deps),
                now=now,
            )
            number = action.id
    except ActionError as refused:
        # What the form could not check itself: the owner must be an active officer, and
        # the editor may have lost the right since the form opened.
        ack(response_action="errors", errors={ActionBlock.OWNER.value: str(refused)})
        return
    ack()
    client.chat_postMessage(
        channel=metadata.slack_user_id,
        **text_message(
            f":white_check_mark: Action #{number} *{escape(title)}* is saved, due "
            f"{due:%-d %b %Y}. Providers see it under `You said, we did`; update it from App Home."
        ).payload(),
    )
    refresh_home(client, deps, metadata.slack_user_id)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def update_action_button(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """`Update` beside an action: its status and a public note."""
    ack()
    user_id = body["user"]["id"]
    refused = refusal(deps, user_id)
    number = as_id((body.get("actions") or [{}])[0].get("value"))
    if refused is None and number is None:
        refused = text_message("That action no longer exists.")
    if refused is not None:
        _private(respond, refused)
        return
    with read_scope(deps.sessions) as session:
        found = [a for a in list_actions(session=session, today=_today(deps)) if a.id == number]
    if not found:
        _private(respond, text_message("That action no longer exists."))
        return
    view = update_modal(ActionMetadata(slack_user_id=user_id, action_id=number), found[0])
    client.views_open(trigger_id=body["trigger_id"], view=view.to_dict())


def update_submission(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, metadata: ActionMetadata
) -> None:
    """Save the new status and public note."""
    values = input_values(view)
    note = (values.get(ActionBlock.NOTE.value) or "").strip()
    try:
        status = ActionStatus(values.get(ActionBlock.STATUS.value) or "")
    except ValueError:
        ack(response_action="errors", errors={ActionBlock.STATUS.value: "Choose a status."})
        return
    assert metadata.action_id is not None
    try:
        with deps.sessions.begin() as session:
            editor = editor_for(
                session=session, slack_user_id=metadata.slack_user_id, admins=deps.settings.admins
            )
            update_action(
                session=session,
                editor=editor,
                action_id=metadata.action_id,
                status=status,
                note=note,
                now=datetime.now(UTC),
            )
    except ActionError as refused:
        ack(response_action="errors", errors={ActionBlock.NOTE.value: str(refused)})
        return
    ack()
    refresh_home(client, deps, metadata.slack_user_id)


def said_we_did(deps: Deps) -> Message:
    """`You said, we did` for anyone: what the council is doing, in providers' words."""
    with read_scope(deps.sessions) as session:
        shown = provider_view(
            session=session,
            today=_today(deps),
            show_owner=deps.settings.actions_show_owner,
            calendar=deps.calendar,
        )
    return said_we_did_message(shown, deps.settings.zone)


def action_command(
    client: WebClient, deps: Deps, user_id: str, trigger_id: str, rest: str
) -> Message | None:
    """`/relbot action` opens the form; `/relbot action list` lists the open actions."""
    if rest.strip().lower() == "list":
        refused = refusal(deps, user_id)
        if refused is not None:
            return refused
        with read_scope(deps.sessions) as session:
            views = list_actions(session=session, today=_today(deps), open_only=True)
        return officer_list_message(views)
    return open_action_form(client, deps, user_id, trigger_id, rest.strip())
