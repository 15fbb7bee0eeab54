"""Acknowledgement speed under load: signed requests to `relbot run --http` from N senders.

Next to relbot, a Bolt app that only acknowledges is served the same way and loaded the same
way in the same run, so the figures compare like with like on this machine. All the apps are
served at once and loaded in turns of a few seconds each (minimal, relbot on SQLite, relbot on
PostgreSQL, and round again), so a machine whose speed drifts during the run (a shared or
throttled host) slows each alike rather than whichever came last. Run with
`python -m bench.load [--seconds 60] [--senders 10,50] [--databases sqlite,postgresql]
[--workers 2] [--turns 6]`; both apps are served with the same number of gunicorn workers, the
minimal app with a thread for each request in flight (Bolt's wait for the ack needs one),
relbot with its defaults.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import fresh_database
from bench.load_senders import Load, run_load
from relbot.config import Settings
from relbot.db import make_engine, make_session_factory
from relbot.runtime import CATEGORISER_READY
from relbot.slack.deps import Deps
from relbot.slack.home.publish import home_payload
from relbot.slack.ids import Action, Command
from standin.signing import SignedRequest, SlackSigner, block_action
from tests.directory_data import PROVIDER, load_council

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-load-signing-secret"
# Bolt, left to itself, waits for a listener's ack by polling in the request's thread, so the
# minimal app needs a thread for each request in flight; relbot is served with its defaults.
MINIMAL_THREADS = 8
SLACK_DEADLINE = 3.0
P99_RATIO_TARGET = 1.5
THROUGHPUT_RATIO_TARGET = 2 / 3
MINIMAL = "minimal bolt"
RELBOT = "relbot"


@dataclass(frozen=True)
class SlackProcess:
    api_url: str
    base_url: str
    token: str


@dataclass(frozen=True)
class Target:
    """A served app: what it is, its database, its port, and the Home Slack sends with
    app_home_opened (relbot's own, as it published it)."""

    name: str
    database: str
    port: int
    shown_home: dict[str, Any] | None = None


@dataclass(frozen=True)
class Row:
    target: str
    database: str
    senders: int
    load: Load


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def slack_stand_in(delay_ms: float) -> Iterator[SlackProcess]:
    """The Slack stand-in in its own process, stopped by closing its stdin."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.slack_process", "--delay-ms", str(delay_ms)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        urls = json.loads(process.stdout.readline())
        yield SlackProcess(urls["api_url"], urls["base_url"], urls["token"])
    finally:
        process.stdin.close()
        process.wait(timeout=30)


@contextmanager
def served(
    module: Sequence[str], env: dict[str, str], log: Path, ready: str | None = None
) -> Iterator[int]:
    """A server process on a free port, once `/healthz` answers and (when given) every
    worker has printed `ready`; its output goes to `log`.

    It runs in the log's folder, where no `.env` is, so it has only the settings in `env`.
    """
    port = _free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", *module, "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=log.parent,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(port, process, log)
            if ready is not None:
                _wait_printed(ready, int(env.get("RELBOT_HTTP_WORKERS", "1")), process, log)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start:\n{log.read_text()}")


def _wait_printed(line: str, times: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until `line` is printed `times` times: no measuring while workers warm up."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if log.read_text().count(line) >= times:
            return
        time.sleep(0.2)
    raise RuntimeError(f"server did not warm up:\n{log.read_text()}")


def _environment(slack: SlackProcess, database_url: str | None, workers: int) -> dict[str, str]:
    """What an app is served with: the minimal app (no `database_url`) with the threads it
    needs, relbot with its own defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_"))}
    env.update(
        # Served from elsewhere (see `served`), the reference app is found here.
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        SLACK_BOT_TOKEN=slack.token,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
        RELBOT_HTTP_WORKERS=str(workers),
        RELBOT_SCHEDULER="false",
    )
    if database_url is None:
        env["RELBOT_HTTP_THREADS"] = str(MINIMAL_THREADS)
    else:
        env["RELBOT_DATABASE_URL"] = database_url
    return env


def signed_mix(slack: SlackProcess, shown_home: dict[str, Any] | None) -> list[SignedRequest]:
    """What Slack sends a busy install: three commands, a button, two kinds of event.

    Slack sends the Home a person sees with each opening after the first (`shown_home`, the
    one relbot published for them), as it does for most openings in a working week.
    """
    signer = SlackSigner(SECRET)
    response_url = f"{slack.base_url}/response/load"

    def command(name: Command, text: str) -> SignedRequest:
        return signer.command(name.value, text, user_id=PROVIDER, response_url=response_url)

    edit_profile = block_action(
        user_id=PROVIDER,
        action_id=Action.OPEN_PROFILE.value,
        view={"id": "VHOME", "type": "home", "blocks": []},
    )
    chatter = {
        "type": "message",
        "channel": "C0RANDOM",
        "user": "UOFFI0002",
        "text": "Morning all",
        "ts": "1700000000.000100",
    }
    home: dict[str, Any] = {
        "type": "app_home_opened",
        "user": PROVIDER,
        "channel": "D0HOME",
        "tab": "home",
    }
    if shown_home is not None:
        home["view"] = {"id": "VHOME", "type": "home", **shown_home}
    return [
        command(Command.RELBOT, "help"),
        command(Command.QUERY, "list"),
        command(Command.MUSTHAVE, "list"),
        signer.interaction(edit_profile),
        signer.event(chatter, event_id="Ev0LOADMSG"),
        signer.event(home, event_id="Ev0LOADHOME"),
    ]


def measure(
    targets: Sequence[Target], slack: SlackProcess, senders: int, seconds: float, turns: int
) -> list[Row]:
    """One row per target: `seconds` of load each, given in `turns` turns taken in rotation,
    after a short unrecorded warm-up of each."""
    turn = seconds / turns
    for target in targets:
        run_load(
            target.port,
            signed_mix(slack, target.shown_home),
            senders=senders,
            seconds=min(5.0, turn),
        )
    taken: list[list[Load]] = [[] for _ in targets]
    for _ in range(turns):
        for target, loads in zip(targets, taken, strict=True):
            # Signed afresh for each turn: Slack's timestamps are valid for 5 minutes.
            mix = signed_mix(slack, target.shown_home)
            loads.append(run_load(target.port, mix, senders=senders, seconds=turn))
    return [
        Row(target.name, target.database, senders, Load.joined(loads))
        for target, loads in zip(targets, taken, strict=True)
    ]


def _prepared_url(stack: ExitStack, kind: str, folder: Path) -> str:
    engine = stack.enter_context(fresh_database(kind))
    with make_session_factory(engine).begin() as session:
        load_council(session, folder)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    return url


def _published_home(env: dict[str, str]) -> dict[str, Any]:
    """The Home relbot publishes for the sender, built as relbot builds it, with the
    settings it is served with (`env`, and no `.env`)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        settings = Settings(_env_file=None)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    engine = make_engine(env["RELBOT_DATABASE_URL"])
    try:
        return home_payload(Deps(settings, make_session_factory(engine)), PROVIDER)
    finally:
        engine.dispose()


HEADER = (
    f"{'target':<13}{'database':<11}{'senders':>8}{'requests':>10}{'per s':>8}"
    f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'lost':>6}{'over 3 s':>10}"
)


def _format(row: Row) -> str:
    load = row.load
    return (
        f"{row.target:<13}{row.database:<11}{row.senders:>8}{load.answered:>10}"
        f"{load.throughput:>8.0f}{load.p50 * 1000:>9.1f}{load.p99 * 1000:>9.1f}"
        f"{load.longest * 1000:>9.1f}{load.lost:>6}{load.over(SLACK_DEADLINE):>10}"
    )


def verdicts(rows: Sequence[Row], senders: Sequence[int]) -> list[str]:
    """The targets: at the fewest senders near the minimal app; at the most, all within 3 s."""
    lines = []
    reference = {r.senders: r.load for r in rows if r.target == MINIMAL}
    fewest, most = min(senders), max(senders)
    for row in rows:
        if row.target != RELBOT:
            continue
        load, label = row.load, f"{row.database} at {row.senders} senders"
        if row.senders == fewest and fewest in reference:
            base = reference[fewest]
            p99 = load.p99 / base.p99 if base.p99 else float("inf")
            share = load.throughput / base.throughput if base.throughput else 0.0
            lines.append(
                f"{label}: p99 {p99:.2f}x minimal (target <= {P99_RATIO_TARGET}) "
                f"{_verdict(p99 <= P99_RATIO_TARGET)}; throughput {share:.2f}x minimal "
                f"(target >= {THROUGHPUT_RATIO_TARGET:.2f}) "
                f"{_verdict(share >= THROUGHPUT_RATIO_TARGET)}"
            )
        if row.senders == most and most != fewest:
            late = load.over(SLACK_DEADLINE)
            lines.append(
                f"{label}: max {load.longest:.2f} s, {late} over 3 s, {load.lost} lost "
                f"{_verdict(late == 0 and load.lost == 0)}"
            )
    return lines


def _verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--senders", default="10,50")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers for both apps (one per core)"
    )
    parser.add_argument(
        "--slack-delay-ms",
        type=float,
        default=0.0,
        help="how long the Slack stand-in takes to answer each call (Slack's own take ~100 ms)",
    )
    parser.add_argument(
        "--turns", type=int, default=6, help="turns each app's seconds are given in, in rotation"
    )
    args = parser.parse_args(argv)
    senders = [int(n) for n in args.senders.split(",")]
    databases = [d for d in args.databases.split(",") if d]
    relbot_threads = Settings.model_fields["http_threads"].default
    print(
        f"signed commands, a button and events for {args.seconds:g} s per row "
        f"in {args.turns} turns, "
        f"{args.workers} workers of {MINIMAL_THREADS} threads (minimal app) or {relbot_threads} "
        f"(relbot), Slack stand-in answering after {args.slack_delay_ms:g} ms (Slack allows 3 s)"
    )
    print(HEADER, flush=True)
    rows: list[Row] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        slack_stand_in(args.slack_delay_ms) as slack,
        ExitStack() as stack,
    ):
        env = _environment(slack, None, args.workers)
        minimal = stack.enter_context(
            served(["bench.minimal_bolt"], env, Path(folder) / "minimal.log")
        )
        targets = [Target(MINIMAL, "-", minimal)]
        for kind in databases:
            url = _prepared_url(stack, kind, Path(folder))
            env = _environment(slack, url, args.workers)
            log = Path(folder) / f"relbot-{kind}.log"
            shown = _published_home(env)
            port = stack.enter_context(
                served(["relbot", "run", "--http"], env, log, CATEGORISER_READY)
            )
            targets.append(Target(RELBOT, kind, port, shown))
        for count in senders:
            for row in measure(targets, slack, count, args.seconds, args.turns):
                rows.append(row)
                print(_format(row), flush=True)
    for line in verdicts(rows, senders):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
