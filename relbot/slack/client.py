"""The Web API client: Slack's URL or a stand-in's, with retries for 429s and lost connections.

A retry must never post a message twice. Calls that only read or replace (views.open,
chat.update...) are retried after any connection failure or server error; a new message
(chat.postMessage) only when Slack surely did not post it, as `relbot.slack.outcome` says.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from relbot.config import Settings
from relbot.slack.outcome import Outcome, of_answer, of_connection, slack_code

RATE_LIMIT_RETRIES = 5
CONNECTION_RETRIES = 3
SERVER_ERROR_RETRIES = 2
# Methods whose repeat would post again: retried only when Slack surely got nothing.
POSTING = ("chat.postMessage", "chat.postEphemeral", "files.completeUploadExternal")


def _posts(request: HttpRequest) -> bool:
    return request.url.split("?")[0].endswith(POSTING)


class ConnectionRetry(ConnectionErrorRetryHandler):
    """Retry lost connections; for a post, only one never made (refused, or Slack's name not
    resolved), after which nothing was sent."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if _posts(request):
            return error is not None and of_connection(error) is Outcome.TRY_LATER
        return bool(
            super()._can_retry(state=state, request=request, response=response, error=error)
        )


class ServerErrorRetry(ServerErrorRetryHandler):
    """Retry 5xx answers; a post only when Slack says it did nothing (`service_unavailable`),
    since after others (`internal_error`, an error page) it may have posted before failing."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        retried = bool(
            super()._can_retry(state=state, request=request, response=response, error=error)
        )
        if not retried or response is None or not _posts(request):
            return retried
        code = slack_code(response.body or response.data)
        return of_answer(response.status_code, code) is Outcome.TRY_LATER


def make_web_client(settings: Settings, *, timeout: int = 30) -> WebClient:
    """A client for `SLACK_API_URL` that waits out Retry-After and retries failed connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionRetry(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ServerErrorRetry(max_retry_count=SERVER_ERROR_RETRIES),
        ],
    )
