"""A typed button title, something close to it, or its number is read as a tap on that button of the bot's last
message (bot/core/understanding/buttons.py); the user's own text is kept in the conversation. Behaviour: people on
WhatsApp and in the terminal type "2" or "ja klopt" instead of tapping (docs/conversations.md)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.core import processor
from rasa.shared.core.events import BotUttered, UserUttered

ORIGINAL = processor.MessageProcessor.parse_message


def last_buttons(tracker: Any) -> List[Dict[Text, Any]]:
    """The buttons of the bot's last turn (the newest message that had any), or []."""
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and (event.data or {}).get("buttons"):
            return event.data["buttons"]
    return []


async def parse_message(self: processor.MessageProcessor, message: Any, tracker: Any = None,
                        only_output_properties: bool = True) -> Dict[Text, Any]:
    from bot.core.understanding.buttons import pick_button

    typed = message.text
    picked = pick_button(typed or "", last_buttons(tracker)) if tracker is not None else None
    if not picked:
        return await ORIGINAL(self, message, tracker, only_output_properties)
    # A payload that is an intent ("/affirm") keeps the user's own text; a payload that is an answer in words
    # ("nee", "bijstand": the fund check's buttons) is what the forms read, as if the button had been tapped.
    keeps_typed = picked.startswith("/")
    message.text = picked
    try:
        parse_data = await ORIGINAL(self, message, tracker, only_output_properties)
    finally:
        if keeps_typed:
            message.text = typed
    if keeps_typed:
        parse_data["text"] = typed
    return parse_data


def apply() -> None:
    processor.MessageProcessor.parse_message = parse_message
