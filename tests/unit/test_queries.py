import pytest

from bot.core.catalog import queries

LEVELS = ["none", "vmbo", "mbo", "havo", "vwo", "hbo", "wo"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_least_ten_profiles_in_each_language(engine, lang):
    profiles = queries.list_profiles(lang, engine)
    assert len(profiles) >= 10
    assert all(p.name and p.summary for p in profiles)


def test_profile_texts_differ_per_language(engine):
    nl = queries.get_profile("data_analyst", "nl", engine)
    en = queries.get_profile("data_analyst", "en", engine)
    assert nl.day != en.day and nl.summary != en.summary
    assert nl.skills and en.skills and nl.sectors and en.sectors
    assert nl.salary_min < nl.salary_max and nl.salary_source


def test_unknown_profile_or_level_gives_none(engine):
    assert queries.get_profile("astronaut", "nl", engine) is None
    assert queries.routes_for("tester", "phd", "nl", engine) is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_profile_and_level_combination_has_an_answer(engine, lang):
    for profile in queries.list_profiles(lang, engine):
        for level in LEVELS:
            advice = queries.routes_for(profile.id, level, lang, engine)
            assert advice is not None and advice.options, (profile.id, level)
            assert all(o.name and o.description and o.source for o in advice.options)


def test_no_diploma_routes_start_without_diploma_requirement(engine):
    for profile in queries.list_profiles("nl", engine):
        advice = queries.routes_for(profile.id, "none", "nl", engine)
        assert not advice.options[0].diploma_needed, profile.id


def test_level_overview_covers_every_profile(engine):
    pairs = queries.first_routes_for_level("vmbo", "en", engine)
    assert len(pairs) == len(queries.list_profiles("en", engine))
    assert [lv.id for lv in queries.list_levels("nl", engine)] == LEVELS


def test_in_memory_copy_matches_the_tables_and_follows_an_import(engine, monkeypatch, tmp_path):
    """Profiles, levels and routes come from a copy per catalog version: equal to what the tables hold, and
    an import (new version) is seen once the version is checked again."""
    import shutil

    from sqlalchemy import select

    from bot.core.catalog import cache
    from bot.core.catalog.importer import DEFAULT_CATALOG_DIR, import_catalog
    from bot.core.db.models import JobProfile, Route
    from bot.core.db.session import session_scope

    with session_scope(engine) as s:
        names = {r.id: r.name_nl for r in s.execute(select(JobProfile)).scalars()}
        routes = s.execute(select(Route).where(Route.profile_id == "tester", Route.level_id == "mbo")
                           .order_by(Route.position)).scalars().all()
        route_types = [r.route_type_id for r in routes]
    assert {p.id: p.name for p in queries.list_profiles("nl", engine)} == names
    assert [p.id for p in queries.list_profiles("nl", engine)] == sorted(names)
    assert [o.route_type_id for o in queries.routes_for("tester", "mbo", "nl", engine).options] == route_types

    catalog = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG_DIR, catalog)
    profiles = catalog / "job_profiles.yml"
    old = queries.get_profile("tester", "nl", engine).name
    profiles.write_text(profiles.read_text(encoding="utf-8").replace(old, old + " (nieuw)", 1), encoding="utf-8")
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0.0)
    try:
        import_catalog(catalog, engine=engine)
        assert queries.get_profile("tester", "nl", engine).name == old + " (nieuw)"
    finally:
        import_catalog(engine=engine)
    assert queries.get_profile("tester", "nl", engine).name == old


def test_the_copy_in_memory_answers_while_the_database_is_unreachable(engine, monkeypatch, tmp_path):
    """A catalog already in memory is used as it is when its version cannot be read (only an import changes the
    catalog, and that needs the database); with nothing in memory the error goes to the caller (the apology)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from bot.core.catalog import cache
    from bot.core.db.session import get_engine

    expected = [p.id for p in queries.list_profiles("nl", engine)]  # now in memory
    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0.0)  # every call asks the database for the version
    unreachable = get_engine(f"sqlite:///{tmp_path}/no-such-dir/catalog.sqlite3")

    def rebuild(session):
        raise AssertionError("nothing to rebuild from")

    with Session(unreachable, future=True) as session:
        tables = cache.cached_by_version(session, str(engine.url), "small_tables", rebuild)
        session.commit()  # the session is still usable after the failed read
    assert list(tables.profiles) == expected
    with pytest.raises(SQLAlchemyError), Session(unreachable, future=True) as session:
        cache.cached_by_version(session, str(unreachable.url), "small_tables", rebuild)


def test_place_coordinates_are_read_once_per_catalog_version(engine, monkeypatch):
    """One loader for where places lie (course search, events near you, the nearest liaison): the Location table
    as it is, kept in memory until the catalog version changes."""
    from sqlalchemy import select

    from bot.core.catalog import cache, places
    from bot.core.catalog.importer import bump_catalog_version
    from bot.core.db.models import Location
    from bot.core.db.session import session_scope

    monkeypatch.setattr(cache, "VERSION_CHECK_SECONDS", 0.0)  # every call asks the database for the version
    with session_scope(engine) as s:
        table = {loc.id: (loc.lat, loc.lon) for loc in s.execute(select(Location)).scalars()}
        first = places.coordinates(s)
        assert first == table and "Amsterdam" in first
    with session_scope(engine) as s:
        assert places.coordinates(s) is first  # same version: no new read
        bump_catalog_version(s)
    with session_scope(engine) as s:
        again = places.coordinates(s)
    assert again == table and again is not first
