"""Which action answers which intent, read from the single-step rules in data/rules/ ("intent -> action"),
so a part of a multi-question message is answered exactly as the same question on its own."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.core.paths import DATA_DIR

RULES_DIR = DATA_DIR / "rules"
# Parts that start a dialogue of several turns (a form, a quiz, deleting data) are offered as a button after
# the other answers instead of being started in the middle of them.
DIALOGUE_INTENTS = {"check_eligibility", "start_quiz", "forget_me", "refer_student"}
# Parts that are no question to answer on their own inside several (named as not understood instead).
NOT_A_PART = {"switch_language", "stop", "multi_question", "show_more", "back_again", "affirm", "deny"}


def load_rules(folder: Path = RULES_DIR) -> List[Dict[str, Any]]:
    """The rules of every file in ``folder`` (one file per feature), in file order."""
    return [rule for path in sorted(folder.glob("*.yml"))
            for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])]


@lru_cache(maxsize=1)
def answer_actions(folder: Path = RULES_DIR) -> Dict[str, str]:
    table: Dict[str, str] = {}
    for rule in load_rules(folder):
        steps = rule.get("steps") or []
        if rule.get("condition") or len(steps) != 2 or "intent" not in steps[0] or "action" not in steps[1]:
            continue
        table.setdefault(steps[0]["intent"], steps[1]["action"])
    return table
