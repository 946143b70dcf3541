"""Apply the Alembic migrations in `workstation/server/migrations/` at start; no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from workstation.server.db import MIGRATION_LOCK, Database, exclusive

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database) -> None:
    """Bring the schema to the newest revision; several processes starting at once take turns."""
    config = alembic_config()
    if database.is_sqlite:
        with database.write() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")  # branches made in parallel apply together
        return
    with exclusive(database, MIGRATION_LOCK), database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")  # branches made in parallel apply together
        connection.commit()
