"""Two-stage fallback: when the NLU is unsure, offer the two likeliest topics as buttons instead of guessing."""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional

from bot.core.replies import payload
from bot.core.texts import TEXTS, t

# Intents that are answers or small talk, not topics: offering "Yes" or "Thanks" as a topic helps nobody.
NOT_A_TOPIC = {"nlu_fallback", "affirm", "deny", "inform", "stop", "show_more", "greet", "goodbye", "thank",
               "start", "out_of_scope"}
# Entities worth carrying into the button, so "opleidng zaandm?" -> "Find a course" keeps Zaandam.
CARRIED_ENTITIES = ("job_profile", "education_level", "mbo_level", "location", "provider", "schedule", "cost",
                    "target_group", "course_language", "language")


def likely_topics(intent_ranking: Iterable[Dict], limit: int = 2) -> List[str]:
    """The ``limit`` most likely intents that are real topics we have a label for, best first."""
    topics: List[str] = []
    for entry in sorted(intent_ranking or [], key=lambda e: -(e.get("confidence") or 0.0)):
        name = entry.get("name")
        if name and name not in NOT_A_TOPIC and f"topic_{name}" in TEXTS and name not in topics:
            topics.append(name)
        if len(topics) == limit:
            break
    return topics


def carried_entities(entities: Iterable[Dict]) -> Dict[str, str]:
    carried: Dict[str, str] = {}
    for entity in entities or []:
        name, value = entity.get("entity"), entity.get("value")
        if name in CARRIED_ENTITIES and isinstance(value, str) and name not in carried:
            carried[name] = value
    return carried


def clarify_buttons(intent_ranking: Iterable[Dict], entities: Iterable[Dict], lang: str,
                    offer_human: bool = False) -> Optional[List[Dict[str, str]]]:
    """Buttons for the two likeliest topics plus "something else" (and "talk to a person" after a repeat).

    None when no topic is likely enough to offer; the caller then asks the user to rephrase.
    """
    topics = likely_topics(intent_ranking)
    if not topics:
        return None
    carried = carried_entities(entities)
    buttons = [{"title": t(f"topic_{name}", lang), "payload": payload(name, **carried)} for name in topics]
    if offer_human and "request_human" not in topics:
        buttons.append({"title": t("topic_request_human", lang), "payload": payload("request_human")})
    buttons.append({"title": t("topic_other", lang), "payload": payload("help")})
    return buttons
