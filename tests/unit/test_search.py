from dataclasses import replace

import pytest

from bot.core.catalog.search import CourseQuery, course_details, haversine_km, provider_courses, search


def test_haversine_amsterdam_haarlem():
    assert 15 < haversine_km(52.3731, 4.8922, 52.3874, 4.6462) < 19


def test_coding_course_in_zaandam_nearest_first(engine):
    result = search(CourseQuery(profile="software_developer", location="Zaandam"), "nl", engine)
    assert result.total >= 3 and not result.relaxed
    distances = [h.distance_km if h.distance_km is not None else 12.0 for h in result.hits]
    assert distances == sorted(distances)
    assert result.hits[0].place == "Zaandam"


def test_purmerend_also_sees_zaandam_and_noord_ordered_by_distance(engine):
    result = search(CourseQuery(location="Purmerend"), "en", engine, limit=100)
    places = [h.place for h in result.hits if h.distance_km is not None]
    assert "Zaandam" in places and "Noord" in places
    nearby = [h.distance_km for h in result.hits if h.distance_km is not None]
    assert nearby == sorted(nearby)
    assert all(d <= 25 for d in nearby)


def test_free_without_diploma_near_almere(engine):
    result = search(CourseQuery(free=True, level="none", location="Almere"), "en", engine, limit=50)
    assert result.total >= 1 and not result.relaxed
    for hit in result.hits:
        assert hit.is_free and not hit.diploma_required


def test_filters_schedule_language_target_group(engine):
    evening = search(CourseQuery(schedule="evening"), "nl", engine, limit=100)
    assert evening.total and all("evening" in h.formats for h in evening.hits)
    english = search(CourseQuery(language="en"), "nl", engine, limit=100)
    assert english.total and all("en" in h.languages for h in english.hits)
    women = search(CourseQuery(profile="data_scientist", target_group="women"), "nl", engine, limit=100)
    assert women.hits[0].target_groups == ["women"] or "women" in women.hits[0].target_groups
    assert all("women" in h.target_groups or "everyone" in h.target_groups for h in women.hits)


def test_paging_three_at_a_time(engine):
    q = CourseQuery(location="Amsterdam")
    first = search(q, "nl", engine)
    second = search(q, "nl", engine, offset=3)
    assert len(first.hits) == 3 and first.has_more
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert first.ranked_ids[3:6] == [h.id for h in second.hits]


def test_no_results_relaxes_and_says_which_filter(engine):
    q = CourseQuery(profile="ux_designer", location="Hilversum", free=True, schedule="full_time", language="en",
                    target_group="women")
    result = search(q, "nl", engine)
    assert result.hits, "never a dead end"
    assert result.relaxed and result.relaxed[0] in ("radius", "schedule")
    assert set(result.relaxed) <= {"radius", "schedule", "language", "target_group", "free", "provider",
                                   "location", "profile"}


def test_unknown_place_is_ignored_not_an_error(engine):
    assert search(CourseQuery(location="Atlantis"), "nl", engine).total > 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hits_carry_source_and_link(engine, lang):
    for hit in search(CourseQuery(location="Amsterdam"), lang, engine, limit=100).hits:
        assert hit.source and hit.name and hit.provider
        if hit.illustrative:
            assert hit.illustrative_fields


def test_followup_helpers(engine):
    codam = provider_courses("codam", engine)
    assert codam
    [hit] = course_details(codam[:1], "en", engine)
    assert hit.provider_id == "codam" and hit.is_free
    assert course_details(["does_not_exist"], "en", engine) == []


def test_query_filters_list():
    assert CourseQuery().active_filters() == []
    assert replace(CourseQuery(), free=True, location="Almere").active_filters() == ["location", "free"]


def test_a_declined_target_group_leaves_out_courses_only_for_that_group(engine):
    asked = search(CourseQuery(profile="data_scientist", target_group="women"), "en", engine, limit=100)
    assert any(h.target_groups == ["women"] for h in asked.hits)  # the seed has a course only for women
    declined = search(CourseQuery(profile="data_scientist", target_group="women", declined_group="women"), "en",
                      engine, limit=100)
    assert declined.hits and not any("women" in h.target_groups and "everyone" not in h.target_groups
                                     for h in declined.hits)
