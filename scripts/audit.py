"""Known vulnerabilities of the installed, pinned stack (pip-audit, from PyPI), against security/reviewed.yml.

Exit 0: every finding is reviewed. Exit 1: a finding nobody reviewed yet (it is printed). Exit 2: nothing could be
checked, because the vulnerability service (PyPI's JSON API or OSV) cannot be reached from here; an empty report
must never pass for "no known vulnerabilities".
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
AUDIT_VENV = ROOT / ".venv-audit"
PIP_AUDIT = "pip-audit>=2.10,<3"


def pip_audit() -> Path:
    """pip-audit in its own virtualenv, so that its dependencies never touch Rasa's pins."""
    binary = AUDIT_VENV / "bin" / "pip-audit"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(AUDIT_VENV)], check=True)
        subprocess.run([str(AUDIT_VENV / "bin" / "pip"), "install", "--quiet", "--no-warn-script-location", PIP_AUDIT],
                       stderr=subprocess.DEVNULL, check=True)
    return binary


def main() -> int:
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], check=True,
                            capture_output=True, text=True).stdout
    requirements = ROOT / "var" / "audit-requirements.txt"
    requirements.parent.mkdir(exist_ok=True)
    requirements.write_text(frozen)
    run = subprocess.run([str(pip_audit()), "-r", str(requirements), "--no-deps", "--disable-pip", "--format",
                          "json", "--progress-spinner", "off"], capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(f"NOT CHECKED: pip-audit gave no report:\n{run.stderr[-2000:]}")
        return 2
    reviewed = yaml.safe_load((ROOT / "security" / "reviewed.yml").read_text())["reviewed"]
    code, lines = judge(report, reviewed)
    print("\n".join(lines))
    return code


def judge(report: dict, reviewed: list) -> tuple:
    """(exit code, lines to print) for a pip-audit JSON report and the reviewed findings."""
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if not dependencies or len(skipped) == len(dependencies):
        reason = skipped[0]["skip_reason"] if skipped else "no packages"
        return 2, [f"NOT CHECKED: the vulnerability service could not be reached for any of {len(dependencies)} "
                   f"packages ({reason}). Reviewed findings: security/reviewed.yml."]
    known = {vid: entry for entry in reviewed for vid in entry["ids"]}
    lines, new = [], 0
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            entry = next((known[i] for i in ids if i in known), None)
            where = f"{dependency['name']} {dependency['version']}: {', '.join(ids)}"
            if entry:
                lines.append(f"reviewed  {where}\n          exposure: {entry['exposure']}")
            else:
                new += 1
                lines.append(f"NEW       {where}\n          {vuln.get('description', '')[:300]}")
    lines.append(f"{len(dependencies) - len(skipped)} packages checked, {len(skipped)} skipped; "
                 f"{new} unreviewed findings")
    return (1 if new else 0), lines

if __name__ == "__main__":
    sys.exit(main())
