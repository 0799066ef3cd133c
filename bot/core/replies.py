"""Turn catalog data into the variables and buttons of the responses of the Rasa domain (domain/).

Kept free of Rasa so it can be unit-tested: every function takes plain data and a language and returns
strings, dicts or button lists.
"""
from __future__ import annotations

import json
from typing import Dict, List, Optional, Sequence

from bot.core.catalog.queries import Profile, ProfileSummary, RouteAdvice, RouteOption
from bot.core.language import normalise_language
from bot.core.money_format import euros, thousands
from bot.core.texts import join_words, t

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
        "salary_min": thousands(profile.salary_min),
        "salary_max": thousands(profile.salary_max),
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
    if option.admission:
        parts.append(f"   {t('admission', lang)}: {option.admission}")
    else:
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
    "english": ("engels", "english", "englsh", "inglish", "taal", "language"),
}


def requirement_topic(text: str) -> str:
    """Which worry a requirements question is about: 'maths', 'english' or 'general'."""
    from bot.core.understanding.entities import fold, tokenize

    tokens = {tok for tok, _s, _e in tokenize(fold(text or ""))}
    for topic, keywords in REQUIREMENT_TOPICS.items():
        if tokens.intersection(keywords):
            return topic
    return "general"


def mbo_level_note(level: Optional[str], mbo_level: Optional[str], lang: str) -> Optional[str]:
    """A tip for the MBO level someone named ("mbo 2", "mbo-4"), or None."""
    if level != "mbo" or not mbo_level:
        return None
    if str(mbo_level) in ("1", "2"):
        return t("mbo_low_note", lang)
    if str(mbo_level) == "4":
        return t("mbo_4_note", lang)
    return None


def valid_level(value: Optional[str]) -> Optional[str]:
    return value if value in LEVEL_IDS else None


# --- courses ------------------------------------------------------------------------------------------------

def _marked(text: str, field: str, hit, lang: str) -> str:
    """Add '(voorbeeld)' to a value that the catalog marks as illustrative."""
    return f"{text} ({t('example_value', lang)})" if field in hit.illustrative_fields else text


def course_cost_text(hit, lang: str) -> str:
    if hit.is_free:
        text = t("free", lang).capitalize()
    elif hit.cost_eur is not None:
        text = _marked(euros(hit.cost_eur), "cost_eur", hit, lang)
    else:
        text = t("cost_unknown", lang).capitalize()
    return f"{text}. {hit.cost_note}" if hit.cost_note else text


def course_line(number: int, hit, lang: str) -> str:
    where = hit.place or t("online", lang)
    if hit.distance_km is not None and hit.distance_km >= 1:
        where += f", {hit.distance_km:.0f} {t('km_away', lang)}"
    facts = [course_cost_text(hit, lang).split(". ")[0]]
    facts += [t(f, lang) for f in hit.formats]
    if hit.duration_weeks:
        facts.append(_marked(f"{hit.duration_weeks} {t('weeks', lang)}", "duration_weeks", hit, lang))
    facts.append(" / ".join(t(f"lang_{code}", lang) for code in hit.languages))
    if not hit.diploma_required:
        facts.append(t("no_diploma_needed", lang))
    if getattr(hit, "min_age", None):
        facts.append(t("from_age", lang, age=hit.min_age))
    lines = [f"{number}. {hit.name} — {hit.provider} ({where})", "   " + " · ".join(facts)]
    start = ", ".join(hit.start_dates) if hit.start_dates else (hit.start_note or "")
    if start:
        field = "start_note" if "start_note" in hit.illustrative_fields else "start_dates"
        lines.append(f"   {t('start', lang)}: " + _marked(start, field, hit, lang))
    if hit.url:
        lines.append("   " + _marked(hit.url, "url", hit, lang))
    return "\n".join(lines)


def course_lines(hits, lang: str, offset: int = 0) -> str:
    return "\n".join(course_line(offset + i, h, lang) for i, h in enumerate(hits, start=1))


def relaxed_text(relaxed, lang: str) -> str:
    return join_words([t(f"filter_{name}", lang) for name in relaxed], lang)


def course_buttons(has_more: bool, lang: str) -> List[Dict[str, str]]:
    buttons = [{"title": t("what_costs", lang), "payload": payload("ask_costs")},
               {"title": t("check_funding", lang), "payload": payload("check_eligibility")}]
    if has_more:
        buttons.insert(0, {"title": t("more_courses", lang), "payload": payload("show_more")})
    return buttons


PLACE_BUTTONS = ("Amsterdam", "Nieuw-West", "Zuidoost", "Noord", "Zaandam", "Purmerend", "Almere", "Haarlem",
                 "Hilversum")


def place_buttons(lang: str, intent: str = "find_courses") -> List[Dict[str, str]]:
    buttons = [{"title": p, "payload": payload(intent, location=p)} for p in PLACE_BUTTONS]
    if intent == "find_courses":
        buttons.append({"title": t("online", lang).capitalize(),
                        "payload": payload("find_courses", schedule="online")})
    return buttons


def course_profile_buttons(profiles) -> List[Dict[str, str]]:
    return [{"title": p.name, "payload": payload("find_courses", job_profile=p.id)} for p in profiles]


# --- eligibility --------------------------------------------------------------------------------------------

def eligibility_lines(outcomes, lang: str) -> str:
    """What may work first, with the next step; then what does not; instruments meant for another situation
    (WW when someone has bijstand, childcare without children) in one short line at the end."""
    order = {"eligible": 0, "maybe": 1, "not_eligible": 2}
    shown = sorted((o for o in outcomes if not o.not_for_situation), key=lambda o: order.get(o.status, 3))
    blocks = []
    for o in shown:
        line = t(f"status_{o.status}", lang, name=o.name)
        if o.status == "maybe":
            line += " " + t("still_unknown", lang, fields=join_words([t(f"field_{f}", lang) for f in o.missing],
                                                                      lang))
        else:
            line += " " + o.reason
        if o.status != "not_eligible":
            line += f"\n   {t('next_step', lang)}: {o.next_step}"
        blocks.append(line)
    other = [o.name for o in outcomes if o.not_for_situation]
    if other:
        blocks.append(t("status_not_for_situation", lang, names=join_words(other, lang)))
    return "\n".join(blocks)


# --- events, stories, quiz ------------------------------------------------------------------------------------

def event_line(event, lang: str) -> str:
    """One event. An example (illustrative) event is named as one, without its made-up date, time or venue."""
    from bot.core.texts import MONTHS

    lang = normalise_language(lang)  # the month names in the language t() answers in
    marks = [t("free", lang)] if event.free else []
    where = event.place
    if event.distance_km is not None and event.distance_km >= 1:
        where += f", {event.distance_km:.0f} {t('km_away', lang)}"
    if event.illustrative:
        when = t("event_example", lang, kind=t(f"event_kind_{event.kind}", lang))
    else:
        when = f"{event.date.day} {MONTHS[lang][event.date.month - 1]} {event.date.year}, {event.time}"
        where += f" ({event.venue})"
    return f"• {when}: {event.title}\n  {where}" + (f" · {' · '.join(marks)}" if marks else "") + \
        f"\n  {event.description}"


def events_intro(nearby, lang: str) -> str:
    """Never "near" for events farther than the near distance: then where the nearest are and how far."""
    if nearby.place and not nearby.near:
        return t("events_intro_far", lang, place=nearby.place, km=f"{nearby.nearest_km:.0f}",
                 nearest=nearby.nearest_place)
    # only examples (demo mode): not "coming up soon", since they have no real date
    examples = "_examples" if nearby.events and all(e.illustrative for e in nearby.events) else ""
    if nearby.place:
        return t(f"events_intro_place{examples}", lang, place=nearby.place)
    return t(f"events_intro{examples}", lang)


def event_lines(events, lang: str) -> str:
    return "\n".join(event_line(e, lang) for e in events)


def quiz_buttons(step: int, lang: str) -> List[Dict[str, str]]:
    from bot.core.quiz import QUESTIONS, option_label

    buttons = [{"title": option_label(o.id, lang), "payload": payload("start_quiz", quiz_choice=o.id)}
               for o in QUESTIONS[step].options]
    if step > 0:
        buttons.append({"title": t("quiz_restart", lang), "payload": payload("start_quiz", quiz_choice="restart")})
    return buttons


def quiz_result_lines(recommendations, names: Dict[str, str], lang: str) -> str:
    from bot.core.quiz import option_label

    lines = []
    for number, rec in enumerate(recommendations, start=1):
        because = join_words([f"'{option_label(o, lang)}'" for o in rec.because], lang)
        lines.append(f"{number}. {names.get(rec.profile, rec.profile)}: {t('quiz_because', lang)} {because}.")
    return "\n".join(lines)
