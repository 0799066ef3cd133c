"""`make audit` passes only when every finding is reviewed, and never calls an unchecked stack clean."""
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import audit  # noqa: E402

REVIEWED = yaml.safe_load((Path(audit.ROOT) / "security" / "reviewed.yml").read_text())["reviewed"]
KERAS = {"id": "GHSA-xxxx", "aliases": ["CVE-2024-3660"], "description": "Lambda layer runs code"}


def test_a_reviewed_finding_passes_with_its_exposure_note():
    report = {"dependencies": [{"name": "keras", "version": "2.12.0", "vulns": [KERAS]},
                               {"name": "rich", "version": "13.0", "vulns": []}]}
    code, lines = audit.judge(report, REVIEWED)
    assert code == 0 and "exposure" in lines[0] and "0 unreviewed" in lines[-1]


def test_an_unreviewed_finding_fails():
    report = {"dependencies": [{"name": "keras", "version": "2.12.0", "vulns": [KERAS]},
                               {"name": "aiohttp", "version": "3.9.5", "vulns": [{"id": "PYSEC-1", "aliases": []}]}]}
    code, lines = audit.judge(report, REVIEWED)
    assert code == 1 and any(line.startswith("NEW       aiohttp") for line in lines)


def test_nothing_checked_is_not_a_pass():
    skipped = {"name": "absl-py", "version": "1.4.0", "skip_reason": "Dependency not found on PyPI"}
    assert audit.judge({"dependencies": [skipped, {**skipped, "name": "rasa"}]}, REVIEWED)[0] == 2
    assert audit.judge({"dependencies": []}, REVIEWED)[0] == 2
