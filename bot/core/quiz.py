"""The "what suits me?" quiz: six questions about what you like and how you like to work, scored per job.

The recommendation is a pure function of the answers (``recommend``): nothing else about the user (name,
gender, age, origin) can reach it. Scores are hand-set weights from the job profiles' everyday work; they say
what someone may enjoy, not what they can do. Questions and weights are data (data/catalog/quiz.yml).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from bot.core import messages
from bot.core.language import normalise_language
from bot.core.paths import CATALOG_DIR

_DATA = yaml.safe_load((CATALOG_DIR / "quiz.yml").read_text(encoding="utf-8"))
# profile order used to break ties, so the same answers always give the same result
PROFILE_ORDER: Tuple[str, ...] = tuple(_DATA["tie_order"])


@dataclass(frozen=True)
class Option:
    id: str
    weights: Dict[str, int]

    def text(self, lang: str) -> str:
        return messages.text(f"quiz.{self.id}", normalise_language(lang))

    @property
    def nl(self) -> str:
        return self.text("nl")

    @property
    def en(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class Question:
    id: str
    options: Tuple[Option, ...]

    def text(self, lang: str) -> str:
        return messages.text(f"quiz.{self.id}", normalise_language(lang))

    @property
    def nl(self) -> str:
        return self.text("nl")

    @property
    def en(self) -> str:
        return self.text("en")


# Questions, options and weights: data/catalog/quiz.yml; their texts: the message catalogs (keys quiz.*).
QUESTIONS: Tuple[Question, ...] = tuple(
    Question(q["id"], tuple(Option(o["id"], dict(o["weights"])) for o in q["options"])) for q in _DATA["questions"])
OPTIONS: Dict[str, Option] = {o.id: o for q in QUESTIONS for o in q.options}


def question(step: int) -> Optional[Question]:
    return QUESTIONS[step] if 0 <= step < len(QUESTIONS) else None


def fits_step(choice: Optional[str], step: int) -> bool:
    """A button answers only its own question (an old button tapped later does not count)."""
    q = question(step)
    return bool(q and choice and any(o.id == choice for o in q.options))


@dataclass(frozen=True)
class Recommendation:
    profile: str
    score: int
    because: Tuple[str, ...]  # option ids that gave this job the most points


def recommend(answers: Sequence[str], count: int = 3) -> List[Recommendation]:
    """The ``count`` jobs with the most points from ``answers`` (option ids), with the answers behind each."""
    scores = {p: 0 for p in PROFILE_ORDER}
    reasons: Dict[str, List[Tuple[int, str]]] = {p: [] for p in PROFILE_ORDER}
    for answer in answers:
        option = OPTIONS.get(answer)
        if option is None:
            continue
        for profile, weight in option.weights.items():
            scores[profile] += weight
            reasons[profile].append((weight, option.id))
    ranked = sorted(PROFILE_ORDER, key=lambda p: (-scores[p], PROFILE_ORDER.index(p)))
    return [Recommendation(p, scores[p], tuple(o for _, o in sorted(reasons[p], key=lambda r: -r[0])[:2]))
            for p in ranked[:count] if scores[p] > 0]


def option_label(option_id: str, lang: str) -> str:
    return OPTIONS[option_id].text(lang)


def question_text(step: int, lang: str) -> str:
    return QUESTIONS[step].text(lang)
