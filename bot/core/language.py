"""Which language (nl/en) the conversation is in.

The decision combines four signals and keeps the language sticky:

1. an explicit request ("can we talk in English?", "kan het in het Nederlands?") always switches;
2. in-domain vocabulary: common function words and the words our users type, per language;
3. ``lingua`` on the whole message, only trusted on messages of several words;
4. a channel prior (Telegram's ``language_code``) used only until the conversation has a language.

Short turns ("ok", "ja", "top", "thx", "hoi") never flip a language that is already set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

SUPPORTED = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# Words that say which language a message is in. Words that are the same in both ("is", "data", "ok", "top")
# are left out on purpose.
NL_WORDS = frozenset("""
ik je jij jou jouw u uw mij me mijn wij we ons onze hij zij ze hun het de een en of maar want dus als dan
wat wie waar hoe hoeveel waarom welke welk wanneer kan kun kunt kunnen wil wilt willen moet moeten ben bent
zijn heb hebt heeft hebben word wordt worden doe doet doen ga gaat gaan kom komt mag niet geen wel ook nog al
heel erg goed slecht veel weinig meer iets niets alles met voor van naar bij uit over zonder tot om door
dat die dit deze daar hier er zo toch even ff graag alsjeblieft aub bedankt dankje dankjewel dank hoi hallo
doei dag goedemorgen goedemiddag goedenavond ja nee nou hè oke prima klopt zeker natuurlijk misschien mss
weet weten snap begrijp opleiding opleidingen cursus cursussen baan banen werk werken verdien verdient
verdienen salaris kosten kost betalen geld uitkering bijstand diploma's school leren studeren wiskunde rekenen
engels nederlands oud jong moeder vader ouders zoon dochter kind kinderen buurt woon wonen gratis avond
beroep beroepen vak talen spreek praten praat kunnen zou zouden wollah fissa mattie
hulp nodig zeg zegt vind vindt denk denkt kijk kijken effe eens weer jullie zelf waarom omdat terwijl tussen
bijna altijd nooit soms vaak echt beetje lekker andere welke hoelang duurt dingen iemand
""".split())

EN_WORDS = frozenset("""
i you your yours me my mine we us our he she they them their the a an and or but so if then what who where
how much many why which when can could would should will want wanna gonna need must am are was were have has
had do does did doing go going come not no yes yeah yep nope don't dont can't cant i'm im it's its also still
very good bad more something nothing everything with for from to at about without until by that this these
those there here please pls plz thanks thank thx ty hello hi hey bye goodbye morning afternoon evening sure
maybe know understand course courses job jobs work working earn earns salary cost costs pay money benefit
benefits school learn study math maths english dutch old young mother mom mum father dad parents son
daughter child kids children near free evening speak talk language languages bro fr ngl idk tbh lol
r ur yo nah okay let's lets i'll i'd i've that's what's there's isn't doesn't didn't won't got get
any some show tell out up like off just really think people women men things anything someone again still
of over let example examples story stories why because while between almost always never sometimes often
little new other which long takes
""".split())

# Explicit names of languages a user may ask for.
LANGUAGE_NAMES = {
    "english": "en", "engels": "en", "inglés": "en", "ingles": "en", "en": "en", "eng": "en",
    "dutch": "nl", "nederlands": "nl", "nl": "nl", "hollands": "nl", "nederlandse": "nl", "ned": "nl",
}

CODES_ONLY = ("en", "nl", "eng", "ned")

# Languages we recognise but don't speak yet: they get a short bilingual answer.
UNSUPPORTED_NAMES = ("tr", "ar", "pl", "de", "fr", "es", "pt", "so")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

# Messages shorter than this (in words) are never allowed to flip an established language.
MIN_WORDS_TO_FLIP = 3


@dataclass(frozen=True)
class LanguageDecision:
    language: str          # "nl" or "en": the language to answer in
    changed: bool          # True when this turn changed the conversation's language
    reason: str            # "explicit" | "text" | "prior" | "sticky" | "default"
    unsupported: Optional[str] = None  # ISO code when the message is in a language we don't speak


def normalise_language(value: object, default: Optional[str] = DEFAULT_LANGUAGE) -> Optional[str]:
    """The supported code ('nl'/'en') that ``value`` names ('EN', 'en-GB', 'nl_BE'); ``default`` for anything
    else (None, '', 'tr'). Every place that turns an outside language value into nl/en goes through here."""
    code = str(value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED else default


def prior_from_code(code: object) -> Optional[str]:
    """A channel's language code (Telegram ``language_code``) as a prior, or None if it is not nl/en."""
    return normalise_language(code, default=None)


def channel_prior(*metadata_dicts: object) -> Optional[str]:
    """The first language hint found in message or session metadata (Telegram's language_code, the web toggle)."""
    for metadata in metadata_dicts:
        if isinstance(metadata, dict):
            prior = prior_from_code(metadata.get("language") or metadata.get("language_code"))
            if prior:
                return prior
    return None


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def requested_language(text: str) -> Optional[str]:
    """The language a switch request names ("in het Engels graag" -> "en"), or None. A bare code counts only in
    a short message ("EN please"): in a sentence "en" is the Dutch "and"."""
    tokens = words(text)
    named = [LANGUAGE_NAMES[w] for w in tokens if w in LANGUAGE_NAMES and (w not in CODES_ONLY or len(tokens) <= 3)]
    return named[0] if named else None


def vocabulary_scores(tokens: list[str]) -> tuple[int, int]:
    return sum(t in NL_WORDS for t in tokens), sum(t in EN_WORDS for t in tokens)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.DUTCH, Language.ENGLISH, Language.TURKISH, Language.ARABIC, Language.POLISH,
        Language.GERMAN, Language.FRENCH, Language.SPANISH, Language.PORTUGUESE, Language.SOMALI,
    ]
    # All models are loaded up front (about 1 s, while the Rasa server loads its model: ``preload``). Loaded
    # lazily, the first messages of a fresh server each waited several ms, and lingua holds the GIL meanwhile.
    return (LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.1)
            .with_preloaded_language_models().build())


def preload() -> None:
    """Load lingua's language models now rather than during the first conversations."""
    _detector()


def lingua_guess(text: str) -> tuple[Optional[str], float]:
    """(iso code, confidence) from lingua, or (None, 0.0) when it can't tell."""
    detector = _detector()
    values = detector.compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


# A vocabulary lead of this many words decides the language of a message on its own.
VOCABULARY_DECIDES = 2


def text_language(text: str) -> tuple[Optional[str], Optional[str]]:
    """(nl/en or None, unsupported iso code or None) judged from the text alone."""
    tokens = words(text)
    if not tokens:
        return None, None
    nl, en = vocabulary_scores(tokens)
    if abs(nl - en) >= VOCABULARY_DECIDES:
        # lingua could not change this answer (each condition below that reads it needs a smaller gap), so it is
        # not asked: about 0.4 ms per message, on most messages.
        return ("nl" if nl > en else "en"), None
    guess, confidence = lingua_guess(text) if len(tokens) >= 2 else (None, 0.0)
    if guess and guess not in SUPPORTED and confidence >= 0.6 and nl + en == 0 and len(tokens) >= 3:
        return None, guess
    if nl > en and not (guess == "en" and confidence >= 0.9 and nl - en < VOCABULARY_DECIDES):
        return "nl", None
    if en > nl and not (guess == "nl" and confidence >= 0.9 and en - nl < VOCABULARY_DECIDES):
        return "en", None
    if guess in SUPPORTED and confidence >= 0.5:
        return guess, None
    return pairwise_guess(text) if len(tokens) >= 3 else None, None


# When the vocabulary is tied and lingua is unsure among all its languages, compare only Dutch with English:
# one must be clearly (this many times) more likely than the other, and not negligible itself.
PAIRWISE_RATIO = 1.5
PAIRWISE_MINIMUM = 0.15


def pairwise_guess(text: str) -> Optional[str]:
    """nl or en when lingua clearly prefers one of the two for this text, else None."""
    values = {v.language.iso_code_639_1.name.lower(): float(v.value)
              for v in _detector().compute_language_confidence_values(text)}
    nl, en = values.get("nl", 0.0), values.get("en", 0.0)
    if en >= PAIRWISE_MINIMUM and en >= PAIRWISE_RATIO * nl:
        return "en"
    if nl >= PAIRWISE_MINIMUM and nl >= PAIRWISE_RATIO * en:
        return "nl"
    return None


def decide_language(
    text: str,
    current: Optional[str],
    intent: Optional[str] = None,
    prior: Optional[str] = None,
) -> LanguageDecision:
    """Decide the language for this turn given the conversation's ``current`` language (None at the start)."""
    current = current if current in SUPPORTED else None
    if (text or "").lstrip().startswith("/"):
        # A button payload ("/ask_job_profile{...}") says nothing about the language.
        text = ""
    if intent == "switch_language":
        target = requested_language(text)
        if target is None:  # "can we switch language?" -> the other one
            target = "en" if (current or DEFAULT_LANGUAGE) == "nl" else "nl"
        return LanguageDecision(target, target != current, "explicit")

    detected, unsupported = text_language(text)
    if current is None:
        if detected:
            return LanguageDecision(detected, True, "text", unsupported)
        if prior_from_code(prior):
            return LanguageDecision(prior_from_code(prior), True, "prior", unsupported)
        return LanguageDecision(DEFAULT_LANGUAGE, True, "default", unsupported)

    if detected and detected != current and len(words(text)) >= MIN_WORDS_TO_FLIP:
        nl, en = vocabulary_scores(words(text))
        other, mine = (nl, en) if detected == "nl" else (en, nl)
        # Code-switching ("ik wil data analyst worden maar my english is bad") keeps the current language:
        # flip only when the other language clearly dominates the message.
        if other >= 2 and other >= 2 * mine:
            return LanguageDecision(detected, True, "text", unsupported)
    return LanguageDecision(current, False, "sticky", unsupported)
