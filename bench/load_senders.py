"""Concurrent senders over keep-alive connections, timing each request to its HTTP answer."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from relbot.web import EVENTS_PATH
from standin.signing import SignedRequest


@dataclass(frozen=True)
class Load:
    """Seconds to each answer (200 or not), how many were lost, and the wall time taken."""

    latencies: list[float]
    answered: int
    lost: int
    elapsed: float

    @property
    def throughput(self) -> float:
        return self.answered / self.elapsed if self.elapsed else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p99(self) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[max(0, int(len(ordered) * 0.99) - 1)]

    @property
    def longest(self) -> float:
        return max(self.latencies, default=0.0)

    @classmethod
    def joined(cls, loads: Sequence[Load]) -> Load:
        """Several loads of one app counted as one."""
        return cls(
            latencies=[latency for load in loads for latency in load.latencies],
            answered=sum(load.answered for load in loads),
            lost=sum(load.lost for load in loads),
            elapsed=sum(load.elapsed for load in loads),
        )

    def over(self, seconds: float) -> int:
        return sum(1 for latency in self.latencies if latency > seconds)


@dataclass
class _Sender:
    latencies: list[float]
    answered: int = 0
    lost: int = 0


def _send(
    port: int, mix: Sequence[SignedRequest], start: int, until: float, sender: _Sender
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = start
    while time.perf_counter() < until:
        request = mix[index % len(mix)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("POST", EVENTS_PATH, body=request.body, headers=request.headers)
            answer = connection.getresponse()
            answer.read()
        except (OSError, http.client.HTTPException):
            sender.lost += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        sender.latencies.append(time.perf_counter() - started)
        if answer.status == 200:
            sender.answered += 1
        else:
            sender.lost += 1
    connection.close()


def run_load(port: int, mix: Sequence[SignedRequest], *, senders: int, seconds: float) -> Load:
    """`senders` threads each send the mix round and round for `seconds`."""
    records = [_Sender([]) for _ in range(senders)]
    started = time.perf_counter()
    until = started + seconds
    threads = [
        threading.Thread(target=_send, args=(port, mix, n, until, record), daemon=True)
        for n, record in enumerate(records)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Load(
        latencies=[latency for record in records for latency in record.latencies],
        answered=sum(record.answered for record in records),
        lost=sum(record.lost for record in records),
        elapsed=elapsed,
    )
