"""Validate the seed files in ``data/catalog/`` and write them to the database, all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Type

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from bot.core.catalog import schema
from bot.core.db.models import (
    CatalogMeta,
    Course,
    CourseLevel,
    CourseLocation,
    CourseProfile,
    EducationLevel,
    EligibilityCriterion,
    Event,
    FundingInstrument,
    JobProfile,
    Liaison,
    Location,
    Provider,
    RoleModel,
    Route,
    RouteType,
    RuleSet,
)
from bot.core.db.session import PROJECT_ROOT, session_scope

DEFAULT_CATALOG_DIR = PROJECT_ROOT / "data" / "catalog"

FILES: Dict[str, Type[BaseModel]] = {
    "job_profiles.yml": schema.JobProfilesFile,
    "education_levels.yml": schema.EducationLevelsFile,
    "routes.yml": schema.RoutesFile,
    "locations.yml": schema.LocationsFile,
    "providers.yml": schema.ProvidersFile,
    "courses.yml": schema.CoursesFile,
    "events.yml": schema.EventsFile,
    "role_models.yml": schema.RoleModelsFile,
    "liaisons.yml": schema.LiaisonsFile,
    "funding.yml": schema.FundingFile,
}


class CatalogError(Exception):
    """One or more seed records are invalid; ``problems`` names file, record and field for each."""

    def __init__(self, problems: List[str]):
        self.problems = problems
        super().__init__("invalid catalog:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class Catalog:
    job_profiles: List[schema.JobProfileRecord] = field(default_factory=list)
    education_levels: List[schema.EducationLevelRecord] = field(default_factory=list)
    route_types: List[schema.RouteTypeRecord] = field(default_factory=list)
    matrix: Dict[str, Dict[str, schema.MatrixCell]] = field(default_factory=dict)
    locations: List[schema.LocationRecord] = field(default_factory=list)
    providers: List[schema.ProviderRecord] = field(default_factory=list)
    courses: List[schema.CourseRecord] = field(default_factory=list)
    events: List[schema.EventRecord] = field(default_factory=list)
    role_models: List[schema.RoleModelRecord] = field(default_factory=list)
    liaisons: List[schema.LiaisonRecord] = field(default_factory=list)
    funding: schema.FundingFile | None = None

    def counts(self) -> Dict[str, int]:
        return {
            "job_profiles": len(self.job_profiles),
            "education_levels": len(self.education_levels),
            "route_types": len(self.route_types),
            "routes": sum(len(c.routes) for cells in self.matrix.values() for c in cells.values()),
            "locations": len(self.locations),
            "providers": len(self.providers),
            "courses": len(self.courses),
            "events": len(self.events),
            "role_models": len(self.role_models),
            "liaisons": len(self.liaisons),
            "funding_instruments": len(self.funding.instruments) if self.funding else 0,
        }

    def examples(self) -> Dict[str, List[str]]:
        """Ids of the records that are only examples (illustrative): production mode hides them."""
        rules = self.funding.rule_set if self.funding else None
        return {
            "events": [e.id for e in self.events if e.illustrative],
            "liaisons": [li.id for li in self.liaisons if li.illustrative],
            "role_models": [r.id for r in self.role_models if r.illustrative],
            "courses": [c.id for c in self.courses if "name" in c.illustrative_fields],
            "funding_rules": [rules.version] if rules and rules.illustrative else [],
        }


def _describe_location(raw: Any, loc: tuple) -> str:
    """Turn pydantic's error location into 'record 3 (id=x), field a.b'."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        records = raw.get(loc[0]) if isinstance(raw, dict) else None
        record_id = None
        if isinstance(records, list) and loc[1] < len(records) and isinstance(records[loc[1]], dict):
            record_id = records[loc[1]].get("id")
        where = f"record {loc[1] + 1}" + (f" (id={record_id})" if record_id else "")
        rest = ".".join(str(p) for p in loc[2:]) or "(record)"
        return f"{loc[0]}: {where}, field {rest}"
    return "field " + ".".join(str(p) for p in loc)


def _load_file(path: Path, model: Type[BaseModel], problems: List[str]):
    name = path.name
    if not path.exists():
        problems.append(f"{name}: file is missing")
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{name}: not valid YAML ({exc})")
        return None
    try:
        return model.parse_obj(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(f"{name}: {_describe_location(raw, err['loc'])}: {err['msg']}")
        return None


def _check_unique(name: str, kind: str, ids: List[str], problems: List[str]) -> None:
    seen = set()
    for index, record_id in enumerate(ids, start=1):
        if record_id in seen:
            problems.append(f"{name}: record {index} (id={record_id}), field id: duplicate {kind} id")
        seen.add(record_id)


def _check_synonyms(name: str, records, problems: List[str]) -> None:
    owner: Dict[str, str] = {}
    for index, record in enumerate(records, start=1):
        for lang in ("nl", "en"):
            for phrase in getattr(record.synonyms, lang):
                other = owner.get(phrase)
                if other and other != record.id:
                    problems.append(
                        f"{name}: record {index} (id={record.id}), field synonyms.{lang}: "
                        f"'{phrase}' is also a synonym of {other}"
                    )
                owner[phrase] = record.id


def _check_courses(catalog: Catalog, profiles: set, levels: set, problems: List[str]) -> None:
    places = {loc.id for loc in catalog.locations}
    _check_unique("locations.yml", "location", [loc.id for loc in catalog.locations], problems)
    for index, loc in enumerate(catalog.locations, start=1):
        if loc.part_of and loc.part_of not in places:
            problems.append(f"locations.yml: locations: record {index} (id={loc.id}), field part_of: "
                            f"unknown place '{loc.part_of}'")
    providers = {p.id for p in catalog.providers}
    _check_unique("providers.yml", "provider", [p.id for p in catalog.providers], problems)
    _check_unique("courses.yml", "course", [c.id for c in catalog.courses], problems)
    for index, course in enumerate(catalog.courses, start=1):
        where = f"courses.yml: courses: record {index} (id={course.id})"
        if course.provider not in providers:
            problems.append(f"{where}, field provider: unknown provider '{course.provider}'")
        for attr, known in (("job_profiles", profiles), ("entry_levels", levels), ("locations", places)):
            for value in getattr(course, attr):
                if value not in known:
                    problems.append(f"{where}, field {attr}: unknown value '{value}'")


def _check_events_and_stories(catalog: Catalog, profiles: set, problems: List[str]) -> None:
    places = {loc.id for loc in catalog.locations}
    providers = {p.id for p in catalog.providers}
    _check_unique("events.yml", "event", [e.id for e in catalog.events], problems)
    _check_unique("role_models.yml", "role model", [r.id for r in catalog.role_models], problems)
    for index, event in enumerate(catalog.events, start=1):
        where = f"events.yml: events: record {index} (id={event.id})"
        if event.location not in places:
            problems.append(f"{where}, field location: unknown place '{event.location}'")
        if event.provider and event.provider not in providers:
            problems.append(f"{where}, field provider: unknown provider '{event.provider}'")
        for value in event.profiles:
            if value not in profiles:
                problems.append(f"{where}, field profiles: unknown value '{value}'")
    _check_unique("liaisons.yml", "liaison", [li.id for li in catalog.liaisons], problems)
    for index, liaison in enumerate(catalog.liaisons, start=1):
        if liaison.location not in places:
            problems.append(f"liaisons.yml: liaisons: record {index} (id={liaison.id}), field location: "
                            f"unknown place '{liaison.location}'")
        for place in liaison.covers:
            if place not in places:
                problems.append(f"liaisons.yml: liaisons: record {index} (id={liaison.id}), field covers: "
                                f"unknown place '{place}'")
    for index, story in enumerate(catalog.role_models, start=1):
        if story.profile not in profiles:
            problems.append(f"role_models.yml: role_models: record {index} (id={story.id}), field profile: "
                            f"unknown job profile '{story.profile}'")


def load_catalog(directory: Path = DEFAULT_CATALOG_DIR, courses_csv: Path | None = None) -> Catalog:
    """Read and validate every seed file; raise :class:`CatalogError` listing every problem found.

    ``courses_csv`` replaces the courses of ``courses.yml`` with the rows of a CSV file."""
    directory = Path(directory)
    problems: List[str] = []
    parsed = {name: _load_file(directory / name, model, problems) for name, model in FILES.items()
              if not (courses_csv and name == "courses.yml")}
    if courses_csv:
        from bot.core.catalog.exchange import read_courses_csv

        try:
            parsed["courses.yml"] = schema.CoursesFile(courses=read_courses_csv(courses_csv))
        except CatalogError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CatalogError(problems)

    catalog = Catalog(
        job_profiles=parsed["job_profiles.yml"].job_profiles,
        education_levels=parsed["education_levels.yml"].education_levels,
        route_types=parsed["routes.yml"].route_types,
        matrix=parsed["routes.yml"].matrix,
        locations=parsed["locations.yml"].locations,
        providers=parsed["providers.yml"].providers,
        courses=parsed["courses.yml"].courses,
        events=parsed["events.yml"].events,
        role_models=parsed["role_models.yml"].role_models,
        liaisons=parsed["liaisons.yml"].liaisons,
        funding=parsed["funding.yml"],
    )
    _check_unique("job_profiles.yml", "job profile", [p.id for p in catalog.job_profiles], problems)
    _check_unique("education_levels.yml", "education level", [lv.id for lv in catalog.education_levels], problems)
    _check_unique("routes.yml", "route type", [r.id for r in catalog.route_types], problems)
    _check_synonyms("job_profiles.yml", catalog.job_profiles, problems)
    _check_synonyms("education_levels.yml", catalog.education_levels, problems)

    profiles = {p.id for p in catalog.job_profiles}
    levels = {lv.id for lv in catalog.education_levels}
    route_types = {r.id for r in catalog.route_types}
    for profile_id, cells in catalog.matrix.items():
        if profile_id not in profiles:
            problems.append(f"routes.yml: matrix.{profile_id}: unknown job profile")
            continue
        for level_id, cell in cells.items():
            if level_id not in levels:
                problems.append(f"routes.yml: matrix.{profile_id}.{level_id}: unknown education level")
            for route_id in cell.routes:
                if route_id not in route_types:
                    problems.append(f"routes.yml: matrix.{profile_id}.{level_id}, field routes: "
                                    f"unknown route type '{route_id}'")
        for level_id in sorted(levels - set(cells)):
            problems.append(f"routes.yml: matrix.{profile_id}.{level_id}: "
                            "missing (every profile x level needs an answer)")
    for profile_id in sorted(profiles - set(catalog.matrix)):
        problems.append(f"routes.yml: matrix.{profile_id}: missing (every profile x level needs an answer)")
    _check_courses(catalog, profiles, levels, problems)
    _check_events_and_stories(catalog, profiles, problems)
    if problems:
        raise CatalogError(problems)
    return catalog


def write_catalog(catalog: Catalog, engine: Engine | None = None) -> Dict[str, int]:
    """Replace the catalog tables with ``catalog`` in one transaction."""
    with session_scope(engine) as session:
        for model in (Liaison, Event, RoleModel, CourseLocation, CourseLevel, CourseProfile, Course, Provider, Location,
                      Route, RouteType, JobProfile, EducationLevel):
            session.execute(delete(model))
        for p in catalog.job_profiles:
            session.add(JobProfile(
                id=p.id, name_nl=p.name.nl, name_en=p.name.en,
                synonyms_nl=p.synonyms.nl, synonyms_en=p.synonyms.en,
                summary_nl=p.summary.nl, summary_en=p.summary.en, day_nl=p.day.nl, day_en=p.day.en,
                skills_nl=p.skills.nl, skills_en=p.skills.en, sectors_nl=p.sectors.nl, sectors_en=p.sectors.en,
                interests=p.interests, math_level_nl=p.math_level.nl, math_level_en=p.math_level.en,
                salary_min=p.salary.min, salary_max=p.salary.max, salary_period=p.salary.period,
                salary_illustrative=p.salary.illustrative, salary_source_nl=p.salary.source.nl,
                salary_source_en=p.salary.source.en,
                source=p.source, illustrative=p.illustrative,
            ))
        for lv in catalog.education_levels:
            session.add(EducationLevel(
                id=lv.id, order=lv.order, name_nl=lv.name.nl, name_en=lv.name.en,
                synonyms_nl=lv.synonyms.nl, synonyms_en=lv.synonyms.en,
                description_nl=lv.description.nl, description_en=lv.description.en, source=lv.source,
            ))
        for r in catalog.route_types:
            session.add(RouteType(
                id=r.id, name_nl=r.name.nl, name_en=r.name.en,
                description_nl=r.description.nl, description_en=r.description.en,
                diploma_needed=r.diploma_needed, admission_nl=_text(r.admission, "nl"),
                admission_en=_text(r.admission, "en"), duration_nl=r.typical_duration.nl,
                duration_en=r.typical_duration.en, source=r.source,
                examples=[e if isinstance(e, str) else e.dict() for e in r.examples],
                illustrative=r.illustrative,
            ))
        session.flush()
        for profile_id, cells in catalog.matrix.items():
            for level_id, cell in cells.items():
                for position, route_id in enumerate(cell.routes):
                    session.add(Route(
                        profile_id=profile_id, level_id=level_id, route_type_id=route_id, position=position,
                        note_nl=cell.note.nl if cell.note else "", note_en=cell.note.en if cell.note else "",
                    ))
        _write_courses(session, catalog)
        session.flush()
        _write_events_and_stories(session, catalog)
        if catalog.funding is not None:
            _write_rules(session, catalog.funding)
        bump_catalog_version(session)
    return catalog.counts()


def _write_events_and_stories(session, catalog: Catalog) -> None:
    for e in catalog.events:
        session.add(Event(
            id=e.id, kind=e.kind, title_nl=e.title.nl, title_en=e.title.en, description_nl=e.description.nl,
            description_en=e.description.en, date=e.date, time=e.time, location_id=e.location, venue=e.venue,
            provider_id=e.provider, profiles=e.profiles, free=e.free, source=e.source, illustrative=e.illustrative,
        ))
    for li in catalog.liaisons:
        session.add(Liaison(
            id=li.id, name=li.name, location_id=li.location, area_nl=li.area.nl, area_en=li.area.en,
            email=li.email, phone=li.phone, hours_nl=li.hours.nl, hours_en=li.hours.en, source=li.source,
            illustrative=li.illustrative, covers=list(dict.fromkeys([li.location, *li.covers])),
            languages=list(dict.fromkeys(li.languages)), response_days=li.response_days,
        ))
    for r in catalog.role_models:
        session.add(RoleModel(
            id=r.id, name=r.name, profile_id=r.profile, story_nl=r.story.nl, story_en=r.story.en, groups=r.groups,
            consent_publish=r.consent.publish, consent_recorded=r.consent.recorded, source=r.source,
            illustrative=r.illustrative,
        ))


def bump_catalog_version(session) -> str:
    """Mark the catalog as changed, so that in-process caches (the course index) reload."""
    import uuid

    version = uuid.uuid4().hex
    row = session.get(CatalogMeta, "version")
    if row is None:
        session.add(CatalogMeta(key="version", value=version))
    else:
        row.value = version
    return version


def _text(value, lang: str):
    return getattr(value, lang) if value is not None else None


def _write_courses(session, catalog: Catalog) -> None:
    coords = {}
    for loc in catalog.locations:
        session.add(Location(id=loc.id, kind=loc.kind, part_of=loc.part_of, lat=loc.lat, lon=loc.lon,
                             synonyms=loc.synonyms))
        coords[loc.id] = (loc.lat, loc.lon)
    for p in catalog.providers:
        session.add(Provider(id=p.id, name=p.name, kind=p.kind, description_nl=p.description.nl,
                             description_en=p.description.en, website=p.website, source=p.source,
                             illustrative=p.illustrative))
    session.flush()
    for c in catalog.courses:
        session.add(Course(
            id=c.id, provider_id=c.provider, name_nl=c.name.nl, name_en=c.name.en,
            summary_nl=c.summary.nl, summary_en=c.summary.en, diploma_required=c.diploma_required,
            min_age=c.min_age, max_age=c.max_age, min_mbo_level=c.min_mbo_level, needs_employer=c.needs_employer,
            awards=c.awards,
            **{f: f in c.formats for f in schema.FORMATS},
            duration_weeks=c.duration_weeks, cost_eur=c.cost_eur, is_free=c.cost_eur == 0,
            cost_note_nl=_text(c.cost_note, "nl"), cost_note_en=_text(c.cost_note, "en"),
            languages=c.languages, target_groups=c.target_groups,
            start_dates=[d.isoformat() for d in c.start_dates],
            start_note_nl=_text(c.start_note, "nl"), start_note_en=_text(c.start_note, "en"),
            url=c.url, source=c.source, illustrative=c.illustrative, illustrative_fields=c.illustrative_fields,
        ))
    session.flush()
    for c in catalog.courses:
        session.add_all(CourseProfile(course_id=c.id, profile_id=p) for p in dict.fromkeys(c.job_profiles))
        session.add_all(CourseLevel(course_id=c.id, level_id=lv) for lv in dict.fromkeys(c.entry_levels))
        session.add_all(CourseLocation(course_id=c.id, location_id=loc, lat=coords[loc][0], lon=coords[loc][1])
                        for loc in dict.fromkeys(c.locations))


def _write_rules(session, funding: schema.FundingFile) -> None:
    """Store the rule set as a new active version; earlier versions stay for the record, inactive."""
    from sqlalchemy import select, update

    existing = session.execute(select(RuleSet).where(RuleSet.version == funding.rule_set.version)).scalar_one_or_none()
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.execute(update(RuleSet).values(active=False))
    rule_set = RuleSet(version=funding.rule_set.version, active=True, description=funding.rule_set.description,
                       source=funding.rule_set.source, illustrative=funding.rule_set.illustrative,
                       questions=list(funding.questions))
    session.add(rule_set)
    session.flush()
    for position, inst in enumerate(funding.instruments):
        row = FundingInstrument(
            rule_set_id=rule_set.id, key=inst.key, position=position, name_nl=inst.name.nl, name_en=inst.name.en,
            description_nl=inst.description.nl, description_en=inst.description.en,
            next_step_nl=inst.next_step.nl, next_step_en=inst.next_step.en, source=inst.source,
            illustrative=inst.illustrative)
        session.add(row)
        session.flush()
        for cpos, crit in enumerate(inst.criteria):
            session.add(EligibilityCriterion(
                instrument_id=row.id, position=cpos, field=crit.field, operator=crit.operator, value=crit.value,
                fail_nl=crit.fail.nl, fail_en=crit.fail.en, pass_nl=crit.passed.nl, pass_en=crit.passed.en))


def import_catalog(directory: Path = DEFAULT_CATALOG_DIR, engine: Engine | None = None,
                   courses_csv: Path | None = None) -> Dict[str, int]:
    return write_catalog(load_catalog(directory, courses_csv), engine)
