"""The person's profile in words, for "wat weet je van mij?" and for saying what a correction changed."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple

from bot.core.texts import TEXTS, t

_VALUE_KEYS = {"work_situation": "w_", "partner_situation": "pa_", "role": "r_"}


def value_text(slot: str, value: Any, lang: str, profile: Optional[Dict[str, Any]] = None) -> str:
    profile = profile or {}
    if value is None:
        return "–"
    if slot == "education_level":
        text = t("p_none", lang) if value == "none" else str(value)
        if value == "mbo" and profile.get("mbo_level"):
            text += f" {profile['mbo_level']}"
        if value != "none" and profile.get("education_finished") in ("yes", "no"):
            text += f" ({t('p_finished_' + profile['education_finished'], lang)})"
        return text
    if slot in ("has_children", "children_in_childcare") and value in ("yes", "no"):
        return t(value, lang)
    if slot == "languages_spoken":
        return ", ".join(t(f"lang_name_{c}", lang) if f"lang_name_{c}" in TEXTS else c for c in value or [])
    prefix = _VALUE_KEYS.get(slot)
    if prefix and f"{prefix}{value}" in TEXTS:
        return t(f"{prefix}{value}", lang)
    return str(value)


SHOWN = ("age", "education_level", "location", "work_situation", "has_children", "children_in_childcare",
         "partner_situation", "role", "languages_spoken")


def profile_lines(profile: Dict[str, Any], lang: str) -> List[str]:
    return [t(f"p_{slot}", lang, value=value_text(slot, profile[slot], lang, profile))
            for slot in SHOWN if profile.get(slot) not in (None, [], "")]


def change_texts(changes: Iterable[Tuple[str, Any, Any]], lang: str) -> List[str]:
    """'leeftijd: 42 → 24' for each change of a value given before."""
    out = []
    for slot, old, new in changes:
        if f"p_{slot}" not in TEXTS or old is None or new is None:
            continue
        label = t(f"p_{slot}", lang, value="").rstrip(" :")
        out.append(t("p_changed", lang, label=label + ":", old=value_text(slot, old, lang),
                     new=value_text(slot, new, lang)))
    return out
