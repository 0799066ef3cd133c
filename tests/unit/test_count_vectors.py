"""The count-vector features of a message (bot/rasa_ext/patches/count_vectors.py) are the very matrices Rasa's
featurizer builds."""
import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ACTION_NAME, INTENT, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.cli.servers import ROOT
from bot.rasa_ext.patches import count_vectors

# as config.yml has them, and the other options scikit-learn's counting has
CONFIGS = [{"max_ngram": 2}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
           {"analyzer": "char", "min_ngram": 2, "max_ngram": 3},
           {"max_ngram": 1, "lowercase": False, "strip_accents": "unicode"}]
TEXTS = ["hoi", "welke banen zijn er?", "wat verdien je als data analist in zaandam", "ik heb mbo 4",
         "are there free courses near me in amsterdam", "thx!! 👍", "opleidng software ontwikkelaar",
         "ΟΔΟΣ Σ ς café CAFÉ naïve", "ik  ben\u00a047 en\tzoek werk\u2003in de ICT", "zzzqqq xxyy", "data data data",
         "ik ben 24, zit in de bijstand, 2 kinderen op de opvang, mijn vriend werkt fulltime. Kost een cursus geld? "
         "En hou ik mijn uitkering als ik een opleiding doe bij het ROC in Zaandam of online?"]


def _training_data():
    data = load_data(str(ROOT / "data" / "nlu" / "nl"))
    examples = [m for m in data.intent_examples if m.get(TEXT)][:400]
    english = [m for m in load_data(str(ROOT / "data" / "nlu" / "en")).intent_examples if m.get(TEXT)][:400]
    return TrainingData([Message(data={TEXT: m.get(TEXT), INTENT: m.get(INTENT)}) for m in examples + english])


def _featurizer(tmp_path, config, name):
    storage, context = LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), name)
    return storage, context, CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), **config},
                                                           storage, Resource(name), context)


def _same(ours, rasas):
    assert (ours is None) == (rasas is None)
    if ours is None:
        return
    assert type(ours) is type(rasas) and ours.shape == rasas.shape and ours.dtype == rasas.dtype
    for part in ("row", "col", "data"):
        assert getattr(ours, part).dtype == getattr(rasas, part).dtype, part
        np.testing.assert_array_equal(getattr(ours, part), getattr(rasas, part))
    assert ours.has_canonical_format == rasas.has_canonical_format


@pytest.mark.parametrize("number, config", list(enumerate(CONFIGS)))
@pytest.mark.parametrize("binary", [False, True])
def test_features_equal_rasas_value_for_value(tmp_path, number, config, binary):
    data = _training_data()
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    storage, context, featurizer = _featurizer(tmp_path, {**config, "use_shared_vocab": False, "binary": binary},
                                               f"f{number}")
    featurizer.train(data)
    loaded = CountVectorsFeaturizer.load({**CountVectorsFeaturizer.get_default_config(), **config, "binary": binary},
                                         storage, Resource(f"f{number}"), context)
    texts = TEXTS + [m.get(TEXT) for m in data.training_examples[::37]]
    messages = [Message(data={TEXT: text}) for text in texts]
    tokenizer.process(messages)
    for component in (loaded, featurizer):  # loaded: scikit-learn reads the vocabulary on its first call
        found = 0
        for message in messages:
            tokens = component._get_processed_message_tokens_by_attribute(message, TEXT)
            rasas = count_vectors._ORIGINAL_CREATE_FEATURES(component, TEXT, [tokens])
            ours = count_vectors._create_features(component, TEXT, [tokens])
            for kind in (0, 1):
                _same(ours[kind][0], rasas[kind][0])
            found += ours[1][0].nnz
        assert found > 100
        several = [component._get_processed_message_tokens_by_attribute(m, TEXT) for m in messages[:4]] + [[]]
        for ours, rasas in zip(count_vectors._create_features(component, TEXT, several),
                               count_vectors._ORIGINAL_CREATE_FEATURES(component, TEXT, several)):
            for one, theirs in zip(ours, rasas):
                _same(one, theirs)
        # an attribute without a vectorizer, and one that gets no sentence features
        assert count_vectors._create_features(component, "nothing", [["a"]]) == ([None], [None])


def test_the_patch_is_what_process_calls(tmp_path):
    from bot.rasa_ext import patches as rasa_patches

    rasa_patches.apply()
    assert CountVectorsFeaturizer._create_features is count_vectors._create_features
    data = _training_data()
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
    _, _, featurizer = _featurizer(tmp_path, CONFIGS[1], "p")
    featurizer.train(data)
    message = Message(data={TEXT: "ik zoek een opleiding"})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    featurizer.process([message])
    sequence, sentence = message.get_sparse_features(TEXT)
    tokens = featurizer._get_processed_message_tokens_by_attribute(message, TEXT)
    rasas = count_vectors._ORIGINAL_CREATE_FEATURES(featurizer, TEXT, [tokens])
    np.testing.assert_array_equal(sequence.features.toarray(), rasas[0][0].toarray())
    np.testing.assert_array_equal(sentence.features.toarray(), rasas[1][0].toarray())
    assert ACTION_NAME not in message.data
