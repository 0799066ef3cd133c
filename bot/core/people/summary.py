"""Short summaries: for a user or parent to forward, and for a counsellor about consenting students."""
from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

from bot.core.catalog import queries
from bot.core.catalog.search import course_details
from bot.core.money_format import euros, thousands
from bot.core.people.levels import mbo_words
from bot.core.people.referrals import StudentSummary
from bot.core.replies import valid_level
from bot.core.texts import t


def level_name(level_id: str, level: queries.Level, lang: str, mbo_level: Optional[str] = None,
               level_said: Optional[str] = None) -> str:
    """The level as the person gave it: "mbo 2" (the mbo level, which a correction keeps up to date), "vmbo basis"
    (their own words), else the catalog's name ("havo")."""
    mbo = mbo_words(mbo_level, lang) if level_id == "mbo" else None
    return mbo or level_said or level.name


def choice_lines(profile_id: Optional[str], level_id: Optional[str], place: Optional[str],
                 course_ids: Sequence[str], lang: str, mbo_level: Optional[str] = None,
                 level_said: Optional[str] = None) -> List[str]:
    """One line per thing chosen so far (job, education, route, place, courses); empty when nothing yet."""
    lines: List[str] = []
    profile = queries.get_profile(profile_id, lang) if profile_id else None
    level_id = valid_level(level_id)
    level = queries.get_level(level_id, lang) if level_id else None
    if profile:
        salary = f"{euros(profile.salary_min)}–{thousands(profile.salary_max)}"
        lines.append(f"- {t('sum_job', lang)}: {profile.name} ({salary} {t('per', lang)} "
                     f"{t(profile.salary_period, lang)})")
    if level:
        lines.append(f"- {t('sum_level', lang)}: {level_name(level.id, level, lang, mbo_level, level_said)}")
    if profile and level:
        advice = queries.routes_for(profile.id, level.id, lang)
        if advice and advice.options:
            lines.append(f"- {t('sum_route', lang)}: {advice.options[0].name}")
    if place:
        lines.append(f"- {t('sum_place', lang)}: {place}")
    courses = course_details(list(course_ids)[:5], lang) if course_ids else []
    if courses:
        names = "; ".join(f"{c.name} ({c.provider})" for c in courses)
        lines.append(f"- {t('sum_courses', lang)}: {names}")
    return lines


def student_lines(students: Iterable[StudentSummary], lang: str, who: Optional[str] = None) -> List[str]:
    """One block per consenting student, numbered; never a name or chat id. ``who`` names them ("Klant" for a
    job coach; "Leerling" by default)."""
    blocks = []
    for s in students:
        lines = choice_lines(s.job_profile, s.education_level, s.location, s.courses, lang, s.mbo_level,
                             s.level_said)
        body = "\n".join("  " + line for line in lines) if lines else "  - " + t("sum_nothing_yet", lang)
        blocks.append(f"{who or t('sum_student', lang)} {s.student} ({s.linked_at:%Y-%m-%d}):\n{body}")
    return blocks
