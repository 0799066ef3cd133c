import pytest

from bot.language import decide_language, normalise_language, prior_from_code, requested_language


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


@pytest.mark.parametrize("text, expected", [
    # No word from either vocabulary decides these; lingua, compared between Dutch and English only, does.
    ("gimme cloud stuff", "en"),
    ("sounds great man", "en"),
    ("gezellig hoor joh", "nl"),
])
def test_first_message_without_clear_vocabulary_uses_the_pairwise_guess(text, expected):
    from bot.language import vocabulary_scores, words

    assert vocabulary_scores(words(text)) == (0, 0)
    assert decide_language(text, current=None).language == expected

