"""Find catalog entities (job profiles, education levels, places, roles, languages) in free chat text.

The lexicon comes from ``data/catalog/`` (each record's synonyms), so adding a synonym to the catalog is all it
takes for the bot to understand it. Matching is done on normalised tokens (lowercase, no accents, hyphens and
apostrophes split) and on their spaCy lookup lemmas ("programmeurs" -> "programmeur", "opleidingen" ->
"opleiding"), longest phrase first, with a small edit-distance allowance for typos in longer words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from bot.core.paths import CATALOG_DIR

MAX_PHRASE_TOKENS = 6

_TOKEN = re.compile(r"[a-z0-9]+")
_MBO_LEVEL = re.compile(r"\bmbo(?:[\s-]*(?:niveau|level|lvl|nivo))?[\s-]*([1-4])\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entity:
    entity: str
    value: str
    start: int
    end: int
    text: str

    def as_rasa(self, extractor: str) -> dict:
        return {"entity": self.entity, "value": self.value, "start": self.start, "end": self.end,
                "confidence_entity": 1.0, "extractor": extractor}


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Café' -> 'cafe'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


JOINING_WORDS = frozenset({"en", "of", "and", "or", "in", "op", "on", "at", "te", "de", "het", "een", "a", "an",
                           "the"})


def tokenize(text: str) -> List[Tuple[str, int, int]]:
    """Normalised tokens with their character spans in ``text``; 'mbo-4' -> 'mbo', '4'."""
    folded = fold(text)
    # fold() keeps the length for almost every character; map spans back conservatively when it does not.
    same_length = len(folded) == len(text)
    out = []
    for m in _TOKEN.finditer(folded):
        start, end = (m.start(), m.end()) if same_length else (0, len(text))
        out.append((m.group(), start, end))
    return out


def words_of(text: str) -> List[str]:
    """Normalised word tokens of ``text``."""
    return [t for t, _s, _e in tokenize(text)]


def phrase_key(phrase: str) -> Tuple[str, ...]:
    return tuple(t for t, _s, _e in tokenize(phrase))


@lru_cache(maxsize=2)
def _lemmatizers():
    """spaCy blank pipelines with the lookup lemmatizer (spacy-lookups-data), one per language."""
    import logging

    import spacy

    logging.getLogger("spacy").setLevel(logging.WARNING)
    pipes = {}
    for lang in ("nl", "en"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        pipes[lang] = nlp
    return pipes


@lru_cache(maxsize=50_000)
def lemmas(token: str) -> Tuple[str, ...]:
    """Lookup lemmas of one token in Dutch and English (may be the token itself)."""
    found = []
    for nlp in _lemmatizers().values():
        lemma = fold(nlp(token)[0].lemma_ or token)
        if lemma and lemma != token and lemma not in found:
            found.append(lemma)
    return tuple(found)


@lru_cache(maxsize=1)
def _dictionary_lemmas() -> frozenset:
    words = set()
    for nlp in _lemmatizers().values():
        words.update(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup").values())
    return frozenset(words)


@lru_cache(maxsize=50_000)
def is_dictionary_word(token: str) -> bool:
    """True when spaCy's lookup tables know the word (as a form or a lemma): then it is not a typo
    ("teksten" is not "testen", "programme" is not "programmer")."""
    for nlp in _lemmatizers().values():
        if token in nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"):
            return True
    return token in _dictionary_lemmas()


def _one_edit_away(a: str, b: str) -> bool:
    """Typo tolerance: Levenshtein distance 1, only for words of 6+ letters with the same first letter."""
    if min(len(a), len(b)) < 6 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


class EntityMatcher:
    """Longest-match phrase matcher over a lexicon {entity: {value: [phrases]}}."""

    def __init__(self, lexicon: Dict[str, Dict[str, Iterable[str]]], use_lemmas: bool = True):
        self.use_lemmas = use_lemmas
        self.phrases: Dict[Tuple[str, ...], Tuple[str, str]] = {}
        self.single_words: Dict[str, Tuple[str, str]] = {}
        for entity, values in lexicon.items():
            for value, phrases in values.items():
                # "data_analyst" also matches "data analyst"; short codes like "en" or "none" are not phrases.
                extra = [str(value).replace("_", " ")] if "_" in str(value) or entity == "job_profile" else []
                for phrase in list(phrases) + extra:
                    key = phrase_key(str(phrase))
                    if not key or key in self.phrases:
                        continue
                    self.phrases[key] = (entity, str(value))
                    if len(key) == 1:
                        self.single_words[key[0]] = (entity, str(value))
        self.max_len = min(MAX_PHRASE_TOKENS, max((len(k) for k in self.phrases), default=1))

    def _variants(self, token: str) -> Tuple[str, ...]:
        return (token,) + (lemmas(token) if self.use_lemmas and token.isalpha() else ())

    def _lookup(self, tokens: List[str]) -> Optional[Tuple[str, str]]:
        key = tuple(tokens)
        if key in self.phrases:
            return self.phrases[key]
        # Lemmatise the last word only: "data analisten" -> "data analist", "programmeurs" -> "programmeur".
        for variant in self._variants(tokens[-1])[1:]:
            hit = self.phrases.get(key[:-1] + (variant,))
            if hit:
                return hit
        # Joined compounds: "data analist" typed as "dataanalist" is in the lexicon; "system beheerder" too.
        # Never across a joining word: "een vrouw en 2 kinderen" is no "vrouwen".
        if len(tokens) > 1 and not JOINING_WORDS.intersection(tokens[1:]):
            hit = self.phrases.get(("".join(tokens),))
            if hit:
                return hit
        if len(tokens) == 1 and len(tokens[0]) >= 6 and not is_dictionary_word(tokens[0]):
            for word, hit in self.single_words.items():
                if _one_edit_away(tokens[0], word):
                    return hit
        return None

    def find(self, text: str) -> List[Entity]:
        toks = tokenize(text)
        words = [t for t, _s, _e in toks]
        found: List[Entity] = []
        i = 0
        while i < len(toks):
            for n in range(min(self.max_len, len(toks) - i), 0, -1):
                hit = self._lookup(words[i:i + n])
                if hit:
                    start, end = toks[i][1], toks[i + n - 1][2]
                    found.append(Entity(hit[0], hit[1], start, end, text[start:end]))
                    i += n
                    break
            else:
                i += 1
        return found


def mbo_level(text: str) -> Optional[str]:
    """'mbo-4', 'mbo niveau 2', 'MBO 3' -> '4' / '2' / '3'."""
    m = _MBO_LEVEL.search(fold(text))
    return m.group(1) if m else None


def load_lexicon(catalog_dir: Path = CATALOG_DIR) -> Dict[str, Dict[str, List[str]]]:
    """Build the entity lexicon from the catalog seed files."""
    def read(name: str) -> dict:
        return yaml.safe_load((Path(catalog_dir) / name).read_text(encoding="utf-8"))

    lexicon: Dict[str, Dict[str, List[str]]] = {}
    for entity, fname, key in (("job_profile", "job_profiles.yml", "job_profiles"),
                               ("education_level", "education_levels.yml", "education_levels")):
        lexicon[entity] = {
            r["id"]: list(r.get("synonyms", {}).get("nl", [])) + list(r.get("synonyms", {}).get("en", []))
            + [r["name"]["nl"], r["name"]["en"]]
            for r in read(fname)[key]
        }
    lexicon["location"] = {r["id"]: list(r.get("synonyms", [])) for r in read("locations.yml")["locations"]}
    extra = read("lexicon.yml")
    for entity in ("role", "language", "schedule", "cost", "target_group", "course_language"):
        lexicon[entity] = {k: [str(p) for p in v] for k, v in extra.get(entity, {}).items()}
    providers_file = Path(catalog_dir) / "providers.yml"
    if providers_file.exists():
        lexicon["provider"] = {
            r["id"]: [r["name"].lower(), r["id"].replace("_", " ")] + [str(s) for s in r.get("synonyms", [])]
            for r in read("providers.yml")["providers"]
        }
    return lexicon


@lru_cache(maxsize=1)
def default_matcher() -> EntityMatcher:
    return EntityMatcher(load_lexicon())
