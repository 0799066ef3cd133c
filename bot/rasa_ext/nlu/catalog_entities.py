"""Rasa NLU component that extracts catalog entities with :mod:`bot.core.understanding.entities`.

At training time it reads the synonyms from ``data/catalog/`` and stores the lexicon in the model, so a
trained model is self-contained and the running server never reads the catalog files.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.understanding.entities import EntityMatcher, load_lexicon, mbo_level

LEXICON_FILE = "lexicon.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class CatalogEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds job profiles, education levels, places, roles and languages named in the catalog."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"catalog_dir": "data/catalog", "use_lemmas": True}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy", "rapidfuzz"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 lexicon: Optional[Dict[str, Dict[str, List[str]]]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.lexicon = lexicon or {}
        self.matcher = EntityMatcher(self.lexicon, use_lemmas=self._config["use_lemmas"]) if lexicon else None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CatalogEntityExtractor":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.lexicon = load_lexicon(Path(self._config["catalog_dir"]))
        self.matcher = EntityMatcher(self.lexicon, use_lemmas=self._config["use_lemmas"])
        with self._model_storage.write_to(self._resource) as directory:
            rasa.shared.utils.io.dump_obj_as_json_to_file(directory / LEXICON_FILE, self.lexicon)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "CatalogEntityExtractor":
        try:
            with model_storage.read_from(resource) as directory:
                lexicon = rasa.shared.utils.io.read_json_file(directory / LEXICON_FILE)
        except ValueError:
            lexicon = None
        component = cls(config, model_storage, resource, lexicon)
        component.extract("warm up")  # load the spaCy lookup tables now, not on the first user message
        return component

    def extract(self, text: str) -> List[Dict[str, Any]]:
        if not self.matcher or not text:
            return []
        entities = [e.as_rasa(self.name) for e in self.matcher.find(text)]
        level = mbo_level(text)
        if level:
            entities.append({"entity": "mbo_level", "value": level, "start": 0, "end": len(text),
                             "confidence_entity": 1.0, "extractor": self.name})
        return entities

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = self.extract(message.get(TEXT) or "")
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
