"""Waiting for what relbot does after it has answered: a wait fails when the event never
comes, rather than returning as if it had."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(done: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    """Poll until `done()` holds; fail saying `what` did not happen."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout}s")
        time.sleep(0.02)
