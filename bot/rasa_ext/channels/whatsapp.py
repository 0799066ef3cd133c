"""WhatsApp channel on the Meta Cloud API (plain HTTP): webhook verification, signed webhooks in, Graph API out.

Configuration (environment, or the same keys in credentials.yml): WHATSAPP_TOKEN, WHATSAPP_APP_SECRET (checks
X-Hub-Signature-256 on every POST), WHATSAPP_VERIFY_TOKEN (GET verification), WHATSAPP_PHONE_NUMBER_ID,
WHATSAPP_API_BASE_URL (default https://graph.facebook.com/v21.0; tests use a local fake). Off (404) until all
four secrets/ids are set.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.core.settings import settings
from bot.core.texts import t
from bot.rasa_ext.channels.base import (
    BackgroundTasks,
    RetryingSender,
    button_key,
    conversation_language,
    guarded_turn,
    load_tracker,
    not_configured,
    numbered_choice,
    resolve_button,
    run_turn,
    split_text,
    webhook_blueprint,
)
from bot.rasa_ext.channels.guard import MessageGuard, SeenIds, clean_user_text, json_object
from bot.rasa_ext.channels.whatsapp_updates import (
    CHOICE,
    IGNORE,
    TEXT_ONLY,
    Identities,
    Incoming,
    classify,
    incoming_messages,
)

logger = logging.getLogger(__name__)

DEFAULT_API = "https://graph.facebook.com/v21.0"
MAX_TEXT = 4096
MAX_BODY_TEXT = 1024  # body of an interactive message
MAX_BODY = 512 * 1024
ID_LIMIT = 200  # reply ids may be 256 characters; list row ids 200
CHOOSE = "Kies / Choose"  # the list button label; WhatsApp shows it under the text (max 20 characters)


class WhatsAppApiError(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"Graph API answered {status}: {body[:200]}")
        self.status = status


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, WhatsAppApiError):
        return exc.status == 429 or exc.status >= 500
    return isinstance(exc, (httpx.TransportError, OSError))


def shorten(title: str, limit: int) -> str:
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def interactive_for(text: str, buttons: List[Dict[str, Any]]) -> Tuple[Optional[str], Dict[str, Any]]:
    """The WhatsApp message for a text with buttons: reply buttons (<=3, titles <=20), a list (<=10 rows,
    titles <=24, the full title as row description when shortened), else numbered text options.

    Returns (text to send first when the body is too long for an interactive message, message object).
    """
    buttons = [b for b in buttons if b.get("payload")]
    titles = [" ".join(str(b.get("title", "")).split()) for b in buttons]
    fits_ids = all(len(button_key(b["payload"], ID_LIMIT)) <= ID_LIMIT for b in buttons)
    lead, body = (None, text) if len(text) <= MAX_BODY_TEXT else (text, "👇")
    if buttons and fits_ids and len(buttons) <= 3 and all(0 < len(x) <= 20 for x in titles):
        return lead, {"type": "interactive", "interactive": {
            "type": "button", "body": {"text": body},
            "action": {"buttons": [{"type": "reply", "reply": {"id": button_key(b["payload"], ID_LIMIT), "title": x}}
                                   for b, x in zip(buttons, titles)]}}}
    if buttons and fits_ids and len(buttons) <= 10 and all(titles):
        rows = []
        for b, x in zip(buttons, titles):
            row = {"id": button_key(b["payload"], ID_LIMIT), "title": shorten(x, 24)}
            if row["title"] != x:
                row["description"] = shorten(x, 72)
            rows.append(row)
        return lead, {"type": "interactive", "interactive": {
            "type": "list", "body": {"text": body},
            "action": {"button": CHOOSE, "sections": [{"title": shorten(CHOOSE, 24), "rows": rows}]}}}
    options = "\n".join(f"{i}. {x}" for i, x in enumerate(titles, start=1))
    return None, {"type": "text", "text": {"body": f"{text}\n\n{options}".strip(), "preview_url": False}}


class GraphApi:
    def __init__(self, token: str, phone_number_id: str, api_base: Optional[str] = None):
        self.url = f"{(api_base or DEFAULT_API).rstrip('/')}/{phone_number_id}/messages"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))

    async def send(self, address: Dict[str, str], message: Dict[str, Any]) -> None:
        """``address``: {"to": phone number} or, for a user who hides their number, {"recipient": user id}."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", **address, **message}
        reply = await self.client.post(self.url, json=body, headers=self.headers)
        if reply.status_code >= 300:
            raise WhatsAppApiError(reply.status_code, reply.text)


class WhatsAppOutput(OutputChannel):
    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, api: GraphApi, sender: RetryingSender, address: Optional[Dict[str, str]] = None):
        self.api = api
        self.sender = sender
        self.address = address
        self.sent = 0

    async def _send(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Rasa names the conversation; the answer goes to the number (or user id) the message came from."""
        self.sent += 1
        address = self.address or {"to": recipient_id}
        await self.sender.send(recipient_id, lambda: self.api.send(address, message))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_text(text, MAX_TEXT):
            await self._send(recipient_id, {"type": "text", "text": {"body": part, "preview_url": False}})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        lead, message = interactive_for(text or "", buttons)
        if lead:
            await self.send_text_message(recipient_id, lead)
        await self._send(recipient_id, message)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, {"type": "image", "image": {"link": image}})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        logger.debug("whatsapp: custom payload not shown")


def signature_ok(app_secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), (header or "").encode())


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WhatsAppInput":
        c = credentials or {}
        env = settings()
        return cls(token=c.get("token") or env.whatsapp_token,
                   app_secret=c.get("app_secret") or env.whatsapp_app_secret,
                   verify_token=c.get("verify_token") or env.whatsapp_verify_token,
                   phone_number_id=c.get("phone_number_id") or env.whatsapp_phone_number_id,
                   api_base=c.get("api_base_url") or env.whatsapp_api_base_url)

    def __init__(self, token: Optional[str], app_secret: Optional[str], verify_token: Optional[str],
                 phone_number_id: Optional[str], api_base: Optional[str] = None):
        self.enabled = bool(token and app_secret and verify_token and phone_number_id)
        if any((token, app_secret, verify_token, phone_number_id)) and not self.enabled:
            logger.error("WhatsApp channel stays off: set WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, "
                         "WHATSAPP_VERIFY_TOKEN and WHATSAPP_PHONE_NUMBER_ID")
        self.app_secret = app_secret or ""
        self.verify_token = verify_token or ""
        self.phone_number_id = str(phone_number_id or "")
        self.identities = Identities()
        self.api = GraphApi(token, phone_number_id, api_base) if self.enabled else None
        self.sender = RetryingSender("WhatsApp Graph API", is_transient)
        self.seen = SeenIds("whatsapp")
        self.guard = MessageGuard()
        self.tasks = BackgroundTasks()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = webhook_blueprint(self)

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> response.HTTPResponse:
            if not self.enabled:
                return not_configured(self)
            mode = request.args.get("hub.mode", "")
            token = request.args.get("hub.verify_token", "")
            challenge = request.args.get("hub.challenge", "")
            if mode == "subscribe" and challenge and hmac.compare_digest(token.encode(), self.verify_token.encode()):
                return response.text(challenge)
            return response.json({"error": "forbidden"}, status=403)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            if not self.enabled:
                return not_configured(self)
            body = request.body or b""
            if not signature_ok(self.app_secret, body, request.headers.get("X-Hub-Signature-256", "")):
                return response.json({"error": "forbidden"}, status=403)
            if len(body) > MAX_BODY:
                return response.json({"error": "too large"}, status=413)
            try:
                messages = list(incoming_messages(json_object(body), self.phone_number_id))
            except (ValueError, TypeError, AttributeError):
                return response.json({"error": "not a WhatsApp webhook payload"}, status=400)
            for incoming in messages:
                if await self.seen.first_time(incoming.message["id"]):
                    self.tasks.spawn(self.handle(incoming, request.app, on_new_message), "whatsapp message")
            return response.json({"status": "ok"})

        return hook

    async def handle(self, incoming: Incoming, app: Any,
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        action, content = classify(incoming.message)
        if action == IGNORE:
            return
        sender_id = await self.identities.conversation_for(incoming)
        output = WhatsAppOutput(self.api, self.sender, incoming.address)
        tracker = await load_tracker(app, sender_id)
        if action == TEXT_ONLY:
            await output.send_text_message(sender_id, t("text_only", conversation_language(tracker)))
            return

        async def turn(text: str) -> None:
            if text:
                await run_turn(on_new_message, UserMessage(text, output, sender_id, input_channel=self.name(),
                                                           metadata={"channel": "whatsapp"}), app, lambda: output.sent)

        if action == CHOICE:
            if not self.guard.limiter.allow(sender_id):
                return
            button = resolve_button(tracker, str(content.get("id", "")), ID_LIMIT)
            await turn(button["payload"] if button else clean_user_text(str(content.get("title", ""))))
            return

        async def typed(text: str) -> None:
            chosen = numbered_choice(tracker, text)  # "2": the second option offered
            await turn(chosen["payload"] if chosen else text)

        await guarded_turn(self.guard, sender_id, content, output, conversation_language(tracker), typed)
