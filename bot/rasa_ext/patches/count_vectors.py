"""Rasa's CountVectorsFeaturizer, featurizing a message with the same numbers and less scipy in between.

For each message and each of its two featurizers Rasa calls scikit-learn's ``CountVectorizer.transform`` twice
(once per token, once for the whole text), and each call builds a CSR matrix (with its format checks), sorts its
indices and converts it to COO. Counting the n-grams is a small part of that: the two featurizers took about 13 %
of the Rasa server's CPU time per turn (cProfile, bench/load.py conversations), most of it in scipy's constructors
and conversions. Here the n-grams are counted exactly as scikit-learn counts them (the vectorizer's own analyzer
and vocabulary) and the COO matrix Rasa ends up with is built directly: same rows, columns (sorted within a row,
as ``sort_indices`` leaves them), values, dtypes and shape (tests/unit/test_count_vectors.py). Per message of the
bench conversations (same process, interleaved): word n-grams 0.47 -> 0.23 ms, character n-grams 0.72 -> 0.47 ms.
"""
from __future__ import annotations

from typing import Any, List, Optional, Text, Tuple

import numpy as np
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from scipy.sparse import coo_matrix, spmatrix

_ORIGINAL_CREATE_FEATURES = CountVectorsFeaturizer._create_features


def counts(vectorizer: Any, documents: List[Text]) -> coo_matrix:
    """``vectorizer.transform(documents)`` after ``sort_indices()`` and ``tocoo()``, as Rasa's featurizer uses it."""
    analyze = vectorizer.build_analyzer()
    vocabulary = vectorizer.vocabulary_
    rows: List[int] = []
    columns: List[int] = []
    values: List[int] = []
    for row, document in enumerate(documents):
        counter: dict = {}
        for feature in analyze(document):
            index = vocabulary.get(feature)
            if index is not None:
                counter[index] = counter.get(index, 0) + 1
        for index in sorted(counter):
            rows.append(row)
            columns.append(index)
            values.append(counter[index])
    data = np.ones(len(values), dtype=vectorizer.dtype) if vectorizer.binary \
        else np.array(values, dtype=np.intc).astype(vectorizer.dtype)
    return coo_matrix((data, (rows, columns)), shape=(len(documents), len(vocabulary)), dtype=vectorizer.dtype)


def _create_features(self: CountVectorsFeaturizer, attribute: Text, all_tokens: List[List[Text]]
                     ) -> Tuple[List[Optional[spmatrix]], List[Optional[spmatrix]]]:
    vectorizer = self.vectorizers.get(attribute) if self.vectorizers else None
    if not vectorizer or not getattr(vectorizer, "vocabulary_", None):
        # Rasa's way: no vectorizer, a vocabulary scikit-learn reads on its first call, or its error for none
        return _ORIGINAL_CREATE_FEATURES(self, attribute, all_tokens)
    sequence_features: List[Optional[spmatrix]] = []
    sentence_features: List[Optional[spmatrix]] = []
    for tokens in all_tokens:
        if not tokens:
            sequence_features.append(None)
            sentence_features.append(None)
            continue
        sequence_features.append(counts(vectorizer, tokens))
        sentence_features.append(counts(vectorizer, [" ".join(tokens)])
                                 if attribute in DENSE_FEATURIZABLE_ATTRIBUTES else None)
    return sequence_features, sentence_features


def apply() -> None:
    CountVectorsFeaturizer._create_features = _create_features
