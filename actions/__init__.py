"""Rasa custom actions: thin adapters that read slots, call ``bot.*`` and utter responses by name."""
from bot.core import settings
from bot.core.catalog.settings import log_startup

# Loading the actions is the server's start: refuse to start with a setting that is not valid (the message names
# the variable), then say which catalog mode runs and what it hides.
settings.check()
log_startup()
