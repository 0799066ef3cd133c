"""Intent classification with a linear model: Rasa's LogisticRegressionClassifier with its regularisation
strength ``C`` configurable (Rasa 3.6 fixes it at scikit-learn's default, 1.0), and fast to predict.

Speed: scikit-learn scores a message as ``X @ coef_.T``. With the (C-ordered) weights as trained, scipy first
copies the whole transposed matrix (36 intents x ~31,000 n-gram features) for every message: 2.3 ms of a 2.4 ms
prediction. Stored in Fortran order, ``coef_.T`` is already contiguous and a prediction takes 0.05 ms, with the
same numbers (tests/unit/test_linear_intents.py).

Per message, the matrix is built from the two sentence features' values directly (sentence_matrix: scipy's
hstack and conversions took 0.8 ms of the classifier's 1.3 ms per message) and scored as scikit-learn scores it
(``X @ coef_.T + intercept_``, then its softmax) without its per-call input checks; the same numbers
(tests/unit/test_linear_intents.py).

Options besides ``C`` (defaults keep the measured model: ``class_weight`` ("balanced", as
Rasa's classifier, or null) and ``feature_transform``: "counts" (the featurizers' counts as they are), "binary"
(1 for every n-gram present) or "log" (log(1 + count)), applied to the sentence features before training and
prediction alike.

Measured against DIET on the held-out set and with 5-fold cross-validation in docs/nlu-pipelines.md; it trains in
about a tenth of DIET's time and the model is a ninth of the size.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy import sparse
from scipy.sparse import csr_matrix, isspmatrix_coo
from scipy.sparse._sputils import get_index_dtype
from sklearn.utils.extmath import softmax

FEATURE_TRANSFORMS = ("counts", "binary", "log")


def sentence_matrix(messages: List[Message]) -> Optional[csr_matrix]:
    """The matrix Rasa's ``_create_X`` builds when every message has only sparse sentence features for its text
    (as in this pipeline): those features side by side in the message's order, a row per message. Rasa gets
    there by combining every feature of the text, the per-token ones too (deep copies and sparse stacking):
    0.9 ms of a 2.4 ms message. None when a message has other kinds (Rasa's own way then)."""
    rows = []
    for message in messages:
        parts = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
        if not parts or not all(f.is_sparse() for f in parts):
            return None
        if len(messages) == 1:
            row = one_row([f.features for f in parts])
            if row is not None:
                return row
        rows.append(parts[0].features if len(parts) == 1 else sparse.hstack([f.features for f in parts]))
    if not rows:
        return None
    return csr_matrix(rows[0]) if len(rows) == 1 else sparse.vstack(rows, format="csr")


def one_row(blocks: List[Any]) -> Optional[csr_matrix]:
    """``csr_matrix(sparse.hstack(blocks))`` for one message's blocks as the count-vector featurizers give them
    (one-row COO matrices of one dtype, each with its columns in order and each column once): their values side by
    side, which is what scipy's stacking and conversion end up with. None for other blocks (scipy's way then)."""
    if not all(isspmatrix_coo(block) and block.shape[0] == 1 for block in blocks) or \
            len({block.dtype for block in blocks}) != 1:
        return None
    columns, offset = [], 0
    for block in blocks:
        columns.append(block.col.astype(np.int64) + offset)
        offset += block.shape[1]
    indices = np.concatenate(columns)
    if indices.size > 1 and not (np.diff(indices) > 0).all():
        return None
    data = np.concatenate([block.data for block in blocks])
    index_dtype = get_index_dtype(maxval=max(indices.size, offset))
    return csr_matrix((data, indices.astype(index_dtype), np.array([0, indices.size], dtype=index_dtype)),
                      shape=(1, offset))


def probabilities(clf: Any, X: Any) -> np.ndarray:
    """``clf.predict_proba(X)`` for a multinomial logistic regression and the CSR matrix of float features this
    classifier makes: scikit-learn's own arithmetic (``X @ coef_.T + intercept_``, its softmax) without its checks
    of the input, which cost more than the arithmetic. Anything else goes to ``predict_proba``."""
    coef = getattr(clf, "coef_", None)
    multinomial = clf.multi_class == "multinomial" or (
        clf.multi_class == "auto" and clf.classes_.size > 2 and clf.solver != "liblinear")
    if coef is None or not multinomial or not sparse.isspmatrix_csr(X) or X.dtype != np.float64 or \
            X.shape[1] != coef.shape[1] or not np.isfinite(X.data).all():
        return clf.predict_proba(X)
    return softmax(X @ coef.T + clf.intercept_, copy=False)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Logistic regression on the featurizers' sentence features, balanced class weights, configurable ``C``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "class_weight": "balanced",
                "feature_transform": "counts"}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        transform = config.get("feature_transform", "counts")
        if transform not in FEATURE_TRANSFORMS:
            raise ValueError(f"feature_transform must be one of {FEATURE_TRANSFORMS}, not {transform!r}")

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]), class_weight=self.config["class_weight"])

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        X = sentence_matrix(messages)
        X = csr_matrix(super()._create_X(messages) if X is None else X)
        transform = self.config.get("feature_transform", "counts")
        if transform == "binary":
            X.data = (X.data != 0).astype(np.float64)
        elif transform == "log":
            X.data = np.log1p(X.data)
        return X

    def process(self, messages: List[Message]) -> List[Message]:
        """Rasa's ``process`` with the probabilities of ``probabilities``."""
        coef = getattr(self.clf, "coef_", None)
        if coef is not None and not coef.flags.f_contiguous:
            self.clf.coef_ = np.asfortranarray(coef)  # once, after training or loading
        X = self._create_X(messages)
        probas = probabilities(self.clf, X)
        for idx, message in enumerate(messages):
            intent_ranking = [{"name": k, "confidence": v} for k, v in zip(self.clf.classes_, probas[idx])]
            sorted_ranking = sorted(intent_ranking, key=lambda e: -e["confidence"])
            intent = sorted_ranking[0]
            if self.config[RANKING_LENGTH] > 0:
                sorted_ranking = sorted_ranking[: self.config[RANKING_LENGTH]]
            message.set("intent", intent, add_to_output=True)
            message.set("intent_ranking", sorted_ranking, add_to_output=True)
        return messages
