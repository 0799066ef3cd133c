"""The NLU training data itself: enough examples per intent and language, and no copies."""
from collections import Counter
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from tools.domain_files import load_domain
from tools.evaluation import normalise_example

ROOT = Path(__file__).resolve().parents[2]


def _examples(lang: str):
    return load_data(str(ROOT / "data" / "nlu" / lang)).intent_examples


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_intent_has_at_least_40_examples_per_language(lang):

    from bot.core.understanding.reading import READER_INTENTS

    intents = [i for i in load_domain()["intents"]
               if i not in READER_INTENTS]
    counts = Counter(m.get("intent") for m in _examples(lang))
    short = {intent: counts[intent] for intent in intents if counts[intent] < 40}
    assert not short, f"{lang}: intents with fewer than 40 training examples: {short}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_example_is_trained_under_two_intents(lang):
    seen = {}
    clashes = []
    for message in _examples(lang):
        key = normalise_example(message.get("text"))
        if key in seen and seen[key] != message.get("intent"):
            clashes.append((message.get("text"), seen[key], message.get("intent")))
        seen.setdefault(key, message.get("intent"))
    assert not clashes
