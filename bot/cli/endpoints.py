"""Rasa endpoints files, written one way for every way of running the guide.

``endpoints.yml`` (the default: action server on 5055, conversations in var/conversations.sqlite3) and
``deploy/endpoints.multi.yml`` (several servers: PostgreSQL, Redis, ``${VARIABLES}`` that Rasa fills in) are what
this module writes for those settings (tests/unit/test_endpoints.py); ``make serve``, ``make chat``, the tests and
the benchmarks write theirs with it (``techconnect endpoints``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional, Union

import yaml

TRACKER_STORE = "bot.rasa_ext.tracker_store.ForgettingSQLTrackerStore"
# Responses in the conversation's language, from the message catalogs.
NLG = "bot.rasa_ext.nlg.CatalogNaturalLanguageGenerator"
IN_PROCESS = "in-process"
DEFAULT_ACTIONS = "http://localhost:5055/webhook"
DEFAULT_CONVERSATIONS = "var/conversations.sqlite3"
# Several servers: Rasa fills these in from the environment when it starts.
POSTGRES_FROM_ENV = {"url": "${TRACKER_DB_HOST}", "port": "${TRACKER_DB_PORT}", "db": "${TRACKER_DB_NAME}",
                     "username": "${TRACKER_DB_USER}", "password": "${TRACKER_DB_PASSWORD}"}


# deploy/endpoints.multi.yml: several Rasa servers behind nginx, settings from the environment.
MULTI = {"actions": "${ACTION_ENDPOINT_URL}", "postgres": POSTGRES_FROM_ENV,
         "redis": {"url": "${REDIS_HOST}", "port": "${REDIS_PORT}"}}


def endpoints(actions: str = DEFAULT_ACTIONS, conversations: Union[str, Path, None] = DEFAULT_CONVERSATIONS,
              postgres: Optional[Dict[str, Any]] = None, redis: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The endpoints as a dict.

    ``actions``: the action server's webhook URL, or ``IN_PROCESS`` (the actions inside the Rasa server);
    ``conversations``: the SQLite file of the tracker store, unless ``postgres`` gives the PostgreSQL settings
    (neither: Rasa's in-memory store);
    ``redis``: the lock store's settings (several Rasa processes), or None for Rasa's in-memory lock store."""
    action_endpoint = ({"actions_module": "actions"} if actions == IN_PROCESS
                       else {"url": actions, "enable_selective_domain": True})
    result: Dict[str, Any] = {"action_endpoint": action_endpoint, "nlg": {"type": NLG}}
    if postgres:
        result["tracker_store"] = {"type": TRACKER_STORE, "dialect": "postgresql", **postgres}
    elif conversations is not None:
        result["tracker_store"] = {"type": TRACKER_STORE, "dialect": "sqlite", "db": str(conversations)}
    if redis:
        result["lock_store"] = {"type": "redis", "db": 1, "key_prefix": "techconnect", **redis}
    return result


def write(path: Path, **settings: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints(**settings), sort_keys=False), encoding="utf-8")
    return path
