"""Properties of advice that fits the person, over every profile x level x age group x place (and mbo level and
work situation): no course is shown whose age or admission rules exclude the person, courses only for owners
reach only owners, an mbo-4 graduate goes on from there, and routes follow the same rules."""
import itertools
from pathlib import Path

import pytest
import yaml

from bot.core.catalog import fit, queries
from bot.core.catalog.search import CourseQuery, search

CATALOG = Path(__file__).resolve().parents[2] / "data" / "catalog"
COURSES = {c["id"]: c for c in yaml.safe_load((CATALOG / "courses.yml").read_text())["courses"]}
PROFILES = [p["id"] for p in yaml.safe_load((CATALOG / "job_profiles.yml").read_text())["job_profiles"]]
LEVELS = [lv["id"] for lv in yaml.safe_load((CATALOG / "education_levels.yml").read_text())["education_levels"]]
PLACES = [None] + [p["id"] for p in yaml.safe_load((CATALOG / "locations.yml").read_text())["locations"]]
AGES = [None, 15, 17, 18, 21, 30, 47, 60]


def people():
    for level, age in itertools.product(LEVELS, [None, 15, 18, 47]):
        for mbo in ([None, 1, 2, 3, 4] if level == "mbo" else [None]):
            for work in (None, "unemployed_ww", "self_employed"):
                yield fit.Person(age=age, level=level, mbo_level=mbo, work_situation=work)


def course_excluded(person: fit.Person, *, min_age=None, max_age=None, min_mbo_level=None,
                    needs_employer: bool = False):
    """The admission rules stated per course, apart from the search's vectorised masks: why they exclude this
    person ("age", "mbo_level", "employer"), or None."""
    if person.age is not None:
        if min_age is not None and person.age < min_age:
            return "age"
        if max_age is not None and person.age > max_age:
            return "age"
    if min_mbo_level is not None and person.level == "mbo" and person.mbo_level is not None \
            and person.mbo_level < min_mbo_level:
        return "mbo_level"
    if needs_employer and person.work_situation in fit.WITHOUT_EMPLOYER:
        return "employer"
    return None


def admits(course: dict, person: fit.Person) -> bool:
    if person.level not in course["entry_levels"]:
        return False
    return course_excluded(person, min_age=course.get("min_age"), max_age=course.get("max_age"),
                               min_mbo_level=course.get("min_mbo_level"),
                               needs_employer=course.get("needs_employer", False)) is None


def test_the_catalog_states_the_admission_rules_the_sources_give():
    assert COURSES["codam_piscine"]["min_age"] == 18 and COURSES["codam_core"]["min_age"] == 18
    assert all(COURSES[c].get("min_mbo_level") == 4 for c in ("hva_hbo_ict", "inholland_informatica_haarlem"))
    assert all(c.get("needs_employer") for cid, c in COURSES.items() if cid.startswith("workforce_pact"))
    assert set(COURSES["make_it_work_software"]["entry_levels"]) == {"hbo", "wo"}


def test_no_course_shown_that_excludes_the_person(engine):
    checked = 0
    for person in people():
        for profile in PROFILES:
            for place in PLACES[::3]:
                result = search(CourseQuery(profile=profile, level=person.level, location=place, person=person),
                                "nl", engine, limit=1)
                for cid in result.ranked_ids:
                    assert admits(COURSES[cid], person), (cid, person, profile, place)
                    assert person.is_owner or not fit.only_for_owners(COURSES[cid]["target_groups"]), (cid, person)
                    assert not fit.only_on_request(COURSES[cid]["target_groups"]), (cid, person)
                checked += len(result.ranked_ids)
    assert checked > 3_000  # the property was really tested on many results


@pytest.mark.parametrize("age", [15, 17])
def test_under_18_never_gets_codam(engine, age):
    for level, profile in itertools.product(LEVELS, PROFILES):
        person = fit.Person(age=age, level=level)
        ids = search(CourseQuery(profile=profile, level=level, person=person), "nl", engine).ranked_ids
        assert not any(cid.startswith("codam") for cid in ids)


def test_adults_do_get_codam(engine):
    ids = search(CourseQuery(profile="software_developer", level="none", location="Amsterdam",
                             person=fit.Person(age=19, level="none")), "nl", engine).ranked_ids
    assert "codam_piscine" in ids


def test_owners_see_courses_for_owners_and_others_only_when_they_ask(engine):
    owner = fit.Person(age=45, level="mbo", role="entrepreneur")
    ids = search(CourseQuery(profile="growth_hacker", level="mbo", location="Haarlem", person=owner),
                 "nl", engine, limit=100).ranked_ids
    assert any(fit.only_for_owners(COURSES[c]["target_groups"]) for c in ids)
    asked = search(CourseQuery(profile="growth_hacker", level="mbo", location="Haarlem", target_group="sme_owners",
                               person=fit.Person(age=30, level="mbo", work_situation="employed")), "nl", engine,
                   limit=100).ranked_ids
    assert any(fit.only_for_owners(COURSES[c]["target_groups"]) for c in asked)


def test_no_employer_no_programme_for_an_employers_own_staff(engine):
    for work in ("unemployed_ww", "bijstand"):
        ids = search(CourseQuery(profile="data_analyst", level="mbo", location="Amsterdam",
                                 person=fit.Person(age=47, level="mbo", work_situation=work)), "nl", engine).ranked_ids
        assert ids and not any(COURSES[c].get("needs_employer") for c in ids)
    employed = search(CourseQuery(profile="data_analyst", level="mbo", location="Amsterdam",
                                  person=fit.Person(age=47, level="mbo", work_situation="employed")), "nl",
                      engine).ranked_ids
    assert any(COURSES[c].get("needs_employer") for c in employed)


def test_an_mbo_4_graduate_goes_on_from_there(engine):
    person = fit.Person(age=20, level="mbo", mbo_level=4)
    for place in ("Amsterdam", "Haarlem", "Almere"):
        ids = search(CourseQuery(profile="software_developer", level="mbo", location=place, person=person), "nl",
                     engine).ranked_ids
        ranks = [fit.AWARD_RANK.get(COURSES[c].get("awards"), 0) for c in ids]
        behind = [i for i, r in enumerate(ranks) if 0 < r <= 4]
        further = [i for i, r in enumerate(ranks) if not 0 < r <= 4]
        assert further and (not behind or max(further) < min(behind)), list(zip(ids, ranks))
    mbo2 = search(CourseQuery(profile="software_developer", level="mbo", location="Amsterdam",
                              person=fit.Person(age=20, level="mbo", mbo_level=2)), "nl", engine).ranked_ids
    assert not any(COURSES[c].get("min_mbo_level") == 4 for c in mbo2)  # no hbo straight from mbo 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_routes_fit_the_person(engine, lang):
    for profile, level, age in itertools.product(PROFILES, LEVELS, AGES):
        for mbo in ([None, 1, 2, 3, 4] if level == "mbo" else [None]):
            person = fit.Person(age=age, level=level, mbo_level=mbo)
            advice = queries.routes_for(profile, level, lang, engine, person=person)
            ids = [o.route_type_id for o in advice.options]
            assert ids, (profile, level, person)
            assert all(o.admission for o in advice.options)
            if mbo == 4:
                assert ids[0] == "hbo_ict" and "mbo_to_hbo" not in ids and "mbo_ict" not in ids
            if mbo in (1, 2, 3):
                assert "hbo_ict" not in ids
            if age is not None and age < 18 and "school_no_diploma" in ids and len(ids) > 1:
                assert ids[0] != "school_no_diploma"
            shown = " ".join(e for o in advice.options for e in o.examples)
            assert ("Make IT Work" in shown) <= (level in ("hbo", "wo")), (profile, level)


def test_the_age_of_a_parent_or_coach_is_not_the_age_of_the_person_they_ask_about():
    for role in fit.ON_BEHALF:
        person = fit.person_from_facts(15, "havo", None, "bijstand", role)
        assert person.age is None and person.work_situation is None
    assert fit.person_from_facts("17", "mbo", "4", None, None).age == 17
    assert fit.person_from_facts(30, "mbo", "4", None, None, own_level=False).mbo_level is None


def test_courses_in_a_language_the_person_follows_come_first(engine):
    expat = fit.Person(age=34, level="hbo", languages=("en", "pt"))
    ids = search(CourseQuery(profile="tester", level="hbo", location="Amsterdam", person=expat), "en",
                 engine).ranked_ids
    english = [i for i, c in enumerate(ids) if "en" in COURSES[c]["languages"]]
    dutch_only = [i for i, c in enumerate(ids) if "en" not in COURSES[c]["languages"]]
    assert english and dutch_only and max(english) < min(dutch_only)
    # nothing known about languages: no reordering by language, and a parent's languages are not the child's
    assert fit.person_from_facts(None, "havo", None, None, "parent", languages=["ar"]).languages == ()


def test_a_course_only_for_women_comes_when_someone_asks_for_one(engine):
    asked = search(CourseQuery(profile="data_scientist", target_group="women", location="Amsterdam"), "en",
                   engine).ranked_ids
    assert any(fit.only_on_request(COURSES[c]["target_groups"]) for c in asked)
    for level in LEVELS:
        ids = search(CourseQuery(profile="data_scientist", level=level, location="Amsterdam",
                                 person=fit.Person(age=34, level=level)), "en", engine).ranked_ids
        assert not any(fit.only_on_request(COURSES[c]["target_groups"]) for c in ids)


@pytest.mark.parametrize("text, age", [("is mijn klant van 52 te oud?", 52), ("my client is 45, too old for this?", 45),
                                       ("mijn zoon is 15, is hij te jong?", 15), ("ik ben 52, ben ik te oud?", None)])
def test_an_age_question_about_someone_else_is_about_them(text, age):
    from bot.core.catalog.admission import age_answer_for_someone_else, their_age

    assert their_age(text) == age
    if age is not None:
        answer = age_answer_for_someone_else(age, "nl")
        assert str(age) in answer and "Je bent" not in answer


def test_a_clients_age_given_before_the_noun_is_theirs():
    from bot.core.catalog.admission import their_age

    assert their_age("can a 45 year old client do codam?") == 45
    assert their_age("I am a student, 19, too old?") is None
