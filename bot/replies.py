"""Turn catalog data into the variables and buttons of the responses in domain.yml.

Kept free of Rasa so it can be unit-tested: every function takes plain data and a language and returns
strings, dicts or button lists.
"""
from __future__ import annotations

import json
from typing import Dict, List, Optional, Sequence

from bot.catalog.queries import Profile, ProfileSummary, RouteAdvice, RouteOption
from bot.texts import join_words, t

LEVEL_IDS = ("none", "vmbo", "mbo", "havo", "vwo", "hbo", "wo")


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa parses directly: /intent{"entity": "value"}."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def profile_buttons(profiles: Sequence[ProfileSummary]) -> List[Dict[str, str]]:
    return [{"title": p.name, "payload": payload("ask_job_profile", job_profile=p.id)} for p in profiles]


def level_buttons(levels: Sequence) -> List[Dict[str, str]]:
    return [{"title": lv.name, "payload": payload("inform_education_level", education_level=lv.id)} for lv in levels]


def profile_lines(profiles: Sequence[ProfileSummary]) -> str:
    return "\n".join(f"- {p.name}: {p.summary}" for p in profiles)


def profile_vars(profile: Profile, lang: str) -> Dict[str, str]:
    return {
        "name": profile.name,
        "summary": profile.summary,
        "day": profile.day,
        "skills": join_words([s.lower() if i else s for i, s in enumerate(profile.skills)], lang),
        "sectors": join_words(profile.sectors, lang),
        "math_level": profile.math_level,
    }


def salary_vars(profile: Profile, lang: str) -> Dict[str, str]:
    return {
        "name": profile.name,
        "salary_min": f"{profile.salary_min:,}".replace(",", "."),
        "salary_max": f"{profile.salary_max:,}".replace(",", "."),
        "period": t(profile.salary_period, lang),
        "source": profile.salary_source,
    }


def profile_next_buttons(profile_id: str, lang: str) -> List[Dict[str, str]]:
    return [
        {"title": t("how_to_become", lang), "payload": payload("inform_education_level", job_profile=profile_id)},
        {"title": t("salary_button", lang), "payload": payload("ask_salary", job_profile=profile_id)},
        {"title": t("more_jobs", lang), "payload": payload("list_job_profiles")},
    ]


def route_option_text(number: int, option: RouteOption, lang: str) -> str:
    parts = [f"{number}. {option.name}: {option.description}"]
    parts.append(f"   {t('duration', lang)}: {option.duration}"
                 + (f" ({t('estimate', lang)})" if option.illustrative else ""))
    parts.append(f"   {t('diploma_needed', lang)}: {t('yes' if option.diploma_needed else 'no', lang)}")
    if option.examples:
        parts.append(f"   {t('examples', lang)}: {', '.join(option.examples)}")
    return "\n".join(parts)


def route_vars(advice: RouteAdvice, lang: str) -> Dict[str, str]:
    return {
        "level": advice.level.name,
        "profile": advice.profile.name,
        "options": "\n".join(route_option_text(i, o, lang) for i, o in enumerate(advice.options, start=1)),
        "note": advice.note,
    }


def level_overview_lines(pairs: Sequence[tuple]) -> str:
    return "\n".join(f"- {profile.name}: {option.name}" for profile, option in pairs)


REQUIREMENT_TOPICS = {
    "maths": ("wiskunde", "wiskunden", "wiskund", "rekenen", "reken", "math", "maths", "mathematics", "sommen",
              "cijfers", "numbers", "algebra", "statistiek", "statistics"),
    "english": ("engels", "english", "englsh", "engels", "inglish", "taal", "language"),
}


def requirement_topic(text: str) -> str:
    """Which worry a requirements question is about: 'maths', 'english' or 'general'."""
    from bot.entities import fold, tokenize

    tokens = {tok for tok, _s, _e in tokenize(fold(text or ""))}
    for topic, keywords in REQUIREMENT_TOPICS.items():
        if tokens.intersection(keywords):
            return topic
    return "general"


def valid_level(value: Optional[str]) -> Optional[str]:
    return value if value in LEVEL_IDS else None
