"""Read a whole message: its parts, the intent of each, topics the guide doesn't decide, and whether the
likeliest answer fits (see bot/rasa_ext/nlu/message_reader.py for where this runs)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from bot.core.catalog import admission
from bot.core.language import text_language
from bot.core.understanding import fit
from bot.core.understanding.entities import default_matcher, fold
from bot.core.understanding.outside import OutsideTopicFinder
from bot.core.understanding.parts import split

# Intents only the reader sets (never trained): several questions, a language we don't speak yet.
READER_INTENTS = ("multi_question", "foreign_language")
PART_THRESHOLD = 0.45
FALLBACK_THRESHOLD = 0.3  # below this the guide asks back with the two likeliest readings
MAX_PARTS = 3
# Parts that are no question of their own when a message also asks something real.
NOT_A_QUESTION = {"greet", "thank", "affirm", "deny", "inform", "goodbye", "start", "stop", "inform_role",
                  "nlu_fallback"}
# A part that is plainly a question (a question mark, a question word) needs less certainty to be answered.
QUESTION_THRESHOLD = 0.3
BENEFIT_TOPICS = ("bijstand_study", "ww_study")
# Readings of a short question that say little on their own ("wat is dat hier waard?").
VAGUE = {"help", "out_of_scope", "bot_challenge", "affirm", "deny"}
# A part that only asks for the message's other parts.
META = re.compile(r"(?i)^\W*(?:(?:can|could) you (?:do|answer|help with) (?:both|all|that|this|them|it)|"
                  r"kun(?:t)? je (?:dat|dit|beide|allebei|ze)(?: allebei| beide)?(?: doen| beantwoorden)?|"
                  r"lukt (?:dat|dit)|is that possible|kan dat)\W*$")
# Intents that start a dialogue (a form, a quiz, a deletion): in a multi-part answer they are offered, not run.
UNSUPPORTED = {"tr", "ar", "pl"}


@dataclass(frozen=True)
class Reading:
    intent: str
    confidence: float
    ranking: Optional[List[Dict[str, Any]]] = None
    extra: Dict[str, Any] = field(default_factory=dict)


class MessageReading:
    def __init__(self, state: Dict[str, Any]) -> None:
        self._words, self._chars, self._model = state["words"], state["chars"], state["model"]
        # Fortran order makes coef_.T contiguous: scipy then no longer copies the whole weight matrix for every
        # message (12.6 -> 1.3 ms per message; bot/rasa_ext/nlu/linear_intents.py does the same)
        self._model.coef_ = np.asfortranarray(self._model.coef_)
        self._classes = [str(c) for c in self._model.classes_]
        self._features = [(v, v.build_analyzer(), np.asarray(v.idf_)) for v in (self._words, self._chars)]
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

    def probabilities(self, text: str) -> np.ndarray:
        """What ``predict_proba`` gives for one text, without scikit-learn's per-call checks (about 1 ms of
        1.3): the tf-idf row built from the fitted vocabularies, then the softmax of the linear scores."""
        folded = fold(text)
        rows, offset = {}, 0
        for vectorizer, analyzer, idf in self._features:
            counts: Dict[int, int] = {}
            for gram in analyzer(folded):
                index = vectorizer.vocabulary_.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if counts:
                indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
                tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
                values = tf * idf[indices]
                values /= np.sqrt((values * values).sum())
                rows.update(zip((indices + offset).tolist(), values.tolist()))
            offset += len(idf)
        scores = self._model.intercept_.copy()
        if rows:
            indices = np.fromiter(rows, dtype=np.int64, count=len(rows))
            scores += np.fromiter(rows.values(), dtype=np.float64, count=len(rows)) @ self._model.coef_.T[indices]
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def classify(self, texts: List[str]) -> List[List[Tuple[str, float]]]:
        out = []
        for text in texts:
            row = self.probabilities(text)
            order = row.argsort()[::-1][:5]
            out.append([(self._classes[i], float(row[i])) for i in order])
        return out

    def combined(self, text: str, ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The whole message's ranking: the mean of Rasa's classifier and this model (each scores about the
        same alone; together they make fewer mistakes on long messages)."""
        mine = dict(zip(self._classes, map(float, self.probabilities(text))))
        theirs = {e["name"]: float(e.get("confidence") or 0.0) for e in ranking if e.get("name") != "nlu_fallback"}
        if not theirs:
            return [{"name": n, "confidence": c} for n, c in sorted(mine.items(), key=lambda x: -x[1])[:10]]
        names = set(mine) | set(theirs)
        scores = {n: (mine.get(n, 0.0) + theirs.get(n, 0.0)) / 2 for n in names}
        return [{"name": n, "confidence": round(c, 4)} for n, c in sorted(scores.items(), key=lambda x: -x[1])[:10]]

    def read(self, text: str, intent: Optional[str], confidence: float,
             ranking: List[Dict[str, Any]]) -> Optional[Reading]:
        """A changed reading of the message, or None when the classifier's reading stands."""
        if ranking:
            ranking = self.combined(text, ranking)
            best = ranking[0]
            changed_by_mean = best["name"] != intent or abs(best["confidence"] - confidence) > 1e-9
            intent, confidence = best["name"], best["confidence"]
            if confidence < FALLBACK_THRESHOLD:
                intent = "nlu_fallback"
        else:
            changed_by_mean = False
        reading = self._read(text, intent, confidence, ranking)
        if reading is None and changed_by_mean:
            return Reading(intent, confidence, ranking=ranking)
        if reading is not None and reading.ranking is None:
            return Reading(reading.intent, reading.confidence, ranking=ranking, extra=reading.extra)
        return reading

    def _read(self, text: str, intent: Optional[str], confidence: float,
              ranking: List[Dict[str, Any]]) -> Optional[Reading]:
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
                if part.question and name in NOT_A_QUESTION:
                    # a question is no statement: its likeliest reading that asks something, if any
                    name, conf = next(((n, c) for n, c in ranked if n not in NOT_A_QUESTION and c >= 0.15),
                                      ("nlu_fallback", conf))
                topic = self._outside.find(part.text)
                if topic:
                    name, conf = "ask_outside_topic", 1.0
                elif fit.KEEP_BENEFIT.search(part.text):
                    name, conf = "ask_funding", 1.0  # "hou ik dan mijn uitkering?": who decides, by benefit
                elif name == "ask_outside_topic":  # no topic we know: the next reading, or named as unknown
                    name, conf = next(((n, c) for n, c in ranked[1:] if c >= 0.15), ("nlu_fallback", conf))
                else:
                    name = fit.refit(name, part.text, [{"name": n, "confidence": c} for n, c in ranked]) or \
                        "nlu_fallback"
                readings.append({"text": part.text, "start": part.start, "end": part.end, "intent": name,
                                 "confidence": round(conf, 3), **({"outside_topic": topic} if topic else {})})
            questions = []
            for r, p in zip(readings, asked):
                if r["intent"] in NOT_A_QUESTION and r["intent"] != "nlu_fallback":
                    continue
                if r["confidence"] >= (QUESTION_THRESHOLD if p.question else PART_THRESHOLD) \
                        and r["intent"] != "nlu_fallback":
                    questions.append(r)
                elif META.match(p.text):
                    continue  # "can you do both?" asks for the other parts, not for something of its own
                elif p.question and (p.text.endswith("?") and len(p.text.split()) >= 3 or len(p.text.split()) >= 5):
                    # a plain question we can't place: named in the answer, never guessed
                    questions.append({**r, "intent": "nlu_fallback"})
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
                context_topic = None if "outside_topic" in only else self._outside.find(text)
                if context_topic and (only["intent"] in VAGUE or only["confidence"] < 0.5):
                    # "een klant heeft een syrisch diploma. wat is dat hier waard?": the topic is in the context
                    return Reading("ask_outside_topic", 1.0, extra={"outside_topic": context_topic})
                extra = {"outside_topic": only["outside_topic"]} if "outside_topic" in only else {}
                return Reading(only["intent"], only["confidence"], extra=extra)
        if intent == "ask_too_old" and not any(p.asks for p in parts) and \
                not fit.ABOUT_AGE.search(fit.AGE_STATEMENT.sub(" ", fold(text))) and not admission.provider_asked(text):
            return Reading("inform", confidence)  # "oh wacht, ik ben 24": a fact, not a question about age
        topic = self._outside.find(text) if any(p.asks for p in parts) or intent == "ask_outside_topic" else None
        if topic and intent not in ("forget_me", "request_human", "check_eligibility") and \
                not (intent == "ask_funding" and topic in BENEFIT_TOPICS):
            # (the funding answer itself says who decides about keeping a benefit, for the person's benefit)
            return Reading("ask_outside_topic", 1.0, extra={"outside_topic": topic})
        if intent == "ask_outside_topic" and not topic:
            # the classifier's guess without a topic we know: the next likely reading instead of "I don't know"
            other = next((e for e in ranking if e["name"] not in ("ask_outside_topic", "nlu_fallback")), None)
            if other and other["confidence"] >= 0.15:
                return Reading(other["name"], other["confidence"])
        if not intent:
            return None
        fitted = fit.refit(intent, text, ranking)
        vague = fitted in (None, "inform", "greet", "nlu_fallback") or \
            (fitted == "back_again" and not fit.BACK_AGAIN.search(fold(text)))
        if vague and not any(p.asks for p in parts) and fit.INTEREST.search(fold(text)):
            # "I am interested in IT support": that job explained; "i look for job in IT": the jobs
            named = any(e.entity == "job_profile" for e in default_matcher().find(text))
            return Reading("ask_job_profile" if named else "list_job_profiles", max(confidence, 0.5))
        if fitted == intent:
            return None
        if fitted is None:
            return Reading("nlu_fallback", confidence, ranking=fit.without(ranking, [intent]))
        return Reading(fitted, max(confidence, 0.5))
