"""Loading the model also loads lingua's language models (a fresh server spent about a second of its first
conversations loading them, holding the GIL) and then freezes what is loaded out of the garbage collector's sight
(in-process, 3,000 turns: a full-collection pause of ≈350 ms every ~1,500 turns before, ≈95 ms after)."""
from __future__ import annotations

import gc
from typing import Any

from rasa.core.agent import Agent

from bot.rasa_ext.patches.language_mapping import LANGUAGE_ACTION

ORIGINAL = Agent.load_model


def load_model(self: Agent, *args: Any, **kwargs: Any) -> None:
    gc.unfreeze()  # a model loaded before this one (a reload) may be collected again
    ORIGINAL(self, *args, **kwargs)
    domain = self.domain
    if domain is not None and LANGUAGE_ACTION in domain.user_actions:
        from bot.core import language

        language.preload()
    # Rasa, TensorFlow, the model and lingua (millions of objects) live as long as the model.
    gc.collect()
    gc.freeze()


def apply() -> None:
    Agent.load_model = load_model
