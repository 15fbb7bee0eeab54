"""Assembling the running bot from settings: engine, client, app, and the chosen transport."""

from __future__ import annotations

from relbot.app import create_app
from relbot.config import Settings
from relbot.db import make_engine, make_session_factory
from relbot.server import serve_http
from relbot.slack.client import make_web_client
from relbot.web import WsgiApp, make_wsgi_app


def build_wsgi(settings: Settings) -> WsgiApp:
    """The whole HTTP-mode application for these settings."""
    engine = make_engine(settings.database_url)
    app = create_app(settings, make_session_factory(engine), make_web_client(settings))
    return make_wsgi_app(app, engine)


def run_http(settings: Settings, *, host: str, port: int) -> None:
    """Serve `/slack/events` and `/healthz` under gunicorn until stopped."""
    serve_http(lambda: build_wsgi(settings), host=host, port=port, threads=settings.http_threads)


def run_socket_mode(settings: Settings) -> None:
    """Connect to Slack over Socket Mode and handle requests until stopped."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    engine = make_engine(settings.database_url)
    app = create_app(
        settings, make_session_factory(engine), make_web_client(settings), socket_mode=True
    )
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()  # type: ignore[no-untyped-call]
