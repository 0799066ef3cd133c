"""Course-search latency on a generated catalog of 10,000 courses (SQLite and, if available, PostgreSQL).

    .venv/bin/python bench/search_latency.py [--courses 10000] [--queries 600] [--postgres URL]

Generated courses are synthetic (marked illustrative) and only used here. Prints p50/p95/p99 per backend.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.core.catalog.importer import bump_catalog_version, import_catalog
from bot.core.catalog.search import CourseQuery, search
from bot.core.db.migrate import upgrade
from bot.core.db.models import Course, CourseLevel, CourseLocation, CourseProfile, Location, Provider
from bot.core.db.session import get_engine, session_scope

PROFILES = ["software_developer", "data_analyst", "data_scientist", "ux_designer", "growth_hacker",
            "it_administrator", "cyber_security", "cloud_engineer", "tester", "it_support"]
LEVELS = ["none", "vmbo", "mbo", "havo", "vwo", "hbo", "wo"]
SCHEDULES = [None, None, "evening", "part_time", "online", "full_time"]
GROUPS = [None, None, None, "women", "over_40", "young_people"]


def generate(engine, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with session_scope(engine) as s:
        providers = [p.id for p in s.query(Provider).all()]
        places = [(loc.id, loc.lat, loc.lon) for loc in s.query(Location).all()]
        courses, links_p, links_l, links_loc = [], [], [], []
        for i in range(n):
            cid = f"gen_{i:05d}"
            formats = rnd.sample(["full_time", "part_time", "evening", "online"], rnd.randint(1, 2))
            cost = rnd.choice([0, 0, 500, 1500, 3000, 7000])
            courses.append(dict(
                id=cid, provider_id=rnd.choice(providers), name_nl=f"Cursus {i}", name_en=f"Course {i}",
                summary_nl="Gegenereerd voor de benchmark.", summary_en="Generated for the benchmark.",
                diploma_required=rnd.random() < 0.4, full_time="full_time" in formats,
                part_time="part_time" in formats, evening="evening" in formats, online="online" in formats,
                duration_weeks=rnd.randint(4, 150), cost_eur=cost, is_free=cost == 0,
                languages=rnd.choice([["nl"], ["en"], ["nl", "en"]]),
                target_groups=rnd.choice([["everyone"], ["everyone"], ["women"], ["over_40"], ["young_people"]]),
                start_dates=[], source="synthetic benchmark data", illustrative=True, illustrative_fields=[]))
            for p in rnd.sample(PROFILES, rnd.randint(1, 3)):
                links_p.append(dict(course_id=cid, profile_id=p))
            for lv in rnd.sample(LEVELS, rnd.randint(2, 6)):
                links_l.append(dict(course_id=cid, level_id=lv))
            for loc_id, lat, lon in rnd.sample(places, rnd.randint(1, 2)):
                links_loc.append(dict(course_id=cid, location_id=loc_id, lat=lat, lon=lon))
        s.bulk_insert_mappings(Course, courses)
        s.bulk_insert_mappings(CourseProfile, links_p)
        s.bulk_insert_mappings(CourseLevel, links_l)
        s.bulk_insert_mappings(CourseLocation, links_loc)
        bump_catalog_version(s)


def queries(n: int, seed: int = 11):
    rnd = random.Random(seed)
    places = ["Amsterdam", "Nieuw-West", "Zuidoost", "Noord", "Zaandam", "Purmerend", "Almere", "Haarlem",
              "Hilversum", None]
    for _ in range(n):
        yield CourseQuery(profile=rnd.choice(PROFILES + [None]), level=rnd.choice(LEVELS + [None, None]),
                          location=rnd.choice(places), free=rnd.random() < 0.25, schedule=rnd.choice(SCHEDULES),
                          target_group=rnd.choice(GROUPS))


def run(url: str, label: str, n_courses: int, n_queries: int) -> None:
    engine = get_engine(url)
    if url.startswith("postgresql"):
        database = make_url(url).database or ""
        if not database.endswith(("_bench", "_test")):
            raise SystemExit(f"refusing to wipe database {database!r}: use one named *_bench or *_test")
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade(url)
    import_catalog(engine=engine)
    started = time.perf_counter()
    generate(engine, n_courses)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    setup_s = time.perf_counter() - started
    qs = list(queries(n_queries))
    for q in qs[:30]:  # warm-up
        search(q, "nl", engine)
    timings, totals = [], []
    for q in qs:
        t0 = time.perf_counter()
        result = search(q, "nl", engine)
        timings.append((time.perf_counter() - t0) * 1000)
        totals.append(result.total)
    timings.sort()
    pct = lambda p: timings[min(len(timings) - 1, int(p / 100 * len(timings)))]  # noqa: E731
    print(f"{label:<11} courses={n_courses + 61:>6}  queries={n_queries}  p50={pct(50):6.2f} ms  "
          f"p95={pct(95):6.2f} ms  p99={pct(99):6.2f} ms  mean={statistics.mean(timings):6.2f} ms  "
          f"median results={statistics.median(totals):.0f}  (generate {setup_s:.1f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL") or
                        os.environ.get("TEST_POSTGRES_URL"))
    args = parser.parse_args()
    print("course search latency (target: p95 <= 10 ms on 2 cores)")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.sqlite3", "sqlite", args.courses, args.queries)
    if args.postgres:
        run(args.postgres, "postgresql", args.courses, args.queries)
    else:
        print("postgresql  skipped: set BENCH_POSTGRES_URL (make bench starts one with scripts/start_postgres.sh)")


if __name__ == "__main__":
    main()
