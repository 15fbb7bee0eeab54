"""The Must Haves form: three fields replace the person's Must Haves in the round."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.analysis.categorise import normalise
from relbot.domain.musthaves.entries import TEXT_LIMIT, clean
from relbot.models.musthaves import MUST_HAVES_PER_PERSON
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback
from relbot.slack.listeners.musthaves import save_form
from relbot.slack.metadata import FORM_EXPIRED, MustHaveMetadata
from relbot.slack.views import input_values

FIELDS = [f"must_have_{number}" for number in range(1, MUST_HAVES_PER_PERSON + 1)]


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.MUST_HAVE_MODAL.value)
    def musthave_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        metadata = MustHaveMetadata.from_view(view)
        if metadata is None:
            ack(response_action="errors", errors={FIELDS[0]: FORM_EXPIRED})
            return
        user_id = body["user"]["id"]
        values = input_values(view)
        texts = [clean(values.get(field) or "") for field in FIELDS]
        errors = _errors(texts)
        if metadata.slack_user_id != user_id:
            errors[FIELDS[0]] = "This form belongs to someone else."
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
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
