"""`relbot run --http` as an operator starts it: gunicorn, health, signed requests, 401s."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from relbot.db import make_engine
from relbot.runtime import CATEGORISER_READY
from relbot.server import close_at_once
from standin.signing import SignedRequest, SlackSigner
from standin.slack_api import SlackStandIn
from tests.conftest import SIGNING_SECRET
from tests.directory_data import PROVIDER
from tests.waiting import wait_until


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(url: str, signed: SignedRequest | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url,
        data=signed.body if signed else None,
        headers=signed.headers if signed else {},
        method="POST" if signed else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def served(engine: Engine, slack: SlackStandIn, tmp_path: Path) -> Iterator[str]:
    with _serve(engine.url.render_as_string(hide_password=False), slack, tmp_path) as base:
        yield base


@contextmanager
def _serve(
    database_url: str,
    slack: SlackStandIn,
    tmp_path: Path,
    settings: dict[str, str] | None = None,
) -> Iterator[str]:
    """relbot serving on a free port; what it prints goes to `served.log` in `tmp_path`."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_"))}
    env.update(
        SLACK_BOT_TOKEN=slack.token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        RELBOT_DATABASE_URL=database_url,
        RELBOT_ADMINS="UADMIN001",
        RELBOT_SCHEDULER="false",
    )
    env.update(settings or {})
    log = tmp_path / "served.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "relbot",
                "run",
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _request(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        process.wait()
        pytest.fail(f"relbot did not start: {log.read_text()}")
    # Timed answers wait until each worker has prepared its categoriser, which holds the
    # worker's processor for a moment after it starts answering.
    workers = int(env.get("RELBOT_HTTP_WORKERS", "1"))
    while log.read_text().count(CATEGORISER_READY) < workers:
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"relbot did not prepare its categoriser: {log.read_text()}")
        time.sleep(0.05)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.returncode == 0, log.read_text()


def test_run_http_serves_health_help_and_refuses_forgeries(
    served: str, slack: SlackStandIn
) -> None:
    status, body = _request(served + "/healthz")
    assert (status, body) == (200, b'{"status": "ok", "database": "ok"}')

    signer = SlackSigner(SIGNING_SECRET)
    status, body = _request(
        served + "/slack/events",
        signer.command("/relbot", "help", user_id=PROVIDER, response_url=slack.response_url()),
    )
    assert status == 200 and b"/relbot contacts [department]" in body

    before = len(slack.calls)
    forged = SlackSigner("wrong").command(
        "/relbot", "profile", user_id=PROVIDER, response_url=slack.response_url()
    )
    stale = signer.command(
        "/relbot",
        "profile",
        user_id=PROVIDER,
        response_url=slack.response_url(),
        timestamp=int(time.time()) - 600,
    )
    unsigned = SignedRequest(stale.body, {"Content-Type": stale.headers["Content-Type"]})
    for request in (forged, stale, unsigned):
        assert _request(served + "/slack/events", request)[0] == 401
    assert len(slack.calls) == before


def _connection_header(base: str, signed: SignedRequest) -> str:
    """The `Connection` header of relbot's answer, as a client keeping its connection sees it."""
    host, port = base.removeprefix("http://").split(":")
    client = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        client.request("POST", "/slack/events", body=signed.body, headers=signed.headers)
        answer = client.getresponse()
        answer.read()
        assert answer.status == 200
        return (answer.getheader("Connection") or "").lower()
    finally:
        client.close()


@pytest.mark.parametrize(("threads", "connection"), [(None, "close"), ("4", "keep-alive")])
def test_a_worker_of_one_thread_leaves_each_connection_to_whichever_is_free(
    slack: SlackStandIn, tmp_path: Path, threads: str | None, connection: str
) -> None:
    """One thread (the default): the connection closes after each answer, so the client's
    next request is taken by a free worker. More threads: the worker keeps the connection."""
    signed = SlackSigner(SIGNING_SECRET).command(
        "/relbot", "help", user_id=PROVIDER, response_url=slack.response_url()
    )
    settings = {"RELBOT_HTTP_WORKERS": "2"} | ({"RELBOT_HTTP_THREADS": threads} if threads else {})
    with _serve(f"sqlite:///{tmp_path}/relbot.db", slack, tmp_path, settings) as base:
        assert _connection_header(base, signed) == connection


def _raw_request(host: str, signed: SignedRequest) -> bytes:
    head = "".join(
        [
            f"POST /slack/events HTTP/1.1\r\nHost: {host}\r\n",
            f"Content-Length: {len(signed.body)}\r\n",
            *(f"{name}: {value}\r\n" for name, value in signed.headers.items()),
            "\r\n",
        ]
    )
    return head.encode() + signed.body


def _answer_until_closed(connection: socket.socket) -> bytes:
    """Everything relbot sends until it closes its end (the connection's own end stays)."""
    answer = b""
    while chunk := connection.recv(65536):
        answer += chunk
    return answer


def test_a_client_that_leaves_its_end_open_does_not_hold_the_worker(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    """One worker of one thread (the defaults): a client reads its whole answer but leaves
    its end of the connection open. The next client is answered at once, rather than once
    the worker has waited (up to 2 s) for the first to close: `close_at_once` never waits
    for a client, as the test after this one shows without a clock."""
    signed = SlackSigner(SIGNING_SECRET).command(
        "/relbot", "help", user_id=PROVIDER, response_url=slack.response_url()
    )
    with _serve(f"sqlite:///{tmp_path}/relbot.db", slack, tmp_path) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as lingering:
            lingering.sendall(_raw_request(host, signed))
            assert _answer_until_closed(lingering).startswith(b"HTTP/1.1 200")

            # Answered while the first client still holds its end open.
            assert _request(base + "/slack/events", signed)[0] == 200


def test_closing_a_connection_never_waits_for_the_client_to_close_its_end() -> None:
    """The client sent more than was read, then keeps its end open for the whole test:
    closing reads what has arrived and returns, where gunicorn's own close would wait."""
    ours, theirs = socket.socketpair()
    with theirs:
        theirs.sendall(b"x" * 1000)
        closing = threading.Thread(target=close_at_once, args=(ours,), daemon=True)
        closing.start()
        closing.join(timeout=10)
        assert not closing.is_alive()
        assert ours.fileno() == -1  # closed
        assert theirs.recv(10) == b""  # and the client told so


def test_what_a_client_sent_beyond_its_request_does_not_cut_its_answer_short(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    """Bytes after the request that relbot never reads are dropped before the connection
    closes: closing with them unread would reset the connection under the answer."""
    signed = SlackSigner(SIGNING_SECRET).command(
        "/relbot", "help", user_id=PROVIDER, response_url=slack.response_url()
    )
    with _serve(f"sqlite:///{tmp_path}/relbot.db", slack, tmp_path) as base:
        host, port = base.removeprefix("http://").split(":")
        for _ in range(5):
            with socket.socket() as client:
                # A small window keeps most of the answer in relbot's send buffer when it
                # closes, as a distant client's would be; a reset would throw it away.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
                client.settimeout(5)
                client.connect((host, int(port)))
                client.sendall(_raw_request(host, signed) + b"x" * 32768)
                time.sleep(0.2)  # relbot has answered and closed before the client reads
                answer = _answer_until_closed(client)
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            assert len(body) == length and b"/query" in body


def test_run_migrates_an_empty_database_on_start(slack: SlackStandIn, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/fresh.db"
    with _serve(url, slack, tmp_path) as base:
        assert _request(base + "/healthz")[0] == 200
    engine = make_engine(url)
    assert {"person", "department", "pulse_round", "query_ticket"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_a_line_per_request_is_logged_only_at_debug(slack: SlackStandIn, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/relbot.db"
    for level, logged in (("INFO", False), ("DEBUG", True)):
        folder = tmp_path / level
        folder.mkdir()
        with _serve(url, slack, folder, {"RELBOT_LOG_LEVEL": level}) as base:
            assert _request(base + "/healthz")[0] == 200
        assert ('"GET /healthz HTTP/1.1" 200' in (folder / "served.log").read_text()) is logged


def test_commands_are_acknowledged_while_listeners_wait_on_slack(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    """Each `/relbot contacts` calls Slack after its ack. Slack holds every answer until
    all twelve are acknowledged: had an ack waited for Slack, it would never have come."""
    signer = SlackSigner(SIGNING_SECRET)
    with _serve(f"sqlite:///{tmp_path}/slow.db", slack, tmp_path) as base:
        requests = [
            signer.command(
                "/relbot", "contacts", user_id=f"U{n:08d}", response_url=slack.response_url()
            )
            for n in range(12)
        ]
        with slack.holding(), ThreadPoolExecutor(len(requests)) as senders:
            statuses = list(senders.map(lambda r: _request(base + "/slack/events", r)[0], requests))
            assert statuses == [200] * 12
            assert slack.calls_to("response_url") == []  # none answered before its ack
        assert len(slack.wait_for("response_url", count=12)) == 12


def test_commands_are_acknowledged_while_every_listener_waits_on_slack(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    """More people open Home than relbot has listener threads, and Slack holds each
    `views.publish` (as when it answers with 429s and relbot waits out the Retry-After): a
    command sent meanwhile must still be acknowledged, and every Home published in the end."""
    signer = SlackSigner(SIGNING_SECRET)
    opened = [
        signer.event(
            {"type": "app_home_opened", "user": f"U{n:08d}", "channel": "D0HOME", "tab": "home"},
            event_id=f"Ev0HOME{n}",
        )
        for n in range(4)
    ]
    with _serve(
        f"sqlite:///{tmp_path}/held.db", slack, tmp_path, {"RELBOT_LISTENER_THREADS": "2"}
    ) as base:
        with slack.holding():
            for event in opened:
                assert _request(base + "/slack/events", event)[0] == 200
            wait_until(
                lambda: slack.waiting.count("views.publish") == len(opened),
                "every Home's views.publish waiting on Slack",
                timeout=10,
            )
            status, body = _request(
                base + "/slack/events",
                signer.command(
                    "/relbot", "help", user_id=PROVIDER, response_url=slack.response_url()
                ),
            )
            assert status == 200 and b"/query" in body
            assert slack.calls_to("views.publish") == []  # every thread was still waiting
        published = slack.wait_for("views.publish", count=4, timeout=20)
        assert sorted(c.params["user_id"] for c in published) == [f"U{n:08d}" for n in range(4)]


def test_several_workers_answer_and_one_runs_the_schedule(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    signer = SlackSigner(SIGNING_SECRET)
    settings = {"RELBOT_HTTP_WORKERS": "3", "RELBOT_SCHEDULER": "true", "RELBOT_LOG_LEVEL": "INFO"}
    log = tmp_path / "served.log"
    with _serve(f"sqlite:///{tmp_path}/workers.db", slack, tmp_path, settings) as base:
        for _ in range(12):
            status, body = _request(
                base + "/slack/events",
                signer.command("/relbot", "help", user_id=PROVIDER, response_url="x"),
            )
            assert status == 200 and b"/relbot contacts" in body
        # Each worker tries for the schedule as it starts, and says how that went.
        wait_until(
            lambda: log.read_text().count("runs the schedule") >= 3,
            "every worker saying whether it runs the schedule",
            timeout=30,
        )
    printed = log.read_text()
    assert printed.count("Booting worker") == 3, printed
    assert printed.count("this process runs the schedule") == 1, printed
    assert printed.count("another process runs the schedule; this one waits") == 2, printed
