"""The global middleware that cleans every string of a request before any listener reads it."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from relbot.domain.cleaning import clean_tree


class CleanInput(Middleware):
    """Drops control characters and replaces lone surrogates in the request's body, once for
    every listener (relbot.domain.cleaning says why). Bolt's signature check, which runs
    before, reads the raw bytes, not this."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        clean_tree(req.body)
        return next()
