"""Rasa NLU component that reads a whole chat message after the intent classifier (bot/core/understanding/):

- a message in a language we don't speak yet (Turkish, Arabic, Polish...) -> intent ``foreign_language``;
- several questions in one message -> intent ``multi_question`` with ``parts`` (up to three, in order, each
  with its own intent), so the guide answers each part;
- one question inside a long message of context -> the intent of that question;
- a topic the guide does not decide -> ``ask_outside_topic`` with ``outside_topic``;
- an answer whose condition the text does not show (bot/core/understanding/fit.py) -> a fitting intent, or
  ``nlu_fallback`` so the guide asks back with the two likeliest readings.

Parts are classified by a small linear model of its own (word and character n-grams, trained on the same
examples), because Rasa's featurizers only featurize whole messages.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.understanding import reading
from bot.core.understanding.outside import default_topics, keyword_table
from bot.core.understanding.part_model import train_state

logger = logging.getLogger(__name__)
MODEL_FILE = "parts.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class MessageReader(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 10.0, "part_threshold": reading.PART_THRESHOLD}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 state: Optional[Dict[str, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self._reader = reading.MessageReading(state) if state else None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MessageReader":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "MessageReader":
        try:
            with model_storage.read_from(resource) as directory:
                state = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("message reader: no trained state, messages are read whole")
            state = None
        return cls(config, model_storage, resource, state)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples if m.get(TEXT)]
        state = train_state(examples, keyword_table(default_topics()), C=float(self._config["C"]))
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(state, directory / MODEL_FILE)
        self._reader = reading.MessageReading(state)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._reader is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            if not text or text.startswith("/"):
                continue  # button payloads name their intent
            result = self._reader.read(text, intent.get("name"), float(intent.get("confidence") or 0.0),
                                       message.get(INTENT_RANKING_KEY) or [])
            if result is None:
                continue
            message.set(INTENT, {"name": result.intent, "confidence": result.confidence}, add_to_output=True)
            if result.ranking is not None:
                message.set(INTENT_RANKING_KEY, result.ranking, add_to_output=True)
            for key, value in result.extra.items():
                message.set(key, value, add_to_output=True)
        return messages
