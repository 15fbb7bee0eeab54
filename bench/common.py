"""Databases to measure on: a fresh SQLite file, and a fresh schema on PostgreSQL."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from relbot.db import make_engine
from relbot.migrate import upgrade
from standin.databases import DEFAULT_POSTGRES_URL, postgres_schema

POSTGRES_URL = os.environ.get("RELBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextmanager
def fresh_database(kind: str) -> Iterator[Engine]:
    """A migrated empty database of `kind` ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "postgresql":
        with postgres_schema(POSTGRES_URL, prefix="relbot_bench") as engine:
            upgrade(engine)
            yield engine
        return
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
