"""Answering Slack the moment a listener acknowledges, with the rest of its work in a pool.

Left to itself, Bolt runs each listener in its pool and looks every 10 ms for the
acknowledgement, so every answer waited up to 10 ms more than it needed to and, under load,
the waits were most of the answer's time. relbot runs Bolt processing before it responds and
wraps every listener instead: the wrapper starts the listener in the pool and hands Bolt the
acknowledgement as soon as the listener gives it (an event, not a poll). What the listener
does after that, such as calling Slack, goes on in the pool as before.

A listener that fails before acknowledging fails as if it ran in Bolt's own thread (Bolt's
error handler answers); one that fails afterwards, or after Bolt has stopped waiting for its
ack, is handed to the same error handler here.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.listener_matcher import ListenerMatcher
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_bolt.request import BoltRequest

# Slack waits three seconds for the answer; Bolt waits as long for a listener's ack().
ACK_TIMEOUT_SECONDS = 3.0

Listener = Callable[..., Any]
LateError = Callable[[Exception, dict[str, Any]], None]

# What the wrapper needs from Bolt besides what the listener asks for: the acknowledgement to
# wait on, and what the error handler needs to apologise for a failure after it.
_WRAPPER_ARGS = ("ack", "body", "respond", "client")


class AckFirst:
    """Wraps listeners so that Bolt answers Slack at the listener's ack(), not its return.

    Listeners that take no ack (events, which Bolt acknowledges as soon as they are started)
    run in `events`, when given, so that however many of them wait on Slack (people opening
    Home while Slack throttles its publishing, say) no acknowledgement waits for a thread.
    """

    def __init__(
        self, executor: Executor, late_error: LateError, events: Executor | None = None
    ) -> None:
        self._executor = executor
        self._events = events or executor
        self._late_error = late_error

    def __call__(self, listener: Listener) -> Listener:
        wanted = inspect.getfullargspec(listener).args
        # Bolt acknowledges events itself once the listener returns; those that take no ack
        # are only started here.
        waits = "ack" in wanted

        def run(**available: Any) -> None:
            acked = threading.Event()
            waiting = _Waiting()
            arguments = {name: available[name] for name in wanted}
            if waits:
                arguments["ack"] = _SignallingAck(available["ack"], acked)

            def work() -> None:
                try:
                    listener(**arguments)
                except Exception as error:
                    if not (waits and waiting.take(error, acked)):
                        self._late_error(error, available)
                finally:
                    acked.set()

            (self._executor if waits else self._events).submit(work)
            if waits:
                acked.wait(ACK_TIMEOUT_SECONDS)
                failure = waiting.stop()
                if failure is not None:
                    raise failure

        # Bolt passes a listener the arguments its signature names.
        names = list(dict.fromkeys([*wanted, *_WRAPPER_ARGS]))
        run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names]
        )
        run.__name__ = run.__qualname__ = listener.__name__
        run.__module__ = listener.__module__
        run.__doc__ = listener.__doc__
        return run


class _Waiting:
    """Bolt's thread, waiting for the ack: a failure before the ack goes to it while it
    waits; once it has stopped waiting (acknowledged, or out of time), to the late handler."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting = True
        self._failure: Exception | None = None

    def take(self, error: Exception, acked: threading.Event) -> bool:
        """Keep `error` for the waiting thread, if it is still waiting for an ack not given."""
        with self._lock:
            if self._waiting and not acked.is_set():
                self._failure = error
                return True
            return False

    def stop(self) -> Exception | None:
        """Stop waiting; the failure kept for this thread, if any."""
        with self._lock:
            self._waiting = False
            return self._failure


class _SignallingAck:
    """The listener's ack(): Bolt's, then the signal that the answer can go."""

    def __init__(self, ack: Callable[..., Any], acked: threading.Event) -> None:
        self._ack = ack
        self._acked = acked

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._ack(*args, **kwargs)
        finally:
            self._acked.set()


class _BodyMatcher(ListenerMatcher):
    """One of Bolt's own matchers (which read only the request body), given just the body.

    Bolt builds every argument a listener could ask for (parsing the body for each) before
    calling a matcher; with a listener for each command, button and event, that took about a
    quarter of the processor time of each request."""

    def __init__(self, matches_body: Callable[..., Any]) -> None:
        self._matches_body = matches_body

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return bool(self._matches_body(body=req.body))


def _on_body(matcher: ListenerMatcher) -> ListenerMatcher:
    if isinstance(matcher, BuiltinListenerMatcher) and matcher.arg_names == ["body"]:
        return _BodyMatcher(matcher.func)
    return matcher


class AckFirstApp(App):
    """A Bolt app whose every listener is registered through `AckFirst`, and matched by
    its body alone."""

    def __init__(self, *, ack_first: AckFirst, **kwargs: Any) -> None:
        super().__init__(process_before_response=True, **kwargs)
        self._ack_first = ack_first

    # Bolt offers no public way to replace the matcher it builds (`matchers=` only adds more
    # after it), so this private method is overridden: slack-bolt is bounded in pyproject.toml
    # and tests/test_library_internals.py names what to re-check when it changes.
    def _register_listener(
        self, functions: Any, primary_matcher: ListenerMatcher, *args: Any, **kwargs: Any
    ) -> Any:
        return super()._register_listener(functions, _on_body(primary_matcher), *args, **kwargs)

    def _wrapped(self, register: Callable[..., Any]) -> Callable[..., Any]:
        def wrap_and_register(*functions: Listener) -> Any:
            return register(*(self._ack_first(f) for f in functions))

        return wrap_and_register

    def command(self, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return self._wrapped(super().command(*args, **kwargs))

    def action(self, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return self._wrapped(super().action(*args, **kwargs))

    def event(self, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return self._wrapped(super().event(*args, **kwargs))

    def shortcut(self, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return self._wrapped(super().shortcut(*args, **kwargs))

    def view(self, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return self._wrapped(super().view(*args, **kwargs))


def ack_with(ack: Callable[..., Any], build: Callable[[], dict[str, Any]]) -> None:
    """Answer with the message `build` makes (quick work, such as reading a list), so it
    needs no call to Slack after the answer. If building fails, acknowledge first, so that the
    error handler's apology comes alone rather than beside Slack's own failure notice."""
    try:
        payload = build()
    except Exception:
        ack()
        raise
    ack(response_type="ephemeral", **payload)
