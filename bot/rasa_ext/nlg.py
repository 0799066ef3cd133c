"""Rasa's responses in the conversation's language, from the message catalogs (bot/core/messages.py).

Rasa's documented extension point for response generation: the endpoints file names this class under ``nlg``
(bot/cli/endpoints.py writes it into every endpoints file). The domain's responses hold keys; for every language
with a catalog the keys are replaced by that language's texts once, at load, and Rasa's own
``TemplatedNaturalLanguageGenerator`` then fills in the slots and variables as usual. A conversation whose
language has no catalog is answered in Dutch.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core import messages

Responses = Dict[Text, List[Dict[Text, Any]]]


def translate(responses: Responses, language: str) -> Responses:
    """The responses with every text, button title and worded button answer in ``language``."""
    return {name: [messages.translate_variation(v, language) for v in variations]
            for name, variations in responses.items()}


class CatalogNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """A Templated generator (so that Rasa hands it the domain's responses when it loads a model: the agent
    creates the generator before the domain is known) that renders each conversation in its language."""

    def __init__(self, endpoint_config: Any = None, domain: Optional[Domain] = None, **_: Any) -> None:
        super().__init__((domain or Domain.empty()).responses)

    @property
    def responses(self) -> Responses:
        return self._responses

    @responses.setter
    def responses(self, responses: Responses) -> None:
        self._responses = responses
        self.by_language = {language: TemplatedNaturalLanguageGenerator(translate(responses, language))
                            for language in messages.languages()}

    def for_language(self, language: Optional[str]) -> TemplatedNaturalLanguageGenerator:
        return self.by_language.get(language or "", self.by_language[messages.SOURCE_LANGUAGE])

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        language = tracker.get_slot("language") if tracker.slots.get("language") is not None else None
        return await self.for_language(language).generate(utter_action, tracker, output_channel, **kwargs)
