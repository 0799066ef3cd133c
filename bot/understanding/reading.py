"""Read a whole message: its parts, the intent of each, topics the guide doesn't decide, and whether the
likeliest answer fits (see bot/nlu/message_reader.py for where this runs)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from bot.entities import fold
from bot.language import text_language
from bot.understanding import fit
from bot.understanding.outside import OutsideTopicFinder
from bot.understanding.parts import split

PART_THRESHOLD = 0.45
MAX_PARTS = 3
# Parts that are no question of their own when a message also asks something real.
NOT_A_QUESTION = {"greet", "thank", "affirm", "deny", "inform", "goodbye", "start", "stop", "show_more",
                  "inform_role", "nlu_fallback", "back_again"}
# Intents that start a dialogue (a form, a quiz, a deletion): in a multi-part answer they are offered, not run.
UNSUPPORTED = {"tr", "ar", "pl"}


@dataclass(frozen=True)
class Reading:
    intent: str
    confidence: float
    ranking: Optional[List[Dict[str, Any]]] = None
    extra: Dict[str, Any] = field(default_factory=dict)


def train_state(examples: Sequence[Tuple[str, str]], outside_keywords: Dict[str, List[str]],
                C: float = 10.0) -> Dict[str, Any]:
    texts = [fold(t) for t, _i in examples]
    labels = [i for _t, i in examples]
    words = CountVectorizer(ngram_range=(1, 2), binary=True, min_df=1)
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4), binary=True, min_df=2)
    X = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=42)
    model.fit(X, labels)
    from bot.understanding.foreign import detect_words

    return {"words": words, "chars": chars, "model": model, "outside": outside_keywords,
            "foreign_words": detect_words()}


class MessageReading:
    def __init__(self, state: Dict[str, Any]) -> None:
        self._words, self._chars, self._model = state["words"], state["chars"], state["model"]
        self._outside = OutsideTopicFinder(state["outside"])
        self._foreign = {code: set(words) for code, words in state.get("foreign_words", {}).items()}

    def foreign(self, text: str) -> Optional[str]:
        """A language we don't speak yet: by the language detector, or two of its common words."""
        detected, unsupported = text_language(text)
        if unsupported in UNSUPPORTED and detected is None:
            return unsupported
        tokens = set(re.findall(r"\w+", (text or "").lower()))
        for code, words in self._foreign.items():
            if len(tokens & words) >= 2:
                return code
        return None

    def classify(self, texts: List[str]) -> List[List[Tuple[str, float]]]:
        folded = [fold(t) for t in texts]
        X = hstack([self._words.transform(folded), self._chars.transform(folded)]).tocsr()
        out = []
        for row in self._model.predict_proba(X):
            order = row.argsort()[::-1][:5]
            out.append([(str(self._model.classes_[i]), float(row[i])) for i in order])
        return out

    def read(self, text: str, intent: Optional[str], confidence: float,
             ranking: List[Dict[str, Any]]) -> Optional[Reading]:
        """A changed reading of the message, or None when the classifier's reading stands."""
        foreign = self.foreign(text)
        if foreign:
            return Reading("foreign_language", 1.0, extra={"foreign_language": foreign})
        if fit.is_insult(text):
            return Reading("insult", 1.0)
        parts = split(text)
        asked = [p for p in parts if p.asks] if len(parts) > 1 else parts
        readings = []
        if len(parts) > 1 and asked:
            for part, ranked in zip(asked, self.classify([p.text for p in asked])):
                name, conf = ranked[0]
                topic = self._outside.find(part.text)
                if topic:
                    name, conf = "ask_outside_topic", 1.0
                else:
                    name = fit.refit(name, part.text, [{"name": n, "confidence": c} for n, c in ranked]) or \
                        "nlu_fallback"
                readings.append({"text": part.text, "start": part.start, "end": part.end, "intent": name,
                                 "confidence": round(conf, 3), **({"outside_topic": topic} if topic else {})})
            questions = [r for r in readings if r["intent"] not in NOT_A_QUESTION
                         and (r["confidence"] >= PART_THRESHOLD or r["intent"] == "nlu_fallback")]
            distinct: List[Dict[str, Any]] = []
            for r in questions:
                if all(r["intent"] != d["intent"] or r["intent"] == "nlu_fallback" for d in distinct):
                    distinct.append(r)
            clear = [r for r in distinct if r["intent"] != "nlu_fallback"]
            if len(distinct) >= 2 and clear:
                return Reading("multi_question", 1.0, extra={"parts": distinct[:MAX_PARTS]})
            if len(clear) == 1 and (intent in NOT_A_QUESTION or confidence < clear[0]["confidence"]
                                    or clear[0]["intent"] == "ask_outside_topic"):
                only = clear[0]
                extra = {"outside_topic": only["outside_topic"]} if "outside_topic" in only else {}
                return Reading(only["intent"], only["confidence"], extra=extra)
        topic = self._outside.find(text) if any(p.asks for p in parts) or intent == "ask_outside_topic" else None
        if topic and intent not in ("forget_me", "request_human", "check_eligibility"):
            return Reading("ask_outside_topic", 1.0, extra={"outside_topic": topic})
        if not intent:
            return None
        fitted = fit.refit(intent, text, ranking)
        if fitted == intent:
            return None
        if fitted is None:
            return Reading("nlu_fallback", confidence, ranking=fit.without(ranking, [intent]))
        return Reading(fitted, max(confidence, 0.5))
