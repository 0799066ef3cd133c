"""Topics the guide hears but does not decide (diploma recognition, student finance, bijstand while studying,
taxes, visas...): found by their keywords, answered with a pointer to the body that decides
(data/catalog/outside_topics.yml, every record with its source and the date it was checked)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.core.understanding.entities import CATALOG_DIR, fold

OUTSIDE_FILE = "outside_topics.yml"


@dataclass(frozen=True)
class OutsideTopic:
    key: str
    keywords: Tuple[str, ...]
    body: Dict[str, str]
    answer: Dict[str, str]
    url: Optional[str]
    source: str
    checked: str
    by_municipality: Optional[Dict[str, Dict[str, Dict[str, str]]]] = None

    def for_municipality(self, municipality: Optional[str], lang: str) -> Tuple[str, str]:
        """(body, answer) for someone living in ``municipality``: its own record, else the one for any other
        municipality (which names it), else the general answer."""
        variants = self.by_municipality or {}
        own = variants.get(municipality or "") or (variants.get("other") if municipality else None)
        if own is None:
            return self.body[lang], self.answer[lang]
        return (own["body"][lang].format(municipality=municipality),
                own["answer"][lang].format(municipality=municipality))


def load_topics(path: Path = CATALOG_DIR / OUTSIDE_FILE) -> List[OutsideTopic]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    topics = []
    for record in data.get("topics", []):
        words = [w if w.startswith(REGEX) else fold(w)
                 for lang in ("nl", "en") for w in record["keywords"].get(lang, [])]
        topics.append(OutsideTopic(record["key"], tuple(dict.fromkeys(words)), record["body"], record["answer"],
                                   record.get("url"), record["source"], str(record["checked"]),
                                   record.get("by_municipality")))
    return topics


@lru_cache(maxsize=1)
def default_topics() -> Tuple[OutsideTopic, ...]:
    return tuple(load_topics())


REGEX = "re:"  # a keyword written as a regular expression (a diploma named with a country, in any order)


def _pattern(keywords: Tuple[str, ...]) -> "re.Pattern[str]":
    words = [re.escape(k) for k in sorted(keywords, key=len, reverse=True) if not k.startswith(REGEX)]
    words += [k[len(REGEX):] for k in keywords if k.startswith(REGEX)]
    return re.compile(r"\b(" + "|".join(words) + r")\b")


def keyword_table(topics: Tuple[OutsideTopic, ...]) -> Dict[str, List[str]]:
    """What the NLU component keeps in the model: topic key -> keywords."""
    return {t.key: list(t.keywords) for t in topics}


class OutsideTopicFinder:
    """The first topic (in the catalog's order) whose keyword occurs in a text."""

    # bijstand talk only counts as the study topic when studying is mentioned too
    NEEDS_STUDY = {"bijstand_study"}
    STUDY = re.compile(r"\b(stude\w*|studie|opleiding\w*|cursus\w*|school|leren|study|studying|course|training|"
                       r"omscholen|omscholing|retrain\w*)\b")

    def __init__(self, table: Dict[str, List[str]]) -> None:
        self._patterns = [(key, _pattern(tuple(words))) for key, words in table.items() if words]

    def find(self, text: str) -> Optional[str]:
        folded = fold(text or "")
        for key, pattern in self._patterns:
            if pattern.search(folded) and (key not in self.NEEDS_STUDY or self.STUDY.search(folded)):
                return key
        return None


def topic_by_key(key: str) -> Optional[OutsideTopic]:
    return next((t for t in default_topics() if t.key == key), None)
