"""Rasa custom actions: thin adapters that read slots, call ``bot.*`` and utter responses by name."""
from bot.catalog.settings import log_startup

# Loading the actions is the server's start: say which catalog mode runs and what it hides, and refuse to start
# with a CATALOG_MODE or NEAR_KM that is not valid.
log_startup()
