"""Telegram channel on python-telegram-bot 22: webhook in, Bot API out.

Configuration (environment, or the same keys in credentials.yml): TELEGRAM_TOKEN, TELEGRAM_SECRET_TOKEN
(checked on every webhook call), TELEGRAM_API_BASE_URL (default https://api.telegram.org; tests use a local fake).
The channel is off (404) until token and secret are both set.
"""
from __future__ import annotations

import hmac
import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import ActiveLoop, SlotSet
from sanic import Blueprint, response
from sanic.request import Request
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.helpers import create_deep_linked_url
from telegram.request import HTTPXRequest

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
    resolve_button,
    run_turn,
    split_text,
    stored_language,
    webhook_blueprint,
)
from bot.rasa_ext.channels.guard import (
    REFERRAL_CODE,
    MessageGuard,
    SeenIds,
    clean_user_text,
    json_object,
    start_payload,
)
from bot.rasa_ext.channels.telegram_updates import HELP, IGNORE, TAP, TEXT_ONLY, Me, Plan, plan_update

logger = logging.getLogger(__name__)

DEFAULT_API = "https://api.telegram.org"
MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
MAX_CALLBACK = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
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
                                                       callback_data=button_key(str(b["payload"]), MAX_CALLBACK))]
                                 for b in buttons if b.get("payload")])


class TelegramOutput(OutputChannel):
    """Sends a turn's answers to one chat (and forum topic). In groups the answers are held back until the turn
    is over, so that a question about the member's own situation can be replaced by a private chat offer."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, bot: Bot, sender: RetryingSender, chat_id: Optional[int] = None,
                 thread_id: Optional[int] = None, reply_to: Optional[int] = None, hold: bool = False):
        self.bot = bot
        self.sender = sender
        self.chat_id = chat_id
        self.options: Dict[str, Any] = {}
        if thread_id is not None:
            self.options["message_thread_id"] = thread_id
        if reply_to is not None:
            self.options["reply_parameters"] = ReplyParameters(reply_to, allow_sending_without_reply=True)
        self.held: Optional[List[Tuple[str, Callable[[], Awaitable[Any]]]]] = [] if hold else None
        self.sent = 0

    def _target(self, recipient_id: Text) -> str:
        """Rasa names the conversation (in groups chat:member); the answer goes to the chat."""
        return str(self.chat_id) if self.chat_id is not None else str(recipient_id)

    async def _deliver(self, chat_id: str, call: Callable[[], Awaitable[Any]]) -> None:
        self.sent += 1
        if self.held is not None:
            self.held.append((chat_id, call))
        else:
            await self.sender.send(chat_id, call)

    async def _send(self, recipient_id: str, **kwargs: Any) -> None:
        chat_id = self._target(recipient_id)
        await self._deliver(chat_id, lambda: self.bot.send_message(chat_id=chat_id, **self.options, **kwargs))

    async def release(self) -> None:
        """Send what was held back, in order, and stop holding."""
        held, self.held = self.held or [], None
        for chat_id, call in held:
            await self.sender.send(chat_id, call)

    def drop_held(self) -> None:
        self.held = None

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
        chat_id = self._target(recipient_id)
        await self._deliver(chat_id, lambda: self.bot.send_photo(chat_id=chat_id, photo=image, **self.options))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        logger.debug("telegram: custom payload not shown")


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        credentials = credentials or {}
        env = settings()
        return cls(token=credentials.get("token") or env.telegram_token,
                   secret=credentials.get("secret_token") or env.telegram_secret_token,
                   api_base=credentials.get("api_base_url") or env.telegram_api_base_url)

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
        self.bot_id = int(token.split(":")[0]) if token and token.split(":")[0].isdigit() else 0
        self._me: Optional[Me] = None
        self._ask_me_after = 0.0

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = webhook_blueprint(self)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            if not self.enabled:
                return not_configured(self)
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

    async def me(self) -> Me:
        """Our id and username (getMe, asked once). Without them a group mention cannot be recognised, so
        until the API answers, groups only get answers to commands without a bot name."""
        if self._me is None:
            if time.monotonic() < self._ask_me_after:  # the API was unreachable a moment ago: do not wait again
                return Me(self.bot_id)
            try:
                user = await self.bot.get_me()
                self._me = Me(user.id, user.username or "")
            except Exception as exc:
                logger.warning("getMe failed (%s); group mentions are not recognised yet", type(exc).__name__)
                self._ask_me_after = time.monotonic() + 30
                return Me(self.bot_id)
        return self._me

    async def handle(self, update: Update, app: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        me = await self.me()
        plan = plan_update(update, me)
        if plan.action == IGNORE:
            return
        output = TelegramOutput(self.bot, self.sender, plan.chat_id, plan.thread_id, plan.reply_to, hold=plan.group)
        if plan.action == TAP:
            await self._answer_tap(update.callback_query.id)
            await self._handle_tap(update, plan, app, output, on_new_message)
        elif plan.action == TEXT_ONLY:
            lang = await stored_language(app, plan.sender_id, plan.language_code)
            await output.send_text_message(plan.sender_id, t("text_only", lang))
        else:
            await self._handle_text(plan, app, output, on_new_message)
        if plan.group:
            await self._finish_group_turn(plan, me, app, output)

    async def _handle_text(self, plan: Plan, app: Any, output: TelegramOutput,
                           on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        metadata: Dict[str, Any] = {"channel": "telegram", "language_code": plan.language_code,
                                    "chat_type": "group" if plan.group else "private"}
        start = start_message(plan.text)
        if start is not None or plan.text == HELP:
            if not self.guard.limiter.allow(plan.sender_id):
                return
            if start is not None:
                metadata["referral_code"] = start["referral_code"]
            text = start["text"] if start is not None else HELP
            await self._turn(text, plan, app, output, on_new_message, metadata)
            return
        await guarded_turn(self.guard, plan.sender_id, plan.text, output,
                           lambda: stored_language(app, plan.sender_id, plan.language_code),
                           lambda text: self._turn(text, plan, app, output, on_new_message, metadata))

    async def _turn(self, text: str, plan: Plan, app: Any, output: TelegramOutput,
                    on_new_message: Callable[[UserMessage], Awaitable[Any]], metadata: Dict[str, Any]) -> None:
        await run_turn(on_new_message, UserMessage(text, output, plan.sender_id, input_channel=self.name(),
                                                   metadata=metadata), app, lambda: output.sent, plan.language_code)

    async def _answer_tap(self, query_id: str) -> None:
        try:
            await self.bot.answer_callback_query(query_id)
        except Exception as exc:  # the spinner on the button stops by itself; the answer matters more
            logger.info("answer_callback_query failed: %s", type(exc).__name__)

    async def _handle_tap(self, update: Update, plan: Plan, app: Any, output: TelegramOutput,
                          on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if not self.guard.limiter.allow(plan.sender_id):
            return
        tracker = await load_tracker(app, plan.sender_id)
        button = resolve_button(tracker, plan.text, MAX_CALLBACK)
        text = button["payload"] if button else self._title_of(update.callback_query)
        if text:
            await self._turn(text, plan, app, output, on_new_message,
                             {"channel": "telegram", "language_code": plan.language_code})

    async def _finish_group_turn(self, plan: Plan, me: Me, app: Any, output: TelegramOutput) -> None:
        """A group never sees questions about a member's own situation: when the turn started or continued a
        form (age, place, work, contact details), its answer is replaced by a link to a private chat and the
        form is closed in the member's group conversation."""
        tracker = await load_tracker(app, plan.sender_id)
        if tracker is None or not tracker.active_loop_name:
            await output.release()
            return
        output.drop_held()
        await self._close_form(app, plan.sender_id)
        link = create_deep_linked_url(me.username) if me.username else ""
        text = t("group_private_offer", conversation_language(tracker, plan.language_code), url=link).strip()
        await output.send_text_message(plan.sender_id, text)

    @staticmethod
    async def _close_form(app: Any, sender_id: str) -> None:
        agent = app.ctx.agent
        try:
            async with agent.lock_store.lock(sender_id):
                tracker = await agent.tracker_store.retrieve(sender_id)
                if tracker is not None and tracker.active_loop_name:
                    tracker.update(ActiveLoop(None))
                    tracker.update(SlotSet("requested_slot", None))
                    await agent.tracker_store.save(tracker)
        except Exception as exc:  # the offer is sent anyway; the form asks again next time it is addressed
            logger.warning("could not close the form of %s: %s", sender_id, type(exc).__name__)

    @staticmethod
    def _title_of(query: Any) -> str:
        """A button we cannot match (very old, or not ours): use its visible title as if it was typed."""
        markup = getattr(query.message, "reply_markup", None) if query.message is not None else None
        for row in getattr(markup, "inline_keyboard", None) or ():
            for item in row:
                if item.callback_data == query.data:
                    return clean_user_text(item.text)
        return ""
