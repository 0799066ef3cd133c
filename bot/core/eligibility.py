"""The TechEduFonds eligibility check: rules (from the database) applied to a person's answers.

Each instrument has criteria ``answer <operator> value``. The outcome per instrument:

- ``not_eligible`` when a criterion fails (reason: that criterion's explanation),
- ``maybe`` when nothing fails but an answer is missing or "don't know" — never "yes" on unknowns,
- ``eligible`` when every criterion passes.

Only fields that an undecided instrument still needs are asked (:func:`needed_fields`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

UNKNOWN = "unknown"
ELIGIBLE, MAYBE, NOT_ELIGIBLE = "eligible", "maybe", "not_eligible"
OPERATORS = ("eq", "in", "not_in", "gte", "lt")


@dataclass(frozen=True)
class Criterion:
    field: str
    operator: str
    value: Any
    fail: Dict[str, str]
    passed: Dict[str, str]


@dataclass(frozen=True)
class Instrument:
    key: str
    name: Dict[str, str]
    description: Dict[str, str]
    next_step: Dict[str, str]
    criteria: List[Criterion]
    source: str = ""
    illustrative: bool = True


@dataclass(frozen=True)
class Rules:
    version: str
    questions: List[str]
    instruments: List[Instrument]
    illustrative: bool = True


@dataclass(frozen=True)
class Outcome:
    key: str
    name: str
    status: str
    reason: str
    next_step: str
    missing: List[str] = field(default_factory=list)
    not_for_situation: bool = False   # failed on who it is for (the first criterion): not the person's situation


def check(criterion: Criterion, answers: Dict[str, Any]) -> Optional[bool]:
    """True/False, or None when the answer is missing or unknown."""
    answer = answers.get(criterion.field)
    if answer is None or answer == UNKNOWN:
        return None
    op, value = criterion.operator, criterion.value
    try:
        if op == "eq":
            return str(answer) == str(value)
        if op == "in":
            return str(answer) in {str(v) for v in value}
        if op == "not_in":
            return str(answer) not in {str(v) for v in value}
        if op == "gte":
            return float(answer) >= float(value)
        if op == "lt":
            return float(answer) < float(value)
    except (TypeError, ValueError):
        return None
    raise ValueError(f"unknown operator {op!r}")


def evaluate_instrument(instrument: Instrument, answers: Dict[str, Any], lang: str) -> Outcome:
    results = [(c, check(c, answers)) for c in instrument.criteria]
    failed = [c for c, ok in results if ok is False]
    unknown = [c.field for c, ok in results if ok is None]
    name, step = instrument.name[lang], instrument.next_step[lang]
    if failed:
        return Outcome(instrument.key, name, NOT_ELIGIBLE, failed[0].fail[lang], step,
                       not_for_situation=failed[0] is instrument.criteria[0])
    if unknown:
        missing = list(dict.fromkeys(unknown))
        return Outcome(instrument.key, name, MAYBE, "", step, missing)
    return Outcome(instrument.key, name, ELIGIBLE, instrument.criteria[-1].passed[lang], step)


def evaluate(rules: Rules, answers: Dict[str, Any], lang: str) -> List[Outcome]:
    return [evaluate_instrument(i, answers, lang) for i in rules.instruments]


def needed_fields(rules: Rules, answers: Dict[str, Any]) -> List[str]:
    """Questions still worth asking, in the rule set's order: fields that no answer covers yet and that an
    instrument which has not already failed depends on. "Don't know" counts as answered."""
    needed = set()
    for instrument in rules.instruments:
        if any(check(c, answers) is False for c in instrument.criteria):
            continue
        needed.update(c.field for c in instrument.criteria if c.field not in answers or answers[c.field] is None)
    return [q for q in rules.questions if q in needed]
