"""Build the Bolt app: listeners registered on a fresh App, and one place errors land."""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.slack import command
from relbot.slack.acking import AckFirst, AckFirstApp
from relbot.slack.actions import listeners as actions
from relbot.slack.cleaning import CleanInput
from relbot.slack.deps import Deps, ProvideDeps
from relbot.slack.enrolment import listeners as enrolment
from relbot.slack.errors import error_message
from relbot.slack.home import listeners as home
from relbot.slack.hub import listeners as hub
from relbot.slack.musthaves import listeners as musthaves
from relbot.slack.pulse import listeners as pulse
from relbot.slack.queries import listeners as queries
from relbot.slack.voice import listeners as voice

logger = logging.getLogger(__name__)

# Threads for events, beside `RELBOT_LISTENER_THREADS` for the listeners that acknowledge
# (sized for their Slack calls after the ack: with Bolt's own five, five listeners waiting
# on Slack held every other acknowledgement back). The database pool counts them among the
# connections it may open beyond one per listener thread (`runtime.database_engine`), so
# that with every thread at the database none waits for a connection.
EVENT_THREADS = 8


def create_app(
    settings: Settings,
    sessions: SessionFactory,
    client: WebClient,
    *,
    socket_mode: bool = False,
    listener_executor: Executor | None = None,
) -> App:
    """A Bolt app for these settings; each call gives a new app, so tests never share one.

    Over Socket Mode Slack authenticates the connection, so there is no signature to check.
    `listener_executor` runs every listener (Slack is answered as soon as one calls ack());
    without it, those that acknowledge get a pool and events another.
    """
    secret = settings.slack_signing_secret
    if not socket_mode:
        settings.require("slack_signing_secret")
    executor = listener_executor or ThreadPoolExecutor(
        max_workers=settings.listener_threads, thread_name_prefix="relbot-listener"
    )
    events = listener_executor or ThreadPoolExecutor(
        max_workers=EVENT_THREADS, thread_name_prefix="relbot-event"
    )
    app = AckFirstApp(
        ack_first=AckFirst(executor, _on_late_error, events),
        client=client,
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=not socket_mode,
        # relbot runs in one workspace; auth.test at start-up proves the token works.
        token_verification_enabled=True,
        raise_error_for_unhandled_request=False,
        listener_executor=executor,
    )
    app.use(CleanInput())
    app.use(ProvideDeps(Deps(settings=settings, sessions=sessions)))
    for feature in (command, home, pulse, queries, musthaves, voice, hub, enrolment, actions):
        feature.register(app)
    app.error(_on_error)
    return app


def _on_error(
    error: Exception, body: dict[str, Any], respond: Any, client: WebClient
) -> BoltResponse | None:
    """Log the error with a reference, and tell the person politely where Slack lets us."""
    reference = secrets.token_hex(4)
    logger.error("error %s handling %s: %r", reference, _kind(body), error, exc_info=error)
    message = error_message(reference).payload()
    try:
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, **message)
        elif body.get("type") in ("block_actions", "view_submission", "message_action"):
            client.chat_postMessage(channel=body["user"]["id"], **message)
    except Exception:  # the apology itself failed; the reference is already logged
        logger.exception("could not tell the user about error %s", reference)
    return None


def _on_late_error(error: Exception, arguments: dict[str, Any]) -> None:
    _on_error(error, arguments["body"], arguments["respond"], arguments["client"])


def _kind(body: dict[str, Any]) -> str:
    if "command" in body:
        return f"command {body['command']}"
    if body.get("type") == "event_callback":
        return f"event {body.get('event', {}).get('type')}"
    return str(body.get("type", "request"))
