"""The "what suits me?" quiz: six questions about what you like and how you like to work, scored per job.

The recommendation is a pure function of the answers (``recommend``): nothing else about the user (name,
gender, age, origin) can reach it. Scores are hand-set weights from the job profiles' everyday work; they say
what someone may enjoy, not what they can do.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from bot.core.language import normalise_language

# profile order used to break ties, so the same answers always give the same result
PROFILE_ORDER = ("software_developer", "data_analyst", "data_scientist", "ux_designer", "growth_hacker",
                 "it_administrator", "cyber_security", "cloud_engineer", "tester", "it_support")


@dataclass(frozen=True)
class Option:
    id: str
    nl: str
    en: str
    weights: Dict[str, int]


@dataclass(frozen=True)
class Question:
    id: str
    nl: str
    en: str
    options: Tuple[Option, ...]


def _o(qid: str, oid: str, nl: str, en: str, **weights: int) -> Option:
    return Option(f"{qid}_{oid}", nl, en, weights)


QUESTIONS: Tuple[Question, ...] = (
    Question("q1", "Wat doe je het liefst?", "What do you like doing most?", (
        _o("q1", "make", "Iets maken of bouwen", "Making or building things",
           software_developer=2, ux_designer=1, cloud_engineer=1),
        _o("q1", "puzzle", "Puzzels oplossen", "Solving puzzles",
           data_scientist=2, data_analyst=1, cyber_security=1, tester=1),
        _o("q1", "people", "Mensen helpen", "Helping people", it_support=2, ux_designer=1),
        _o("q1", "design", "Iets moois ontwerpen", "Designing something nice", ux_designer=2, growth_hacker=1),
    )),
    Question("q2", "Waar word je blij van?", "What makes you happy at work?", (
        _o("q2", "fix", "Als iets weer werkt", "When something works again", it_administrator=2, it_support=1),
        _o("q2", "bug", "Als ik een fout vind", "When I find a mistake", tester=2, cyber_security=1),
        _o("q2", "numbers", "Als cijfers iets vertellen", "When numbers tell a story",
           data_analyst=2, data_scientist=1, growth_hacker=1),
        _o("q2", "new", "Als ik iets nieuws maak", "When I create something new", software_developer=2, ux_designer=1),
    )),
    Question("q3", "Hoe werk je het liefst?", "How do you like to work?", (
        _o("q3", "focus", "Rustig, met focus", "Quietly, with focus", software_developer=1, data_scientist=1, tester=1),
        _o("q3", "team", "Samen in een team", "Together in a team", ux_designer=1, growth_hacker=1, cloud_engineer=1),
        _o("q3", "people", "Met klanten en collega's", "With customers and colleagues", it_support=2, growth_hacker=1),
        _o("q3", "order", "Dingen regelen", "Organising things", it_administrator=2, cloud_engineer=1),
    )),
    Question("q4", "Welk onderwerp trekt je?", "Which topic draws you?", (
        _o("q4", "safety", "Veiligheid en hackers", "Security and hackers", cyber_security=3),
        _o("q4", "online", "Online marketing", "Online marketing", growth_hacker=3),
        _o("q4", "systems", "Netwerken en servers", "Networks and servers",
           cloud_engineer=2, it_administrator=1, it_support=1),
        _o("q4", "apps", "Apps en websites", "Apps and websites", software_developer=1, ux_designer=1, tester=1),
    )),
    Question("q5", "Wat zeggen anderen over jou?", "What do others say about you?", (
        _o("q5", "precise", "Je bent heel precies", "You are very precise", tester=2, data_analyst=1, cyber_security=1),
        _o("q5", "creative", "Je bent creatief", "You are creative",
           ux_designer=2, growth_hacker=1, software_developer=1),
        _o("q5", "explain", "Je legt goed uit", "You explain things well", it_support=2, data_analyst=1),
        _o("q5", "curious", "Je wilt alles weten", "You want to know everything",
           data_scientist=2, cyber_security=1, cloud_engineer=1),
    )),
    Question("q6", "Wat wil je het liefst leren?", "What would you most like to learn?", (
        _o("q6", "code", "Programmeren", "Programming", software_developer=2, data_scientist=1, cloud_engineer=1),
        _o("q6", "data", "Werken met data", "Working with data", data_analyst=2, data_scientist=2),
        _o("q6", "behaviour", "Hoe mensen kiezen", "How people make choices", ux_designer=2, growth_hacker=2),
        _o("q6", "inside", "Hoe computers werken", "How computers work", it_administrator=2, it_support=1,
           cyber_security=1),
    )),
)
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
    option = OPTIONS[option_id]
    return getattr(option, normalise_language(lang))


def question_text(step: int, lang: str) -> str:
    return getattr(QUESTIONS[step], normalise_language(lang))
