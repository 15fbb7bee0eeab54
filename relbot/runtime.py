"""Assembling the running bot from settings: engine, client, app, scheduler, transport."""

from __future__ import annotations

import gc
import logging
import threading
import time
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from relbot.app import EVENT_THREADS, create_app
from relbot.config import ConfigError, Settings
from relbot.db import SessionFactory, make_engine, make_session_factory
from relbot.domain.categories import warm_up
from relbot.jobs.actions import ActionJobs
from relbot.jobs.digest import DigestJobs
from relbot.jobs.hub import HubJobs
from relbot.jobs.pulse import PulseJobs
from relbot.jobs.queries import QueryJobs
from relbot.jobs.retention import RetentionJobs
from relbot.jobs.scheduler import start_scheduler
from relbot.jobs.voice import VoiceJobs
from relbot.server import serve_http
from relbot.slack.client import make_web_client
from relbot.slack.outcome import Outcome, failure_of
from relbot.web import WsgiApp, make_wsgi_app

logger = logging.getLogger(__name__)

CATEGORISER_READY = "Must Have categoriser ready"
# Connections the schedule holds at once: its lock's own (PostgreSQL), and its tick's.
SCHEDULE_CONNECTIONS = 2
# The thread that prepares the Must Have categoriser at start-up.
WARM_UP_CONNECTIONS = 1
# Socket Mode's threads handing requests to Bolt (its handler's default, set here so the pool
# counts them): each checks a submitted form's owner in the database before the listener runs.
SOCKET_MODE_THREADS = 10


def _warm_up(settings: Settings, sessions: SessionFactory) -> None:
    def work() -> None:
        started = time.monotonic()
        try:
            warm_up(sessions, settings.categories)
        except Exception:  # the first Must Have will train it instead
            logger.exception("could not prepare the Must Have categoriser")
            return
        # What start-up built (the categoriser, the models, Slack's and Bolt's objects) lives
        # as long as the process: set it aside from garbage collection, whose full passes
        # over it paused every request now and then.
        gc.collect()
        gc.freeze()
        logger.info("%s in %.1f s", CATEGORISER_READY, time.monotonic() - started)

    threading.Thread(target=work, name="categoriser-warm-up", daemon=True).start()


def _start_schedule(settings: Settings, engine: Engine, sessions: SessionFactory) -> None:
    if not settings.scheduler_enabled:
        return
    client = make_web_client(settings)
    pulse = PulseJobs(settings, sessions, client)
    queries = QueryJobs(settings, sessions, client)
    digest = DigestJobs(settings, sessions, client)
    voice = VoiceJobs(settings, sessions, client)
    retention = RetentionJobs(settings, sessions)
    hub = HubJobs(settings, sessions, client)
    loop = ActionJobs(settings, sessions, client)

    def tick(now: datetime) -> None:
        jobs = (pulse, queries, digest, voice, retention, hub, loop)
        for job in (j.tick for j in jobs):
            try:
                job(now)
            except Exception:  # one job failing must not starve the other; retried next tick
                logger.exception("scheduled job %s failed", job.__qualname__)

    start_scheduler(engine, tick, settings.timezone)


def database_engine(settings: Settings, *, request_threads: int) -> Engine:
    """The engine of a running relbot, with a connection for every thread that may want one
    at the same moment, so that none waits for another's.

    Each listener thread keeps one in the pool (fewer, and the busiest threads would open
    and close one on every request). The rest are opened when wanted: the event threads',
    the schedule's lock and tick, the start-up categoriser's, and the request threads' (HTTP
    or Socket Mode: health checks, and the owner check of a submitted form).
    """
    spare = EVENT_THREADS + SCHEDULE_CONNECTIONS + WARM_UP_CONNECTIONS + request_threads
    return make_engine(
        settings.database_url, pool_size=settings.listener_threads, max_overflow=spare
    )


def build_wsgi(settings: Settings) -> WsgiApp:
    """The whole HTTP-mode application for these settings, with its scheduler running."""
    engine = database_engine(settings, request_threads=settings.http_threads)
    sessions = make_session_factory(engine)
    app = create_app(settings, sessions, make_web_client(settings))
    _start_schedule(settings, engine, sessions)
    _warm_up(settings, sessions)
    assert settings.slack_signing_secret is not None, "create_app requires it for HTTP mode"
    return make_wsgi_app(app, engine, settings.slack_signing_secret.get_secret_value())


def run_http(settings: Settings, *, host: str, port: int) -> None:
    """Serve `/slack/events` and `/healthz` under gunicorn until stopped."""
    serve_http(
        lambda: build_wsgi(settings),
        host=host,
        port=port,
        threads=settings.http_threads,
        workers=settings.http_workers,
        access_log=settings.log_level == "DEBUG",
    )


def run_socket_mode(settings: Settings) -> None:
    """Connect to Slack over Socket Mode and handle requests until stopped."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    app_token = settings.slack_app_token.get_secret_value()
    client = make_web_client(settings)
    url = socket_mode_url(client, app_token)  # before anything starts that would need stopping
    engine = database_engine(settings, request_threads=SOCKET_MODE_THREADS)
    sessions = make_session_factory(engine)
    app = create_app(settings, sessions, client, socket_mode=True)
    _start_schedule(settings, engine, sessions)
    _warm_up(settings, sessions)
    handler = SocketModeHandler(app, app_token, concurrency=SOCKET_MODE_THREADS)
    # The URL just issued, rather than a second call to a method Slack allows about once a
    # minute (Tier 1); the client asks for new ones itself when it reconnects.
    handler.client.wss_uri = url
    handler.start()  # type: ignore[no-untyped-call]


def socket_mode_url(client: WebClient, app_token: str) -> str:
    """A Socket Mode URL for the app-level token; ConfigError, in one line, if Slack refuses it."""
    try:
        return str(client.apps_connections_open(app_token=app_token)["url"])
    except SlackApiError as error:
        failed = failure_of(error)
        if failed is None or failed.outcome is not Outcome.REFUSED:
            raise
        raise ConfigError(
            f"Slack refused SLACK_APP_TOKEN ({failed.reason}): check that it is this app's "
            "app-level token (xapp-...), not revoked, with the connections:write scope"
        ) from None
