"""The out-of-fold scripts (no training here): folds, their summary, and the fallback-threshold choice, which must
decide exactly as Rasa's FallbackClassifier does."""
import sys
from collections import Counter
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import choose_fallback_threshold as cft  # noqa: E402
import oof_intents  # noqa: E402

RANKINGS = [
    [["greet", 0.90], ["goodbye", 0.05]],
    [["greet", 0.34], ["goodbye", 0.30]],
    [["greet", 0.50], ["goodbye", 0.47]],
    [["greet", 0.50], ["goodbye", 0.45]],
    [["greet", 0.35], ["goodbye", 0.10]],
    [["greet", 0.20]],
]


@pytest.mark.parametrize("threshold,ambiguity", [(0.35, 0.05), (0.3, 0.0), (0.5, 0.1), (0.1, 0.04)])
def test_decide_matches_rasas_fallback_classifier(threshold, ambiguity):
    fallback = FallbackClassifier.create({"threshold": threshold, "ambiguity_threshold": ambiguity}, None, None,
                                         ExecutionContext(GraphSchema({}), "fallback"))
    for ranking in RANKINGS:
        ranked = [{"name": n, "confidence": c} for n, c in ranking]
        message = Message(data={"text": "x", "intent": dict(ranked[0]), "intent_ranking": ranked})
        fallback.process([message])
        rasa_says = "clarify" if message.get("intent")["name"] == "nlu_fallback" else ranking[0][0]
        assert cft.decide(ranking, threshold, ambiguity) == rasa_says, (ranking, threshold, ambiguity)


def test_sweep_counts_and_choice():
    records = [
        {"gold": "greet", "lang": "en", "ranking": [["greet", 0.9], ["goodbye", 0.1]]},    # right at any setting
        {"gold": "goodbye", "lang": "en", "ranking": [["greet", 0.3], ["goodbye", 0.2]]},  # wrong unless asked
        {"gold": "greet", "lang": "nl", "ranking": [["greet", 0.45], ["goodbye", 0.4]]},   # right, close call
    ]
    rows = {(r["threshold"], r["ambiguity"]): r for r in cft.sweep(records, (0.2, 0.4, 0.5), (0.0, 0.1))}
    assert (rows[0.2, 0.0]["right"], rows[0.2, 0.0]["wrong"], rows[0.2, 0.0]["clarify"]) == (2, 1, 0)
    assert (rows[0.4, 0.0]["right"], rows[0.4, 0.0]["wrong"], rows[0.4, 0.0]["clarify"]) == (2, 0, 1)
    assert (rows[0.5, 0.0]["right"], rows[0.5, 0.0]["wrong"], rows[0.5, 0.0]["clarify"]) == (1, 0, 2)
    assert rows[0.2, 0.1]["clarify"] == 2  # both close calls asked
    assert rows[0.4, 0.0]["cost"] == pytest.approx(0.5 / 3)
    assert rows[0.4, 0.0]["nl"] == {"right": 1.0, "wrong": 0.0, "clarify": 0.0}
    chosen = cft.choose(list(rows.values()))
    assert (chosen["threshold"], chosen["ambiguity"]) == (0.4, 0.0)  # lowest cost: one question, no wrong answer


def test_choice_breaks_ties_by_fewest_questions():
    rows = [{"threshold": 0.2, "ambiguity": 0.0, "cost": 0.1000, "clarify": 9},
            {"threshold": 0.3, "ambiguity": 0.0, "cost": 0.0998, "clarify": 4},
            {"threshold": 0.4, "ambiguity": 0.0, "cost": 0.0990, "clarify": 30},
            {"threshold": 0.5, "ambiguity": 0.0, "cost": 0.1001, "clarify": 0}]  # just outside the tie
    assert cft.choose(rows)["threshold"] == 0.3


def test_folds_are_stratified_disjoint_complete_and_reproducible():
    labels = ["a"] * 50 + ["b"] * 25 + ["c"] * 10
    folds = oof_intents.make_folds(labels, 5, seed=42)
    assert sorted(i for fold in folds for i in fold) == list(range(len(labels)))
    for fold in folds:
        assert Counter(labels[i] for i in fold) == {"a": 10, "b": 5, "c": 2}
    assert oof_intents.make_folds(labels, 5, seed=42) == folds
    assert oof_intents.make_folds(labels, 5, seed=7) != folds


def test_summary_and_ranking_without_fallback():
    records = [
        {"fold": 0, "lang": "nl", "gold": "a", "ranking": [["a", 0.9]]},
        {"fold": 0, "lang": "en", "gold": "b", "ranking": [["a", 0.6]]},
        {"fold": 1, "lang": "en", "gold": "b", "ranking": [["b", 0.7]]},
        {"fold": 1, "lang": "en", "gold": "b", "ranking": [["b", 0.8]]},
    ]
    summary = oof_intents.summarise(records)
    assert summary["accuracy_mean_sd"] == [0.75, 0.25]
    assert summary["accuracy_per_language"] == {"en": pytest.approx(2 / 3, abs=1e-4), "nl": 1.0}
    assert summary["macro_f1"] == pytest.approx(0.7333, abs=1e-4)  # a: P 1/2 R 1 -> 2/3; b: P 1 R 2/3 -> 0.8
    parsed = {"intent": {"name": "nlu_fallback", "confidence": 0.35},
              "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.35}, {"name": "a", "confidence": 0.3},
                                 {"name": "b", "confidence": 0.28}]}
    assert oof_intents.classifier_ranking(parsed) == [["a", 0.3], ["b", 0.28]]


def test_data_round_keeps_the_original_folds_and_spreads_the_new_examples():
    original = ["a"] * 50 + ["b"] * 25 + ["c"] * 10
    new = ["a"] * 12 + ["c"] * 6 + ["d"] * 3  # d: fewer new examples than folds
    folds = oof_intents.keep_folds(original, new, 5, seed=42)
    n = len(original)
    assert [[i for i in fold if i < n] for fold in folds] == oof_intents.make_folds(original, 5, seed=42)
    assert sorted(i for fold in folds for i in fold) == list(range(n + len(new)))
    for fold in folds:  # the new examples stratified too
        held_new = Counter(new[i - n] for i in fold if i >= n)
        assert held_new["a"] in (2, 3) and held_new["c"] in (1, 2) and held_new["d"] <= 1
    assert oof_intents.keep_folds(original, [], 5, seed=42) == oof_intents.make_folds(original, 5, seed=42)


def test_language_scores_count_the_fallback_as_wrong_like_the_evaluation():
    records = [
        {"lang": "en", "gold": "a", "ranking": [["a", 0.9], ["b", 0.1]]},
        {"lang": "en", "gold": "a", "ranking": [["a", 0.40], ["b", 0.30]]},  # below 0.45: clarify
        {"lang": "en", "gold": "b", "ranking": [["b", 0.50], ["a", 0.48]]},  # ambiguous: clarify
        {"lang": "en", "gold": "b", "ranking": [["a", 0.8], ["b", 0.1]]},
    ]
    s = oof_intents.language_scores(records, 0.45, 0.05)["en"]
    assert s["accuracy_fallback"] == 0.25 and s["fallback_rate"] == 0.5 and s["accuracy_first_guess"] == 0.75
    assert s["intent_f1_fallback"] == {"b": 0.0, "a": pytest.approx(0.5)}  # a: P 1/2 R 1/2
    assert s["macro_f1_fallback"] == 0.25
    for ranking in RANKINGS:
        for threshold, ambiguity in [(0.35, 0.05), (0.5, 0.1)]:
            ours = oof_intents.decide(ranking, threshold, ambiguity)
            assert (ours == "nlu_fallback") == (cft.decide(ranking, threshold, ambiguity) == "clarify")
