"""The linear intent classifier: trains with the configured C, persists and loads through Rasa's model storage,
and its fast (Fortran-ordered) weights give exactly the probabilities scikit-learn gives."""
import numpy as np
import pytest
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_ext.nlu.linear_intents import LinearIntentClassifier

N_FEATURES = 400
INTENTS = ["greet", "ask_salary", "find_course"]


def message(intent, rng):
    """A message whose sentence features lean towards its intent's block of features."""
    block = INTENTS.index(intent) * 100
    row = np.zeros((1, N_FEATURES))
    row[0, rng.choice(np.arange(block, block + 100), 10)] = 1
    row[0, rng.choice(N_FEATURES, 2)] = 1
    msg = Message(data={TEXT: f"{intent} example", INTENT: intent})
    msg.add_features(Features(sp.coo_matrix(row), FEATURE_TYPE_SENTENCE, TEXT, "test"))
    return msg


def components(tmp_path, config):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    context = ExecutionContext(GraphSchema({}), "linear")
    return storage, resource, context, LinearIntentClassifier.create(config, storage, resource, context)


def test_trains_with_c_persists_loads_and_predicts_like_scikit_learn(tmp_path):
    rng = np.random.default_rng(0)
    training = TrainingData([message(i, rng) for i in INTENTS for _ in range(30)])
    storage, resource, context, classifier = components(tmp_path, {"C": 7.5})
    assert classifier.clf.C == 7.5
    classifier.train(training)

    loaded = LinearIntentClassifier.load({"C": 7.5}, storage, resource, context)
    tests = [message(i, rng) for i in INTENTS for _ in range(5)]
    X = loaded._create_X(tests)
    expected = loaded.clf.predict_proba(X)  # as trained: C-ordered weights
    assert loaded.clf.coef_.flags.c_contiguous and not loaded.clf.coef_.flags.f_contiguous

    loaded.process(tests)
    assert loaded.clf.coef_.flags.f_contiguous
    np.testing.assert_allclose(loaded.clf.predict_proba(X), expected, rtol=1e-12, atol=1e-15)
    for msg, probs in zip(tests, expected):
        assert msg.get(INTENT)["name"] == loaded.clf.classes_[int(np.argmax(probs))]
        assert abs(msg.get(INTENT)["confidence"] - probs.max()) < 1e-12
    accuracy = np.mean([m.get(INTENT)["name"] == m.get(TEXT).split()[0] for m in tests])
    assert accuracy >= 0.9  # the features carry the intent: a trained model finds it


def test_feature_transforms_and_class_weight(tmp_path):
    rng = np.random.default_rng(1)
    tests = [message(i, rng) for i in INTENTS for _ in range(2)]
    for msg in tests:  # counts above one, as a repeated n-gram gives
        features = msg.get_sparse_features(TEXT)[1].features.tocsr()
        features.data = features.data * 3
        msg.features = [Features(features.tocoo(), FEATURE_TYPE_SENTENCE, TEXT, "test")]
    raw = LinearIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource("a"),
                                        ExecutionContext(GraphSchema({}), "a"))._create_X(tests)
    assert raw.max() == 3.0
    _, _, _, binary = components(tmp_path, {"feature_transform": "binary"})
    np.testing.assert_array_equal(binary._create_X(tests).toarray(), (raw.toarray() > 0).astype(float))
    _, _, _, log = components(tmp_path, {"feature_transform": "log"})
    np.testing.assert_allclose(log._create_X(tests).toarray(), np.log1p(raw.toarray()))
    assert binary.clf.class_weight == "balanced"
    _, _, _, unweighted = components(tmp_path, {"class_weight": None})
    assert unweighted.clf.class_weight is None
    with pytest.raises(ValueError):
        LinearIntentClassifier.validate_config({"feature_transform": "tfidf"})


def test_the_sentence_matrix_is_the_one_rasa_builds(tmp_path):
    """Real messages through the real featurizers of config.yml: the fast matrix equals Rasa's, value for value."""
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

    from bot.rasa_ext.nlu.linear_intents import probabilities, sentence_matrix

    texts = ["hoi", "welke banen zijn er?", "wat verdien je als data analist in zaandam", "ik heb mbo 4",
             "are there free courses near me", "thx!! 👍", "opleidng software ontwikkelaar"]
    data = TrainingData([Message(data={TEXT: t, INTENT: "x"}) for t in texts])
    data.regex_features = [{"name": "number", "pattern": r"\d+"}]
    storage, context = LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), "x")
    steps = [WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())]
    featurizers = [RegexFeaturizer.create({**RegexFeaturizer.get_default_config()}, storage, Resource("r"), context),
                   CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), "max_ngram": 2},
                                                 storage, Resource("w"), context),
                   CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb",
                                                  "min_ngram": 1, "max_ngram": 4}, storage, Resource("c"), context)]
    steps[0].process_training_data(data)
    for featurizer in featurizers:
        featurizer.train(data)
        featurizer.process_training_data(data)
    messages = data.training_examples
    rasas = LogisticRegressionClassifier._create_X(None, messages)
    ours = sentence_matrix(messages)
    assert ours.shape == rasas.shape and ours.shape[0] == len(texts) and ours.nnz > 100
    np.testing.assert_array_equal(ours.toarray(), rasas.toarray())
    for one in messages:
        np.testing.assert_array_equal(sentence_matrix([one]).toarray(), LogisticRegressionClassifier._create_X(
            None, [one]).toarray())
    for one in messages:  # one message: the values side by side, as scipy's stacking and conversion give them
        theirs = sp.csr_matrix(sp.hstack([f.features for f in one.features if f.type == FEATURE_TYPE_SENTENCE]))
        mine = sentence_matrix([one])
        assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
        for part in ("data", "indices", "indptr"):
            np.testing.assert_array_equal(getattr(mine, part), getattr(theirs, part))
    # the classifier trained on them: the probabilities scikit-learn gives, bit for bit, and Rasa's ranking
    for transform in ("binary", "counts"):
        classifier = LinearIntentClassifier.create({"feature_transform": transform}, storage, Resource(transform),
                                                   context)
        for number, one in enumerate(messages):
            one.set(INTENT, ["greet", "ask_salary", "find_course"][number % 3])
        classifier.train(TrainingData(messages))
        for one in messages:
            X = classifier._create_X([one])
            expected = classifier.clf.predict_proba(X)
            np.testing.assert_array_equal(probabilities(classifier.clf, X), expected)
            classifier.process([one])
            ranking = sorted(({"name": k, "confidence": v} for k, v in zip(classifier.clf.classes_, expected[0])),
                             key=lambda e: -e["confidence"])
            assert one.get("intent_ranking") == ranking and one.get(INTENT) == ranking[0]
    # a message with other kinds of features goes Rasa's way
    dense = Message(data={TEXT: "x"})
    dense.add_features(Features(np.ones((1, 3)), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    assert sentence_matrix([dense]) is None and sentence_matrix([]) is None



def test_other_blocks_and_models_go_scipys_and_scikit_learns_way(tmp_path):
    from bot.rasa_ext.nlu.linear_intents import one_row, probabilities

    unsorted = sp.coo_matrix((np.array([1, 2]), (np.array([0, 0]), np.array([3, 1]))), shape=(1, 5))
    assert one_row([unsorted]) is None
    assert one_row([sp.coo_matrix(np.ones((2, 3)))]) is None
    assert one_row([sp.coo_matrix(np.ones((1, 3))), sp.coo_matrix(np.ones((1, 2), dtype=np.int64))]) is None
    empty = one_row([sp.coo_matrix((1, 4), dtype=np.int64), sp.coo_matrix((1, 2), dtype=np.int64)])
    assert empty.shape == (1, 6) and empty.nnz == 0
    rng = np.random.default_rng(2)
    training = TrainingData([message(i, rng) for i in INTENTS for _ in range(20)])
    _, _, _, classifier = components(tmp_path, {})
    classifier.train(training)
    X = classifier._create_X([message("greet", rng)])
    classifier.clf.multi_class = "ovr"
    np.testing.assert_array_equal(probabilities(classifier.clf, X), classifier.clf.predict_proba(X))
    classifier.clf.multi_class = "auto"
    with pytest.raises(ValueError):
        probabilities(classifier.clf, sp.csr_matrix(np.ones((1, N_FEATURES + 1))))  # scikit-learn's error
