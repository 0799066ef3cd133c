"""The conversation suite (tests/conversations/): multi-turn conversations as our users type, each turn checked,
played over REST against the real Rasa and action servers. Writes results/conversations.json (every failed
check) and fails below the floor in tests/conversations/bar.yml."""
import json
from pathlib import Path

import pytest
import requests
import yaml

from tests.e2e.helpers import new_user
from tools.conversation_suite import TurnOutcome, check_kinds, failures, latest_parse, turn_events

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "tests" / "conversations"


def conversations():
    for path in sorted(SUITE.glob("*.yml")):
        if path.name == "bar.yml":
            continue
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            yield path.stem, conversation


def tracker_events(stack, sender):
    response = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker", timeout=30)
    response.raise_for_status()
    body = response.json()
    return body.get("events") or [], body.get("slots") or {}


def play(stack, conversation):
    sender, seen, results = new_user(), 0, []
    for turn in conversation["turns"]:
        replies = stack.send(sender, turn["user"])
        events, slots = tracker_events(stack, sender)
        outcome = TurnOutcome([r.get("text", "") for r in replies], turn_events(events, seen), slots,
                              latest_parse(events) or {})
        seen = len(events)
        expect = turn.get("expect") or {}
        results.append({"user": turn["user"], "checks": check_kinds(expect), "failed": failures(expect, outcome),
                        "ran": outcome.ran, "reply": outcome.replies})
    return results


def test_conversation_suite(stack):
    report, turns, right, checks, failed_checks = [], 0, 0, 0, 0
    for group, conversation in conversations():
        results = play(stack, conversation)
        for r in results:
            turns += 1
            checks += len(r["checks"])
            failed_checks += len(r["failed"])
            right += not r["failed"]
        report.append({"group": group, "name": conversation["name"], "turns": results})
    bar = yaml.safe_load((SUITE / "bar.yml").read_text(encoding="utf-8"))
    share = right / turns
    out = ROOT / "results" / "conversations.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"turns": turns, "turns_right": right, "share": round(share, 4), "checks": checks,
                               "checks_failed": failed_checks, "conversations": report}, ensure_ascii=False,
                              indent=1), encoding="utf-8")
    print(f"conversation suite: {right}/{turns} turns right ({share:.1%}), {failed_checks}/{checks} checks failed;"
          f" target {bar['target']['turns_right']:.0%}")
    assert turns >= 600
    assert share >= bar["floor"]["turns_right"], f"{share:.3f} below the floor; see {out}"
