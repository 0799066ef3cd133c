"""Export the catalog from the database to YAML or CSV, and read courses from CSV for an import.

CSV is for the records operators edit most (courses). List fields are ``;``-separated, bilingual fields are
two columns (``name_nl``, ``name_en``), and validation errors name the file, the row and the field.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict, List

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.core.catalog import schema
from bot.core.db.models import Course, CourseLevel, CourseLocation, CourseProfile, Provider
from bot.core.db.session import session_scope

COURSE_COLUMNS = ["id", "provider", "name_nl", "name_en", "summary_nl", "summary_en", "job_profiles", "entry_levels",
                  "diploma_required", "locations", "formats", "duration_weeks", "cost_eur", "cost_note_nl",
                  "cost_note_en", "languages", "target_groups", "start_dates", "start_note_nl", "start_note_en",
                  "url", "source", "illustrative", "illustrative_fields"]
LIST_FIELDS = {"job_profiles", "entry_levels", "locations", "formats", "languages", "target_groups", "start_dates",
               "illustrative_fields"}
TEXT_FIELDS = {"name", "summary", "cost_note", "start_note"}


def _courses_as_records(engine: Engine | None) -> List[dict]:
    with session_scope(engine) as s:
        links = {}
        for model, attr, key in ((CourseProfile, "profile_id", "job_profiles"),
                                 (CourseLevel, "level_id", "entry_levels"),
                                 (CourseLocation, "location_id", "locations")):
            for row in s.execute(select(model)).scalars():
                links.setdefault(row.course_id, {}).setdefault(key, []).append(getattr(row, attr))
        records = []
        for c in s.execute(select(Course).order_by(Course.id)).scalars():
            record = {
                "id": c.id, "provider": c.provider_id, "name": {"nl": c.name_nl, "en": c.name_en},
                "summary": {"nl": c.summary_nl, "en": c.summary_en},
                **{k: sorted(v) for k, v in links.get(c.id, {}).items()},
                "diploma_required": c.diploma_required,
                "formats": [f for f in schema.FORMATS if getattr(c, f)],
                "duration_weeks": c.duration_weeks, "cost_eur": c.cost_eur,
                "languages": list(c.languages), "target_groups": list(c.target_groups),
                "start_dates": list(c.start_dates), "url": c.url, "source": c.source,
                "illustrative": c.illustrative, "illustrative_fields": list(c.illustrative_fields or []),
            }
            if c.cost_note_nl:
                record["cost_note"] = {"nl": c.cost_note_nl, "en": c.cost_note_en}
            if c.start_note_nl:
                record["start_note"] = {"nl": c.start_note_nl, "en": c.start_note_en}
            record.setdefault("locations", [])
            records.append(record)
        return records


def _providers_as_records(engine: Engine | None) -> List[dict]:
    with session_scope(engine) as s:
        return [{"id": p.id, "name": p.name, "kind": p.kind,
                 "description": {"nl": p.description_nl, "en": p.description_en}, "website": p.website,
                 "source": p.source, "illustrative": p.illustrative}
                for p in s.execute(select(Provider).order_by(Provider.id)).scalars()]


def export_catalog(out_dir: Path, fmt: str = "yaml", engine: Engine | None = None) -> List[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    courses, providers = _courses_as_records(engine), _providers_as_records(engine)
    if fmt == "yaml":
        paths = [out_dir / "courses.yml", out_dir / "providers.yml"]
        paths[0].write_text(yaml.safe_dump({"courses": courses}, allow_unicode=True, sort_keys=False), "utf-8")
        paths[1].write_text(yaml.safe_dump({"providers": providers}, allow_unicode=True, sort_keys=False), "utf-8")
        return paths
    path = out_dir / "courses.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COURSE_COLUMNS)
        writer.writeheader()
        for r in courses:
            row = {}
            for col in COURSE_COLUMNS:
                base, _, lang = col.rpartition("_")
                if base in TEXT_FIELDS and lang in ("nl", "en"):
                    row[col] = (r.get(base) or {}).get(lang, "")
                elif col in LIST_FIELDS:
                    row[col] = ";".join(str(v) for v in r.get(col, []))
                else:
                    value = r.get(col)
                    row[col] = "" if value is None else str(value).lower() if isinstance(value, bool) else value
            writer.writerow(row)
    return [path]


def read_courses_csv(path: Path) -> List[schema.CourseRecord]:
    """Parse and validate a courses CSV; raise CatalogError naming file, row and field."""
    from bot.core.catalog.importer import CatalogError

    path = Path(path)
    problems: List[str] = []
    records: List[schema.CourseRecord] = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("id", "provider", "name_nl", "name_en") if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogError([f"{path.name}: missing columns: {', '.join(missing)}"])
        for row_number, row in enumerate(reader, start=2):  # row 1 is the header
            data: Dict[str, object] = {}
            for col, raw in row.items():
                value = (raw or "").strip()
                base, _, lang = col.rpartition("_")
                if base in TEXT_FIELDS and lang in ("nl", "en"):
                    if value:
                        data.setdefault(base, {})[lang] = value
                elif col in LIST_FIELDS:
                    data[col] = [v.strip() for v in value.split(";") if v.strip()]
                elif value != "":
                    data[col] = value
            try:
                records.append(schema.CourseRecord.parse_obj(data))
            except ValidationError as exc:
                for err in exc.errors():
                    field = ".".join(str(p) for p in err["loc"])
                    problems.append(f"{path.name}: row {row_number} (id={row.get('id') or '?'}), field {field}: "
                                    f"{err['msg']}")
    if problems:
        raise CatalogError(problems)
    return records
