"""Validate the seed files in ``data/catalog/`` and write them to the database, all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Type

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from bot.catalog import schema
from bot.db.models import EducationLevel, JobProfile, Route, RouteType
from bot.db.session import PROJECT_ROOT, session_scope

DEFAULT_CATALOG_DIR = PROJECT_ROOT / "data" / "catalog"

FILES: Dict[str, Type[BaseModel]] = {
    "job_profiles.yml": schema.JobProfilesFile,
    "education_levels.yml": schema.EducationLevelsFile,
    "routes.yml": schema.RoutesFile,
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

    def counts(self) -> Dict[str, int]:
        return {
            "job_profiles": len(self.job_profiles),
            "education_levels": len(self.education_levels),
            "route_types": len(self.route_types),
            "routes": sum(len(c.routes) for cells in self.matrix.values() for c in cells.values()),
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


def load_catalog(directory: Path = DEFAULT_CATALOG_DIR) -> Catalog:
    """Read and validate every seed file; raise :class:`CatalogError` listing every problem found."""
    directory = Path(directory)
    problems: List[str] = []
    parsed = {name: _load_file(directory / name, model, problems) for name, model in FILES.items()}
    if problems:
        raise CatalogError(problems)

    catalog = Catalog(
        job_profiles=parsed["job_profiles.yml"].job_profiles,
        education_levels=parsed["education_levels.yml"].education_levels,
        route_types=parsed["routes.yml"].route_types,
        matrix=parsed["routes.yml"].matrix,
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
    if problems:
        raise CatalogError(problems)
    return catalog


def write_catalog(catalog: Catalog, engine: Engine | None = None) -> Dict[str, int]:
    """Replace the catalog tables with ``catalog`` in one transaction."""
    with session_scope(engine) as session:
        for model in (Route, RouteType, JobProfile, EducationLevel):
            session.execute(delete(model))
        for p in catalog.job_profiles:
            session.add(JobProfile(
                id=p.id, name_nl=p.name.nl, name_en=p.name.en,
                synonyms_nl=p.synonyms.nl, synonyms_en=p.synonyms.en,
                summary_nl=p.summary.nl, summary_en=p.summary.en, day_nl=p.day.nl, day_en=p.day.en,
                skills_nl=p.skills.nl, skills_en=p.skills.en, sectors_nl=p.sectors.nl, sectors_en=p.sectors.en,
                interests=p.interests, math_level_nl=p.math_level.nl, math_level_en=p.math_level.en,
                salary_min=p.salary.min, salary_max=p.salary.max, salary_period=p.salary.period,
                salary_illustrative=p.salary.illustrative, salary_source=p.salary.source,
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
                diploma_needed=r.diploma_needed, duration_nl=r.typical_duration.nl,
                duration_en=r.typical_duration.en, examples=r.examples, source=r.source,
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
    return catalog.counts()


def import_catalog(directory: Path = DEFAULT_CATALOG_DIR, engine: Engine | None = None) -> Dict[str, int]:
    return write_catalog(load_catalog(directory), engine)
