"""One configuration: every variable typed with its default, a bad value named at start, and the README's table
checked against it."""
import re
from pathlib import Path

import pytest

from bot.core import settings as config

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def readme_variables():
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in table.splitlines():
        cell = row.split("|")[1] if row.startswith("|") else ""
        names.update(re.findall(r"`([A-Z][A-Z0-9_]*\*?)`", cell))
    return names


def test_every_setting_is_in_the_readme_and_every_readme_variable_is_read_somewhere():
    documented = readme_variables()
    wildcards = [n[:-1] for n in documented if n.endswith("*")]
    for name in config.env_names():
        assert name in documented or any(name.startswith(w) for w in wildcards), name
    known = set(config.env_names()) | set(config.SCRIPT_VARIABLES)
    for name in documented:
        assert name.endswith("*") or name in known, name


def test_defaults_and_types(monkeypatch):
    for name in config.env_names():
        monkeypatch.delenv(name, raising=False)
    s = config.settings()
    assert (s.catalog_mode, s.near_km, s.retention_days, s.rate_limit_per_minute) == ("production", 15.0, 180, 30)
    assert s.database == config.DEFAULT_DATABASE_URL
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "4")
    monkeypatch.setenv("CATALOG_MODE", " Demo ")
    assert config.settings().rate_limit_per_minute == 4 and config.settings().catalog_mode == "demo"


@pytest.mark.parametrize("name, value", [("NEAR_KM", "far"), ("NEAR_KM", "0"), ("RATE_LIMIT_PER_MINUTE", "many"),
                                         ("CATALOG_MODE", "live")])
def test_a_bad_value_stops_the_start_with_its_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(config.SettingError, match=name):
        config.check()
