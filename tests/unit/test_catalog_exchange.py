"""Export to YAML/CSV and import back: the round trip keeps the catalog; CSV errors name file, row and field."""
import csv

import pytest
import yaml

from bot.core.catalog.exchange import export_catalog, read_courses_csv
from bot.core.catalog.importer import CatalogError, load_catalog


def test_csv_round_trip(engine, tmp_path):
    [path] = export_catalog(tmp_path, "csv", engine)
    records = read_courses_csv(path)
    original = {c.id: c for c in load_catalog().courses}
    assert {r.id for r in records} == set(original)
    for record in records:
        seed = original[record.id]
        assert record.name == seed.name and record.cost_eur == seed.cost_eur
        assert sorted(record.job_profiles) == sorted(seed.job_profiles)
        assert record.illustrative == seed.illustrative


def test_yaml_export_loads_with_the_seed_schema(engine, tmp_path):
    paths = export_catalog(tmp_path, "yaml", engine)
    courses = yaml.safe_load(paths[0].read_text(encoding="utf-8"))["courses"]
    assert len(courses) == len(load_catalog().courses)


def test_csv_error_names_file_row_and_field(engine, tmp_path):
    [path] = export_catalog(tmp_path, "csv", engine)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[4]["cost_eur"] = "veel"
    rows[6]["formats"] = "weekend"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CatalogError) as err:
        load_catalog(courses_csv=path)
    problems = "\n".join(err.value.problems)
    assert f"courses.csv: row 6 (id={rows[4]['id']}), field cost_eur" in problems
    assert f"courses.csv: row 8 (id={rows[6]['id']}), field formats" in problems
