"""The cached action-answer check accepts and rejects exactly what Rasa's own check does."""
import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches

GOOD = [{"events": [], "responses": []},
        {"events": [{"event": "slot", "name": "language", "value": "nl"}], "responses": [{"response": "utter_greet"}]}]
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"events": [{"event": "slot", "timestamp": "x"}]}]


@pytest.mark.parametrize("result", GOOD)
def test_accepts_valid_answers(result):
    validate(result, RemoteAction.action_response_format_spec())  # Rasa's check agrees
    assert rasa_patches._validate_action_result(None, result)


@pytest.mark.parametrize("result", BAD)
def test_rejects_invalid_answers_like_rasa(result):
    with pytest.raises(ValidationError) as original:
        validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as ours:
        rasa_patches._validate_action_result(None, result)
    assert ours.value.message.startswith(original.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_loading_our_channels_applies_the_patch():
    import bot.channels  # noqa: F401  (what Rasa does when it reads credentials.yml)

    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("name", ["user", "bot", "slot", "action", "active_loop", "session_started", "restart"])
def test_event_types_resolve_like_rasa(name):
    from rasa.shared.core.events import Event

    rasa_patches.apply()
    assert rasa_patches._resolve_by_type(name) is rasa_patches._ORIGINAL_RESOLVE(name)
    assert Event.resolve_by_type(name).type_name == name


def test_unknown_event_types_still_fail_or_default():
    from rasa.shared.core.events import UserUttered

    assert rasa_patches._resolve_by_type("topic") is None
    assert rasa_patches._resolve_by_type("nope", UserUttered) is UserUttered
    with pytest.raises(ValueError):
        rasa_patches._resolve_by_type("nope")
