"""Web chat: the page (bot/rasa_ext/channels/web_static, no CDN) and its JSON API, served by the Rasa server itself.

    GET  /webhooks/web/                      the chat page
    POST /webhooks/web/webhook               {"sender", "message", "language"?}   typed text (language: page hint)
                                             {"sender", "payload", "title"}        a tapped button
                                             {"sender", "switch_language": "en"}   the language toggle
                                             {"sender", "start": true, "code"?}    first visit (code: ?start=)
                                             -> list of {"text", "buttons"?, "language"}
    GET  /webhooks/web/history?sender=ID     the conversation so far (the page shows it again after a reload)

The sender id is a random id the page keeps in localStorage; it is the only key to a conversation.
Every answer carries the conversation's language (nl/en, the language the assistant answers in): the page's own
texts follow it, whatever the browser's language is.
"""
from __future__ import annotations

import functools
import html
import json
import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.core import messages
from bot.core.language import SUPPORTED
from bot.core.settings import settings
from bot.core.texts import t
from bot.rasa_ext.channels.base import (
    conversation_language,
    guarded_turn,
    json_request,
    load_tracker,
    resolve_button,
    run_turn,
    stored_language,
)
from bot.rasa_ext.channels.guard import MessageGuard, RateLimiter, start_payload

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("web_static")
FILES = {"chat.js": "text/javascript", "chat.css": "text/css", "favicon.svg": "image/svg+xml"}
SENDER = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_BODY = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: https:; style-src 'self'; "
                               "script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def page_languages() -> List[str]:
    """The languages the page offers: those the guide speaks that have a message catalog."""
    return [code for code in messages.languages() if code in SUPPORTED]


@functools.lru_cache(maxsize=1)
def render_page() -> str:
    """index.html with the page's texts: the source language's filled in (the page before its script runs), and
    every language's, with its direction, as JSON for chat.js (so adding a catalog adds a language here)."""
    codes = page_languages()
    source = messages.SOURCE_LANGUAGE
    keys = list(messages.keys("web."))
    data = {"source": source, "dir": {code: messages.direction(code) for code in codes},
            "texts": {code: {key: messages.text(key, code) for key in keys} for code in codes}}
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    buttons = "\n        ".join(
        f'<button type="button" id="lang-{code}" lang="{code}" data-language="{code}" '
        f'aria-pressed="{str(code == source).lower()}">{code.upper()}</button>' for code in codes)
    # "</" never appears in the JSON, so it cannot end the script element early
    values = {"lang": source, "dir": messages.direction(source), "language_buttons": buttons,
              "texts_json": json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
              **{key: html.escape(messages.text(key, source)) for key in keys}}
    return re.sub(r"{{([\w.]+)}}", lambda m: values[m.group(1)], page)


def history_entries(tracker: Any) -> List[Dict[str, Any]]:
    """User and bot turns in order, for the page. A tapped button shows as its title, as the user saw it."""
    entries: List[Dict[str, Any]] = []
    for event in list(getattr(tracker, "events", []) or []):
        data = event.as_dict()
        if data.get("event") == "user":
            shown = (data.get("metadata") or {}).get("shown_text") or data.get("text") or ""
            if shown and not shown.startswith("/"):
                entries.append({"from": "user", "text": shown})
        elif data.get("event") == "bot" and (data.get("text") or (data.get("data") or {}).get("buttons")):
            buttons = [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                       for b in (data.get("data") or {}).get("buttons") or [] if isinstance(b, dict)]
            entries.append({"from": "bot", "text": data.get("text") or "", "buttons": buttons})
    return entries


def bot_messages(collected: List[Dict[str, Any]], language: str) -> List[Dict[str, Any]]:
    out = []
    for message in collected:
        item = {"text": message.get("text") or "", "language": language}
        if message.get("buttons"):
            item["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                               for b in message["buttons"]]
        if message.get("image"):
            item["image"] = message["image"]
        out.append(item)
    return out


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        return cls()

    def __init__(self) -> None:
        self.guard = MessageGuard()
        # One address may hold several conversations (a school network), so the per-address limit is wider.
        self.per_address = RateLimiter(settings().rate_limit_per_minute * 4)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("techconnect_web", __name__)

        @web.route("/", methods=["GET"])
        async def page(request: Request) -> response.HTTPResponse:
            return response.html(render_page(),
                                 headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

        @web.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> response.HTTPResponse:
            if name not in FILES:
                return response.json({"error": "not found"}, status=404)
            return response.raw((STATIC / name).read_bytes(), content_type=FILES[name],
                                headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

        @web.route("/history", methods=["GET"])
        async def history(request: Request) -> response.HTTPResponse:
            sender = request.args.get("sender", "")
            if not SENDER.match(sender):
                return response.json({"error": "sender must be 16-64 letters, digits, - or _"}, status=400)
            tracker = await load_tracker(request.app, sender)
            return response.json({"language": conversation_language(tracker, None) if tracker else None,
                                  "messages": history_entries(tracker) if tracker else []})

        @web.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            body, refusal = json_request(request, MAX_BODY)
            if refusal is not None:
                return refusal
            sender = body.get("sender")
            if not isinstance(sender, str) or not SENDER.match(sender):
                return response.json({"error": "sender must be 16-64 letters, digits, - or _"}, status=400)
            for key in ("message", "payload", "title", "language", "switch_language"):
                if key in body and not isinstance(body[key], str):
                    return response.json({"error": f"{key} must be a string"}, status=400)
            hint = body.get("language") if body.get("language") in page_languages() else None
            tracker = await load_tracker(request.app, sender)
            lang = hint or conversation_language(tracker, None)
            if not self.per_address.allow(request.remote_addr or request.ip or "?"):
                return response.json([{"text": t("slow_down", lang), "language": lang}], status=429)
            metadata: Dict[str, Any] = {"channel": "web"}
            if hint:
                metadata["language"] = hint
            collector = CollectingOutputChannel()

            async def turn(text: str) -> None:
                await run_turn(on_new_message, UserMessage(text, collector, sender, input_channel=self.name(),
                                                           metadata=metadata), request.app,
                               lambda: len(collector.messages), hint)

            switch = body.get("switch_language")
            if switch is not None:
                if switch not in page_languages():
                    return response.json({"error": f"switch_language must be one of {page_languages()}"},
                                         status=400)
                metadata["language"] = switch
                await turn("/switch_language" + json.dumps({"language": switch}))
            elif body.get("start") is True:
                code = body.get("code")
                await turn(start_payload(code.upper() if isinstance(code, str) else None))
            elif body.get("payload"):
                button = resolve_button(tracker, body["payload"], limit=10_000)
                if button is None:
                    return response.json({"error": "unknown button"}, status=400)
                metadata["shown_text"] = (body.get("title") or button.get("title") or "")[:200]
                await turn(button["payload"])
            else:
                refused = await guarded_turn(self.guard, sender, body.get("message", ""), collector, lang, turn)
                if refused is not None:
                    return response.json(bot_messages(collector.messages, lang), status=refused)
            # The turn may have changed the language (the user switched, or the first message decided it).
            language = await stored_language(request.app, sender, lang)
            return response.json(bot_messages(collector.messages, language))

        return web
