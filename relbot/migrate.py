"""Run Alembic's migrations from code: `relbot migrate`, `relbot run` and the tests share this."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

# Found through the package, so an installed relbot migrates from wherever it runs.
MIGRATIONS = "relbot:migrations"
# Names the migration lock among the database's advisory locks (the scheduler has another).
MIGRATION_LOCK_KEY = 0x72656C6D6967


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration pointing at relbot's migrations, optionally for a given URL."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database up to the newest schema, inside one transaction."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together take turns: the later ones find the schema current.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo the migrations after `revision`, by default every one (tests use it to prove the
    downgrades run)."""
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
