"""Every setting the guide reads from the environment, typed, with its default and meaning, in one place.

``settings()`` reads the environment again when it changed (tests set variables per test), so nothing is
frozen at import. A value the guide cannot use stops it with a message that names the variable
(``check()`` at start-up), never a silent guess. The README's configuration table is checked against this class
(tests/unit/test_settings.py); variables only the shell scripts and the Makefile read are in SCRIPT_VARIABLES.
"""
from __future__ import annotations

import os
from typing import Dict, Optional, Tuple

from pydantic import BaseSettings, Field, ValidationError, validator

DEFAULT_DATABASE_URL = "sqlite:///var/techconnect.sqlite3"
DEFAULT_TRACKER_DB_URL = "sqlite:///var/conversations.sqlite3"

# Read by scripts/ and the Makefile, not by the Python code.
SCRIPT_VARIABLES = ("ACTION_PORT", "RASA_PORT", "ACTIONS_IN_PROCESS", "RASA_WORKERS", "REDIS_HOST", "REDIS_PORT",
                    "PYTHON", "TEST_POSTGRES_URL")


class SettingError(ValueError):
    """A setting in the environment has a value the guide cannot use."""


class Settings(BaseSettings):
    database_url: str = Field("", description="catalog database (empty: the SQLite file in var/)")
    tracker_db_url: str = Field("", description="the tracker store `privacy purge` trims")
    catalog_mode: str = Field("production", description="demo: examples shown, marked; production: hidden")
    near_km: float = Field(15.0, gt=0, le=200, description="km (straight line) an event or liaison is near")
    retention_days: int = Field(180, ge=1, description="older conversations and personal data are deleted")
    max_message_chars: int = Field(1000, ge=1, description="longer messages get 'that is too long for me'")
    rate_limit_per_minute: int = Field(30, ge=1, description="messages per sender per minute")
    turn_timeout_seconds: int = Field(20, ge=1, description="a slower turn gets an apology first")
    redis_url: Optional[str] = Field(None, description="shared memory of deliveries and rate limits")
    rasa_auth_token: Optional[str] = Field(None, description="protects Rasa's HTTP API")
    telegram_token: Optional[str] = None
    telegram_secret_token: Optional[str] = None
    telegram_api_base_url: Optional[str] = None
    telegram_bot_username: Optional[str] = Field(None, description="for referral deep links")
    whatsapp_token: Optional[str] = None
    whatsapp_app_secret: Optional[str] = None
    whatsapp_verify_token: Optional[str] = None
    whatsapp_phone_number_id: Optional[str] = None
    whatsapp_api_base_url: Optional[str] = None
    whatsapp_display_number: Optional[str] = Field(None, description="for referral links")
    web_chat_url: Optional[str] = Field(None, description="for referral links")

    class Config:
        case_sensitive = False

    @validator("catalog_mode", pre=True)
    def _mode(cls, value):
        mode = str(value or "").strip().lower() or "production"
        if mode not in ("demo", "production"):
            raise ValueError("use 'demo' (examples shown, marked as examples) or 'production' (examples hidden)")
        return mode

    @validator("database_url", "tracker_db_url", "redis_url", "rasa_auth_token", "telegram_token",
               "telegram_secret_token", "telegram_api_base_url", "telegram_bot_username", "whatsapp_token",
               "whatsapp_app_secret", "whatsapp_verify_token", "whatsapp_phone_number_id", "whatsapp_api_base_url",
               "whatsapp_display_number", "web_chat_url", pre=True)
    def _stripped(cls, value):
        return str(value).strip() if value is not None else value

    @property
    def database(self) -> str:
        return self.database_url or DEFAULT_DATABASE_URL

    @property
    def tracker_database(self) -> str:
        return self.tracker_db_url or DEFAULT_TRACKER_DB_URL


def env_names() -> Tuple[str, ...]:
    return tuple(name.upper() for name in Settings.__fields__)


_cache: Dict[Tuple, Settings] = {}


def settings() -> Settings:
    """The settings for the current environment (read again only when one of its variables changed)."""
    key = tuple(os.environ.get(name) for name in env_names())
    found = _cache.get(key)
    if found is None:
        try:
            found = Settings()
        except ValidationError as exc:
            raise SettingError(_explain(exc)) from None
        _cache.clear()
        _cache[key] = found
    return found


def _explain(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]).upper()
        problems.append(f"{name}={os.environ.get(name)!r} is not valid: {error['msg']}")
    return "; ".join(problems)


def check() -> Settings:
    """Validate every setting at start-up, with a message that names the variable."""
    return settings()
