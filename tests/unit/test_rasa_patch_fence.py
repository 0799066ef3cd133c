"""The Rasa patches are fenced: applied once, and never on a Rasa version they were not verified on."""
import logging

import rasa
from rasa.core.actions.action import RemoteAction

from bot.rasa_ext import patches as rasa_patches
from bot.rasa_ext.patches import action_answers


def test_patches_apply_only_on_the_verified_rasa(monkeypatch, caplog):
    monkeypatch.setattr(rasa_patches, "_applied", False)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    before = RemoteAction.__dict__["_validate_action_result"]
    with caplog.at_level(logging.WARNING, logger="bot.rasa_ext.patches"):
        assert rasa_patches.apply() is False
    assert RemoteAction.__dict__["_validate_action_result"] is before  # nothing touched
    assert "3.7.0" in caplog.text and rasa_patches.VERIFIED_RASA in caplog.text


def test_patches_apply_once_on_the_verified_rasa():
    assert rasa.__version__ == rasa_patches.VERIFIED_RASA  # the pinned stack
    assert rasa_patches.apply() is True and rasa_patches.apply() is True
    assert RemoteAction._validate_action_result is action_answers.validate_action_result
