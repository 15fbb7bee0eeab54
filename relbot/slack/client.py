"""The Web API client: Slack's URL or a stand-in's, with retries for 429s and lost connections."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from relbot.config import Settings

RATE_LIMIT_RETRIES = 5
CONNECTION_RETRIES = 3
SERVER_ERROR_RETRIES = 2


def make_web_client(settings: Settings, *, timeout: int = 30) -> WebClient:
    """A client for `SLACK_API_URL` that waits out Retry-After and retries failed connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ],
    )
