"""Rasa's REST channel with the checks it lacks: the body must be a JSON object with a string ``sender`` and
``message`` (Rasa's own answers 500 on a list body and files anonymous messages under one shared "default"
conversation), message size and rate limits, and an apology instead of silence when a turn fails.
Same URL and answer format as Rasa's: POST /webhooks/rest/webhook -> [{"recipient_id", "text", ...}]."""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.core.language import normalise_language
from bot.rasa_ext.channels.base import guarded_turn, json_request, run_turn
from bot.rasa_ext.channels.guard import INVISIBLE, MessageGuard

SENDER = re.compile(r"^[^\x00-\x1f]{1,128}$")
MAX_BODY = 64 * 1024


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.guard = MessageGuard()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("techconnect_rest", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            body, refusal = json_request(request, MAX_BODY)
            if refusal is not None:
                return refusal
            sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
            if not isinstance(sender, str) or not SENDER.match(sender):
                return response.json({"error": "sender must be a string of 1-128 characters"}, status=400)
            if not isinstance(text, str):
                return response.json({"error": "message must be a string"}, status=400)
            if metadata is not None and not isinstance(metadata, dict):
                return response.json({"error": "metadata must be an object"}, status=400)
            collector = CollectingOutputChannel()

            async def turn(cleaned: str) -> None:
                # Buttons send payloads ("/intent{...}"); REST clients (rasa shell, integrations) may do the same.
                message = INVISIBLE.sub("", text).strip()
                if cleaned.startswith("/start") and not message.startswith("/"):
                    message = cleaned  # "start CODE" typed by a referred student
                await run_turn(on_new_message, UserMessage(message, collector, sender, input_channel=self.name(),
                                                           metadata=metadata), request.app,
                               lambda: len(collector.messages),
                               (metadata or {}).get("language") or (metadata or {}).get("language_code"))

            # a refusal is said in the request's language: a refused message costs no tracker store read
            refused = await guarded_turn(self.guard, sender, text, collector,
                                         normalise_language((metadata or {}).get("language")), turn)
            return response.json(collector.messages, status=refused or 200)

        return hook
