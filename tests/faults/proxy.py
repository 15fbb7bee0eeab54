"""A TCP link to the database that a test can cut and restore, so no real server stops."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class DatabaseLink:
    """Forwards local connections to the database; while cut, it drops every connection
    at once and hangs up on new ones, as a network failure or a database restart would."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.up = True
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def port(self) -> int:
        port: int = self._listener.getsockname()[1]
        return port

    @classmethod
    @contextmanager
    def running(cls, host: str, port: int) -> Iterator[DatabaseLink]:
        link = cls(host, port)
        thread = threading.Thread(target=link._accept, name="database-link", daemon=True)
        thread.start()
        try:
            yield link
        finally:
            link._closed = True
            link.cut()
            link._listener.close()
            thread.join(timeout=5)

    def cut(self) -> None:
        """Drop every open connection; hang up on new ones until `restore()`."""
        with self._lock:
            self.up = False
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def restore(self) -> None:
        """Forward new connections again."""
        with self._lock:
            self.up = True

    def _accept(self) -> None:
        self._listener.settimeout(0.05)
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                up = self.up
            if not up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
