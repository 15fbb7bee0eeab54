"""Views in Slack's form, kept for the people who open them again, for a few minutes at most.

A view may name a person or quote their query. Kept briefly, what `relbot forget` or the
retention job erases from the database leaves the web workers' memory soon after too: an
entry older than `KEPT_SECONDS` is never served, and is dropped when the next view is kept.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from cachetools import TTLCache, cached

KEPT_SECONDS = 600.0

Built = TypeVar("Built", bound=Callable[..., Any])


def clock() -> float:
    """The time views are kept by (a function of its own, so tests can move it on)."""
    return time.monotonic()


def kept_views(maxsize: int) -> tuple[TTLCache[Any, Any], Callable[[Built], Built]]:
    """A cache of at most `maxsize` views, each for `KEPT_SECONDS`, and the decorator that
    keeps a pure view builder's results in it (built outside the lock, so threads do not
    wait on each other)."""
    cache: TTLCache[Any, Any] = TTLCache(maxsize=maxsize, ttl=KEPT_SECONDS, timer=lambda: clock())

    def keep(build: Built) -> Built:
        return cast(Built, cached(cache, lock=threading.Lock())(build))

    return cache, keep
