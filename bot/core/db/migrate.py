"""Run Alembic migrations from code (used by the CLI, make and the tests)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.core.db.session import PROJECT_ROOT, database_url


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")
