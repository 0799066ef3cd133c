"""Check one played conversation turn against its expectations (tests/conversations/README.md).

Rasa-free: the caller plays the turn over REST and passes what happened (replies, the actions and responses of
the turn, the slots afterwards, the parse of the message)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set


@dataclass
class TurnOutcome:
    replies: List[str]
    ran: List[str]                 # actions and responses of this turn, in order
    slots: Dict[str, Any]
    parse: Dict[str, Any] = field(default_factory=dict)


def _same(expected: Any, actual: Any) -> bool:
    if expected is None:
        return actual in (None, [], "")
    if isinstance(expected, list):
        return isinstance(actual, list) and sorted(map(str, expected)) == sorted(map(str, actual))
    return actual is not None and str(expected).lower() == str(actual).lower()


def failures(expect: Dict[str, Any], outcome: TurnOutcome) -> List[str]:
    """Every check of ``expect`` that the turn failed, as readable lines; empty when the turn went right."""
    problems: List[str] = []
    text = "\n".join(outcome.replies)
    ran = set(outcome.ran) | part_actions(outcome)
    if "lang" in expect and outcome.slots.get("language") != expect["lang"]:
        problems.append(f"lang: {outcome.slots.get('language')} != {expect['lang']}")
    for slot, value in (expect.get("profile") or {}).items():
        if not _same(value, outcome.slots.get(slot)):
            problems.append(f"profile {slot}: {outcome.slots.get(slot)!r} != {value!r}")
    for name in expect.get("answers") or []:
        if name not in ran:
            problems.append(f"answers: {name} did not run")
    if expect.get("answers_any") and not ran & set(expect["answers_any"]):
        problems.append(f"answers_any: none of {expect['answers_any']} ran")
    for name in expect.get("not_answers") or []:
        if name in ran:
            problems.append(f"not_answers: {name} ran")
    for pattern in expect.get("says") or []:
        if not re.search(pattern, text, re.IGNORECASE):
            problems.append(f"says: /{pattern}/ not in reply")
    for pattern in expect.get("not_says") or []:
        if re.search(pattern, text, re.IGNORECASE):
            problems.append(f"not_says: /{pattern}/ in reply")
    if "parts" in expect:
        parts = outcome.parse.get("parts") or []
        if len(parts) != int(expect["parts"]) or "action_answer_parts" not in ran:
            problems.append(f"parts: {len(parts)} parts answered, {expect['parts']} asked")
    return problems


def part_actions(outcome: TurnOutcome) -> Set[str]:
    """The actions ``action_answer_parts`` ran for the parts of the message: it runs each part's action inside
    itself, so the tracker shows only their responses."""
    if "action_answer_parts" not in outcome.ran:
        return set()
    from bot.core.understanding.routes import DIALOGUE_INTENTS, NOT_A_PART, answer_actions

    table = answer_actions()
    return {table[p["intent"]] for p in outcome.parse.get("parts") or []
            if p.get("intent") in table and p["intent"] not in DIALOGUE_INTENTS | NOT_A_PART}


def check_kinds(expect: Dict[str, Any]) -> List[str]:
    return [k for k in ("lang", "profile", "answers", "answers_any", "not_answers", "says", "not_says", "parts")
            if k in expect]


def turn_events(events: List[Dict[str, Any]], since: int) -> List[str]:
    """Actions and responses that ran in the events after index ``since`` (the turn just played)."""
    ran: List[str] = []
    for event in events[since:]:
        if event.get("event") == "action" and event.get("name") not in (None, "action_listen"):
            ran.append(event["name"])
        elif event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                ran.append(name)
        elif event.get("event") == "active_loop" and event.get("name"):
            ran.append(event["name"])
    return ran


def latest_parse(events: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    for event in reversed(events):
        if event.get("event") == "user":
            return event.get("parse_data") or {}
    return None
