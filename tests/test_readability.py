"""Dutch texts stay at B1 level, measured with Flesch-Douma (textstat, language nl).

Threshold: every Dutch response scores at least 60 and the mean at least 70. Flesch-Douma 60-70 reads as
"fairly easy" (roughly B1); most official Dutch texts score 30-50 (C1). A chat message is short, so a single
hard word weighs a lot: 60 per text leaves room for words like "opleiding" while the mean keeps the whole
conversation easy. The same bar applies to the Dutch catalog texts the bot shows.
"""
import re
from pathlib import Path

import pytest
import textstat
import yaml

ROOT = Path(__file__).resolve().parents[1]
MIN_SCORE = 60.0
MIN_MEAN = 70.0
PLACEHOLDER = re.compile(r"{\w+}")

textstat.set_lang("nl")


def score(text: str) -> float:
    clean = PLACEHOLDER.sub("", text).replace("\n- ", ". ").replace("\n", " ")
    return textstat.flesch_reading_ease(clean)


def dutch_responses():
    """The Dutch texts of the domain's responses (message catalog, bot/core/messages.py)."""
    from bot.core import messages

    for key, text in messages.catalog("nl").items():
        words = PLACEHOLDER.sub("", text).strip(" :\n").split()
        if key.startswith("utter_") and ".button." not in key and len(words) >= 4:
            yield key, text


def dutch_catalog_texts():
    catalog = ROOT / "data" / "catalog"
    for record in yaml.safe_load((catalog / "job_profiles.yml").read_text(encoding="utf-8"))["job_profiles"]:
        for field in ("summary", "day", "math_level"):
            yield f"job_profiles.{record['id']}.{field}", record[field]["nl"]
    for record in yaml.safe_load((catalog / "education_levels.yml").read_text(encoding="utf-8"))["education_levels"]:
        yield f"education_levels.{record['id']}.description", record["description"]["nl"]
    routes = yaml.safe_load((catalog / "routes.yml").read_text(encoding="utf-8"))
    for record in routes["route_types"]:
        yield f"route_types.{record['id']}.description", record["description"]["nl"]
    for profile, cells in routes["matrix"].items():
        for level, cell in cells.items():
            if cell.get("note"):
                yield f"matrix.{profile}.{level}.note", cell["note"]["nl"]


def dutch_code_texts():
    from bot.core.texts import TEXTS

    for key, value in TEXTS.items():
        if len(value["nl"].split()) >= 6:
            yield f"texts.{key}", value["nl"]


RESPONSES = list(dutch_responses()) + list(dutch_code_texts())
CATALOG = list(dutch_catalog_texts())


@pytest.mark.parametrize("name, text", RESPONSES, ids=[n for n, _ in RESPONSES])
def test_dutch_response_is_b1(name, text):
    assert score(text) >= MIN_SCORE, f"{name} scores {score(text):.0f}: {text}"


@pytest.mark.parametrize("name, text", CATALOG, ids=[n for n, _ in CATALOG])
def test_dutch_catalog_text_is_b1(name, text):
    assert score(text) >= MIN_SCORE, f"{name} scores {score(text):.0f}: {text}"


def test_mean_readability():
    scores = [score(t) for _n, t in RESPONSES + CATALOG]
    assert sum(scores) / len(scores) >= MIN_MEAN


def test_the_measure_tells_easy_from_hard():
    easy = "Je kunt dit leren. Het is niet moeilijk. Wij helpen je."
    hard = ("Overeenkomstig de toepasselijke bekostigingsvoorwaarden dient de aanvrager voorafgaand aan "
            "inschrijving zorg te dragen voor adequate documentatie van vooropleidingskwalificaties.")
    assert score(easy) >= MIN_SCORE > score(hard)
