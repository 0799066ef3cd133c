"""Whitespace tokenizer that also gives each token its spaCy lookup lemma (Dutch, then English).

Rasa's CountVectorsFeaturizer counts ``token.lemma`` when ``use_lemma`` is on (its default), so with this
tokenizer the word features see "opleidingen" and "opleiding", "cursussen" and "cursus", "jobs" and "job" as
one word. Lemmas come from the same lookup tables as the entity matcher (spacy-lookups-data, no model download).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.understanding.entities import _lemmatizers, fold


@lru_cache(maxsize=1)
def _tables() -> List[Dict[str, str]]:
    return [nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup") for nlp in _lemmatizers().values()]


@lru_cache(maxsize=100_000)
def lemma_of(word: str) -> str:
    """The Dutch lookup lemma of ``word``, else the English one, else the folded word itself."""
    folded = fold(word)
    for table in _tables():
        lemma: Optional[str] = table.get(folded)
        if lemma:
            return fold(lemma)
    return folded


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class LemmaTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer whose tokens carry a lookup lemma."""

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy"]

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if attribute == TEXT:
            for token in tokens:
                token.lemma = lemma_of(token.text)
        return tokens
