"""Telegram channel on python-telegram-bot 22: webhook in, Bot API out.

Configuration (environment, or the same keys in credentials.yml): TELEGRAM_TOKEN, TELEGRAM_SECRET_TOKEN
(checked on every webhook call), TELEGRAM_API_BASE_URL (default https://api.telegram.org; tests use a local fake).
The channel is off (404) until token and secret are both set.
"""
from __future__ import annotations

import hmac
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.base import (
    BackgroundTasks,
    RetryingSender,
    button_key,
    conversation_language,
    load_tracker,
    resolve_button,
    run_turn,
    split_text,
)
from bot.channels.guard import REFERRAL_CODE, MessageGuard, SeenIds, clean_user_text, json_object, start_payload
from bot.texts import t

logger = logging.getLogger(__name__)

DEFAULT_API = "https://api.telegram.org"
MAX_TEXT = 4096
MAX_BODY = 256 * 1024
START = re.compile(r"^/start(?:@\w+)?(?:\s+(?P<code>\S+))?\s*$", re.IGNORECASE)


def make_bot(token: str, api_base: Optional[str] = None) -> Bot:
    base = (api_base or DEFAULT_API).rstrip("/")
    return Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot",
               request=HTTPXRequest(connection_pool_size=16, connect_timeout=5, read_timeout=15))


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, BadRequest):
        return False
    return isinstance(exc, (NetworkError, TimedOut, RetryAfter, OSError))


def start_message(text: str) -> Optional[Dict[str, Any]]:
    """'/start' or '/start CODE' (a deep link) -> the text Rasa gets and the referral code, if valid."""
    match = START.match(text or "")
    if not match:
        return None
    code = match.group("code")
    if code and REFERRAL_CODE.match(code):
        return {"text": start_payload(code), "referral_code": code}
    if code:
        logger.info("ignored a malformed /start code")
    return {"text": "/start", "referral_code": None}


def keyboard(buttons: List[Dict[str, Any]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(str(b.get("title", ""))[:64] or "…",
                                                       callback_data=button_key(str(b["payload"])))]
                                 for b in buttons if b.get("payload")])


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, bot: Bot, sender: RetryingSender):
        self.bot = bot
        self.sender = sender
        self.sent = 0

    async def _send(self, chat_id: str, **kwargs: Any) -> None:
        self.sent += 1
        await self.sender.send(chat_id, lambda: self.bot.send_message(chat_id=chat_id, **kwargs))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_text(text, MAX_TEXT):
            await self._send(recipient_id, text=part)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        parts = split_text(text, MAX_TEXT) or ["…"]
        for part in parts[:-1]:
            await self._send(recipient_id, text=part)
        await self._send(recipient_id, text=parts[-1], reply_markup=keyboard(buttons))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.sender.send(recipient_id, lambda: self.bot.send_photo(chat_id=recipient_id, photo=image))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        logger.debug("telegram: custom payload not shown")


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        credentials = credentials or {}
        return cls(token=credentials.get("token") or os.environ.get("TELEGRAM_TOKEN"),
                   secret=credentials.get("secret_token") or os.environ.get("TELEGRAM_SECRET_TOKEN"),
                   api_base=credentials.get("api_base_url") or os.environ.get("TELEGRAM_API_BASE_URL"))

    def __init__(self, token: Optional[str], secret: Optional[str], api_base: Optional[str] = None):
        self.enabled = bool(token and secret)
        if token and not secret:
            logger.error("TELEGRAM_TOKEN is set but TELEGRAM_SECRET_TOKEN is not: the Telegram channel stays off")
        self.secret = secret or ""
        self.bot = make_bot(token, api_base) if self.enabled else None
        self.sender = RetryingSender("Telegram Bot API", is_transient)
        self.seen = SeenIds("telegram")
        self.guard = MessageGuard()
        self.tasks = BackgroundTasks()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("techconnect_telegram", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "off"})

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            if not self.enabled:
                return response.json({"error": "telegram channel is not configured"}, status=404)
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), self.secret.encode()):
                return response.json({"error": "forbidden"}, status=403)
            if len(request.body or b"") > MAX_BODY:
                return response.json({"error": "too large"}, status=413)
            data = json_object(request.body)
            try:
                update = Update.de_json(data, self.bot) if data is not None else None
            except Exception:  # a malformed update: python-telegram-bot raises various errors
                update = None
            if update is None or not isinstance(update.update_id, int):
                return response.json({"error": "not a Telegram update"}, status=400)
            if not await self.seen.first_time(update.update_id):
                return response.json({"status": "duplicate"})
            self.tasks.spawn(self.handle(update, request.app, on_new_message), f"telegram update {update.update_id}")
            return response.json({"status": "ok"})

        return hook

    async def handle(self, update: Update, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        output = TelegramOutput(self.bot, self.sender)
        if update.callback_query is not None:
            await self._handle_tap(update, app, output, on_new_message)
            return
        message = update.message
        if message is None or message.chat is None:
            return  # edited messages, channel posts, member updates...: nothing to answer
        chat_id = str(message.chat.id)
        hint = message.from_user.language_code if message.from_user else None
        metadata = {"channel": "telegram", "language_code": hint}
        if not isinstance(message.text, str) or not message.text:
            tracker = await load_tracker(app, chat_id)
            await output.send_text_message(chat_id, t("text_only", conversation_language(tracker, hint)))
            return
        start = start_message(message.text)
        if start is not None:
            if not self.guard.limiter.allow(chat_id):
                return
            metadata["referral_code"] = start["referral_code"]
            await run_turn(on_new_message, UserMessage(start["text"], output, chat_id, input_channel=self.name(),
                                                       metadata=metadata), app, lambda: output.sent, hint)
            return
        verdict = await self.guard.check(chat_id, message.text)
        if verdict.refusal is not None:
            if verdict.refusal:
                tracker = await load_tracker(app, chat_id)
                await output.send_text_message(chat_id, t(verdict.refusal, conversation_language(tracker, hint)))
            return
        await run_turn(on_new_message, UserMessage(verdict.text, output, chat_id, input_channel=self.name(),
                                                   metadata=metadata), app, lambda: output.sent, hint)

    async def _handle_tap(self, update: Update, app: Any, output: TelegramOutput,
                          on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        query = update.callback_query
        try:
            await self.bot.answer_callback_query(query.id)
        except Exception as exc:  # the spinner on the button stops by itself; the answer matters more
            logger.info("answer_callback_query failed: %s", type(exc).__name__)
        chat = query.message.chat if query.message is not None else None
        chat_id = str(chat.id if chat is not None else query.from_user.id)
        hint = query.from_user.language_code if query.from_user else None
        if not self.guard.limiter.allow(chat_id):
            return
        tracker = await load_tracker(app, chat_id)
        button = resolve_button(tracker, query.data or "")
        text = button["payload"] if button else self._title_of(query)
        if not text:
            return
        await run_turn(on_new_message, UserMessage(text, output, chat_id, input_channel=self.name(),
                                                   metadata={"channel": "telegram", "language_code": hint}),
                       app, lambda: output.sent, hint)

    @staticmethod
    def _title_of(query: Any) -> str:
        """A button we cannot match (very old, or not ours): use its visible title as if it was typed."""
        markup = getattr(query.message, "reply_markup", None) if query.message is not None else None
        for row in getattr(markup, "inline_keyboard", None) or ():
            for item in row:
                if item.callback_data == query.data:
                    return clean_user_text(item.text)
        return ""
