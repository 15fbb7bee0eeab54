"""What became of a post to Slack that failed, told from what came back: the one rule every
job and the client's retries ask before posting again.

Slack's docs (https://api.slack.com/methods/chat.postMessage#errors and
https://api.slack.com/apis/rate-limits) name the answers after which it did nothing and a
later try may work. `internal_error` and `fatal_error` say "it's possible some aspect of the
operation succeeded before the error was raised", and an error page, a connection lost after
the request went out or an answer that never came leave it as unclear. Any other answer is a
refusal: Slack posted nothing and will refuse again until someone changes something.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from enum import StrEnum
from http.client import HTTPException
from urllib.error import URLError

from slack_sdk.errors import SlackApiError


class Outcome(StrEnum):
    """Whether a failed post may be sent again."""

    TRY_LATER = "try_later"  # Slack surely did not post; a later try may work
    REFUSED = "refused"  # Slack did not post, and will refuse again: a person must act
    UNCLEAR = "unclear"  # Slack may have posted: never send it again by itself


# Slack's answers after which it posted nothing and a later try may work: 429 `ratelimited`
# (wait out Retry-After), `service_unavailable`, `request_timeout` ("the POST data was either
# missing or truncated") and `team_added_to_org` (a workspace mid-migration, "intermittently
# unavailable until the transition is complete").
TRY_LATER_CODES = frozenset(
    {"ratelimited", "service_unavailable", "request_timeout", "team_added_to_org"}
)
# Slack's answers that say it may have acted before failing ("it's possible some aspect of the
# operation succeeded before the error was raised"), whether they come with HTTP 200, as
# Slack's `ok: false` answers usually do, or with a 5xx.
UNCLEAR_CODES = frozenset({"internal_error", "fatal_error"})
# What a failure that is not one of Slack's answers is called in rows and logs.
CONNECTION_REFUSED = "connection_refused"
NAME_NOT_RESOLVED = "name_not_resolved"
CONNECTION_LOST = "connection_lost"
TIMED_OUT = "timed_out"
# Reasons kept on a row after which the post may be tried again.
TRY_LATER_REASONS = TRY_LATER_CODES | {CONNECTION_REFUSED, NAME_NOT_RESOLVED}


@dataclass(frozen=True)
class Failure:
    """A failed post: what it means, why (Slack's code, or what became of the connection),
    and how long to wait before the next post."""

    outcome: Outcome
    reason: str
    retry_after: float = 1.0


def of_answer(status: int, code: str | None) -> Outcome:
    """What Slack's answer (HTTP status, and the `error` of its body if any) means for a post."""
    if status == 429 or code in TRY_LATER_CODES:
        return Outcome.TRY_LATER
    if status >= 500 or code in UNCLEAR_CODES:
        return Outcome.UNCLEAR
    return Outcome.REFUSED


def of_connection(error: BaseException) -> Outcome:
    """What a failed connection means for a post: only one never made left Slack with nothing."""
    cause = error.reason if isinstance(error, URLError) else error
    # urllib raises URLError while connecting and sending; a refused connection or a name
    # that does not resolve never reached Slack. A reset, a close or a timeout after that
    # may come after Slack has read the whole request.
    if isinstance(cause, ConnectionRefusedError | socket.gaierror):
        return Outcome.TRY_LATER
    return Outcome.UNCLEAR


def failure_of(error: BaseException) -> Failure | None:
    """What a post's exception means; None for one that is no failure of a call to Slack."""
    if isinstance(error, SlackApiError):
        status = int(error.response.status_code)
        code = slack_code(error.response.data)
        # Slack's docs: wait as many seconds as a 429's Retry-After says; a second otherwise.
        wait = str(error.response.headers.get("Retry-After") or "1")
        seconds = float(wait) if wait.isdecimal() else 1.0
        return Failure(of_answer(status, code), code or f"HTTP {status}", seconds)
    if not isinstance(error, OSError | HTTPException):
        return None
    outcome = of_connection(error)
    cause = error.reason if isinstance(error, URLError) else error
    if outcome is Outcome.TRY_LATER:
        refused = isinstance(cause, ConnectionRefusedError)
        return Failure(outcome, CONNECTION_REFUSED if refused else NAME_NOT_RESOLVED)
    timed_out = isinstance(cause, TimeoutError)
    return Failure(outcome, TIMED_OUT if timed_out else CONNECTION_LOST)


def slack_code(data: object) -> str | None:
    """Slack's error code in an answer's body (a dict, or JSON bytes); None for an error page."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError:
            return None
    code = data.get("error") if isinstance(data, dict) else None
    # Slack's codes are single words; the SDK puts its own sentence there for an HTML page.
    return code if isinstance(code, str) and code.isidentifier() else None
