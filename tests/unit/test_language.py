import pytest

from bot.core.language import decide_language, normalise_language, prior_from_code, requested_language


@pytest.mark.parametrize("text, expected", [
    ("wat doet een data analist?", "nl"),
    ("ik heb alleen vmbo, kan ik dat worden?", "nl"),
    ("what jobs are there in tech?", "en"),
    ("how much does a developer earn", "en"),
    ("hoeveel verdient een programmeur", "nl"),
    ("hoi", "nl"),
    ("hello", "en"),
    ("hi there", "en"),
    ("goedemorgen", "nl"),
    ("i have no diploma", "en"),
    ("ik heb geen diploma", "nl"),
])
def test_first_message_sets_language_from_text(text, expected):
    decision = decide_language(text, current=None)
    assert decision.language == expected
    assert decision.changed


@pytest.mark.parametrize("short_turn", ["ok", "ja", "top", "thx", "hoi", "yes", "oke", "👍", "nee", "cool", "top!!"])
@pytest.mark.parametrize("current", ["nl", "en"])
def test_short_turns_never_flip_the_language(short_turn, current):
    decision = decide_language(short_turn, current=current)
    assert decision.language == current
    assert not decision.changed


def test_code_switching_keeps_dutch():
    decision = decide_language("ik wil data analyst worden maar my english is bad", current="nl")
    assert decision.language == "nl"


def test_clear_english_sentence_flips_a_dutch_conversation():
    decision = decide_language("sorry i don't speak dutch, can you tell me what a tester does?", current="nl")
    assert decision.language == "en"
    assert decision.changed


@pytest.mark.parametrize("text, current, expected", [
    ("can we talk in english?", "nl", "en"),
    ("kan het in het nederlands?", "en", "nl"),
    ("kan het in het engels", "nl", "en"),
    ("dutch please", "en", "nl"),
    ("andere taal aub", "nl", "en"),
])
def test_explicit_request_always_switches(text, current, expected):
    decision = decide_language(text, current=current, intent="switch_language")
    assert decision.language == expected
    assert decision.reason == "explicit"


def test_language_words_outside_a_switch_request_do_not_switch():
    # "my English is bad" is about skills, not a request to change language.
    decision = decide_language("mijn engels is slecht", current="nl", intent="ask_requirements")
    assert decision.language == "nl"


def test_channel_prior_only_applies_when_text_says_nothing():
    assert decide_language("👍", current=None, prior="en-GB").language == "en"
    assert decide_language("👍", current=None, prior="en").reason == "prior"
    assert decide_language("wat kost een cursus?", current=None, prior="en").language == "nl"
    assert decide_language("ok", current="nl", prior="en").language == "nl"


def test_button_payloads_never_decide_the_language():
    decision = decide_language('/ask_job_profile{"job_profile":"software_developer"}', current="nl")
    assert decision.language == "nl"
    assert decide_language("/list_job_profiles", current=None).reason == "default"


def test_normalise_and_prior_codes():
    assert normalise_language("EN") == "en"
    assert normalise_language("nl_BE") == "nl"
    assert normalise_language(None) == "nl"
    assert normalise_language("tr") == "nl"
    assert prior_from_code("tr") is None
    assert prior_from_code("en-US") == "en"
    assert requested_language("in het Engels graag") == "en"


@pytest.mark.parametrize("value, code", [
    ("nl", "nl"), ("en", "en"), ("NL", "nl"), (" en ", "en"), ("nl-NL", "nl"), ("en_GB", "en"), ("EN-us", "en"),
    (None, None), ("", None), (0, None), ("tr", None), ("english", None), ("Nederlands", None), (5, None),
])
def test_one_normalisation_for_every_language_value(value, code):
    """The one place outside language values become nl/en; the default says what anything else becomes."""
    assert normalise_language(value) == (code or "nl")
    assert normalise_language(value, default=None) == code == prior_from_code(value)
    assert normalise_language(value, default="en") == (code or "en")


@pytest.mark.parametrize("text, expected", [
    # No word from either vocabulary decides these; lingua, compared between Dutch and English only, does.
    ("gimme cloud stuff", "en"),
    ("sounds great man", "en"),
    ("gezellig hoor joh", "nl"),
])
def test_first_message_without_clear_vocabulary_uses_the_pairwise_guess(text, expected):
    from bot.core.language import vocabulary_scores, words

    assert vocabulary_scores(words(text)) == (0, 0)
    assert decide_language(text, current=None).language == expected



def _text_language_asking_lingua_always(text):
    """bot.core.language.text_language as it was before it skipped lingua on a clear vocabulary lead: the reference."""
    from bot.core.language import SUPPORTED, lingua_guess, pairwise_guess, vocabulary_scores, words

    tokens = words(text)
    if not tokens:
        return None, None
    nl, en = vocabulary_scores(tokens)
    guess, confidence = lingua_guess(text) if len(tokens) >= 2 else (None, 0.0)
    if guess and guess not in SUPPORTED and confidence >= 0.6 and nl + en == 0 and len(tokens) >= 3:
        return None, guess
    if nl > en and not (guess == "en" and confidence >= 0.9 and nl - en < 2):
        return "nl", None
    if en > nl and not (guess == "nl" and confidence >= 0.9 and en - nl < 2):
        return "en", None
    if guess in SUPPORTED and confidence >= 0.5:
        return guess, None
    return pairwise_guess(text) if len(tokens) >= 3 else None, None


def test_skipping_lingua_on_a_clear_vocabulary_lead_changes_no_decision(monkeypatch):
    """Every training and held-out message, the bench conversations and messages in languages we don't speak:
    the same (language, unsupported) as when lingua was always asked, and lingua is skipped on most of them."""
    from pathlib import Path

    import yaml
    from rasa.shared.nlu.training_data.loading import load_data

    from bench.load import DEFAULT_CONVERSATIONS, OUR_CONVERSATIONS
    from bot.core import language

    root = Path(__file__).resolve().parents[2]
    texts = []
    for lang in ("nl", "en"):
        texts += [m.get("text") for m in load_data(str(root / "data" / "nlu" / lang)).intent_examples]
        held_out = yaml.safe_load((root / "tests" / "nlu" / f"{lang}.yml").read_text(encoding="utf-8"))
        texts += [line.strip()[2:] for block in held_out["nlu"] for line in block["examples"].splitlines()
                  if line.strip().startswith("- ")]
    texts += [t for conversation in OUR_CONVERSATIONS + DEFAULT_CONVERSATIONS for t in conversation]
    texts += ["Merhaba, yazılım öğrenmek istiyorum", "أريد أن أتعلم البرمجة", "Chcę zostać programistą w Holandii",
              "Ich möchte Programmierer werden", "", "   ", "123 456", "ok", "data analist"]
    assert len(texts) > 5000
    expected = [_text_language_asking_lingua_always(t) for t in texts]
    asked = []
    real_guess = language.lingua_guess
    monkeypatch.setattr(language, "lingua_guess", lambda text: asked.append(text) or real_guess(text))
    differ = [(t, e) for t, e in zip(texts, expected) if language.text_language(t) != e]
    assert differ == []
    assert len(asked) < len(texts) / 2  # lingua was asked about fewer than half of the messages


@pytest.mark.parametrize("text, language", [
    ("Hilversum. Maar het mag niet te lang duren en in het Nederlands graag, mijn Engels is niet zo goed", "nl"),
    ("in het engels en graag snel", "en"),
    ("EN please", "en"),
])
def test_the_dutch_and_is_not_a_request_for_english(text, language):
    assert requested_language(text) == language
