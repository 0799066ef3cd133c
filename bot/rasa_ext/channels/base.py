"""Pieces the Telegram, WhatsApp and web channels share: the conversation as Rasa stored it (language, the
buttons we offered), background work, and delivery that retries while a messaging API is unreachable."""
from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict, deque
from typing import Any, Awaitable, Callable, Deque, Dict, List, Optional, Set, Union

from sanic import Blueprint, response

from bot.core.language import SUPPORTED, normalise_language
from bot.core.settings import settings
from bot.core.texts import t
from bot.rasa_ext.channels.guard import MessageGuard, json_object

logger = logging.getLogger(__name__)

# How far back a button may have been offered and still be accepted when it is tapped.
BUTTON_MEMORY_EVENTS = 200


def webhook_blueprint(channel: Any) -> Blueprint:
    """The blueprint of a messaging channel that stays off until it is configured (``channel.enabled``), with
    the health route its operators and tests ask: {"status": "ok"} or {"status": "off"}."""
    hook = Blueprint(f"techconnect_{channel.name()}", __name__)

    @hook.route("/", methods=["GET"])
    async def health(request: Any) -> response.HTTPResponse:
        return response.json({"status": "ok" if channel.enabled else "off"})

    return hook


def not_configured(channel: Any) -> response.HTTPResponse:
    """The answer of a channel that is off: 404, as if it were not there."""
    return response.json({"error": f"{channel.name()} channel is not configured"}, status=404)


def json_request(request: Any, max_body: int):
    """(the JSON object in the body, None) or (None, a clear 413/400 answer)."""
    if len(request.body or b"") > max_body:
        return None, response.json({"error": "message too large"}, status=413)
    body = json_object(request.body)
    if body is None:
        return None, response.json({"error": "body must be a JSON object"}, status=400)
    return body, None


async def load_tracker(app: Any, sender_id: str):
    """The stored conversation (None when new, or when the tracker store cannot be read)."""
    try:
        return await app.ctx.agent.tracker_store.retrieve(sender_id)
    except Exception as exc:  # a channel must keep answering even when the tracker store is down
        logger.warning("could not read conversation %s: %s", sender_id, type(exc).__name__)
        return None


async def run_turn(on_new_message: Callable[[Any], Awaitable[Any]], message: Any, app: Any,
                   sent: Callable[[], int], hint: Optional[str] = None) -> None:
    """Hand a message to the dialogue. If the turn fails, says nothing (action server down, tracker store down)
    or takes longer than TURN_TIMEOUT_SECONDS (action server hanging), the user gets a short apology in their
    language instead of silence. A slow turn keeps running: its answer still arrives on channels that can send
    later (Telegram, WhatsApp), and it is stored in the conversation either way."""
    before = sent()
    turn = asyncio.ensure_future(on_new_message(message))
    try:
        await asyncio.wait_for(asyncio.shield(turn), timeout=settings().turn_timeout_seconds)
    except asyncio.TimeoutError:
        logger.error("turn for %s takes too long; apologising, the turn goes on", message.sender_id)
        _SLOW_TURNS.add(turn)
        turn.add_done_callback(_slow_turn_done)
    except Exception:
        logger.exception("turn failed for %s", message.sender_id)
    if sent() == before:
        lang = await stored_language(app, message.sender_id, hint)
        await message.output_channel.send_text_message(message.sender_id, t("service_problem", lang))


async def guarded_turn(guard: MessageGuard, sender_id: str, text: str, output: Any,
                       language: Union[str, Callable[[], Awaitable[str]]],
                       turn: Callable[[str], Awaitable[Any]]) -> Optional[int]:
    """What every channel does with a typed message: the guard's checks, then ``turn`` with the cleaned text
    (returns None), or the refusal said on ``output`` and the status a channel that answers over HTTP gives it
    (429 with the flood warning, else 200). A dropped message (a flood after the warning, nothing but invisible
    characters) says nothing. ``language`` may be a coroutine function, so that the stored conversation is read
    only when there is a refusal to say."""
    verdict = await guard.check(sender_id, text)
    if verdict.refusal is None:
        await turn(verdict.text)
        return None
    if verdict.refusal:
        lang = language if isinstance(language, str) else await language()
        await output.send_text_message(sender_id, t(verdict.refusal, lang))
    return 429 if verdict.refusal == "slow_down" else 200


_SLOW_TURNS: Set[asyncio.Task] = set()


def _slow_turn_done(turn: asyncio.Task) -> None:
    _SLOW_TURNS.discard(turn)
    if not turn.cancelled() and turn.exception() is not None:
        logger.error("a slow turn failed later: %s", type(turn.exception()).__name__)


def conversation_language(tracker: Any, hint: Optional[str] = None) -> str:
    """nl/en: the conversation's language slot, else the channel's hint, else Dutch."""
    slot = tracker.get_slot("language") if tracker is not None else None
    return slot if slot in SUPPORTED else normalise_language(hint)


async def stored_language(app: Any, sender_id: str, hint: Optional[str] = None) -> str:
    """:func:`conversation_language` of the conversation as it is stored now."""
    return conversation_language(await load_tracker(app, sender_id), hint)


def button_key(payload: str, limit: int = 64) -> str:
    """What a channel puts in a button (Telegram allows 64 bytes): the payload, or a hash of a long one."""
    if len(payload.encode("utf-8")) <= limit:
        return payload
    return "#" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def _bot_buttons(event: Dict[str, Any]) -> List[Dict[str, Any]]:
    data = event.get("data") or {}
    return [b for b in (data.get("buttons") or []) if isinstance(b, dict) and b.get("payload")]


def offered_buttons(tracker: Any, latest_turn_only: bool = False) -> List[Dict[str, Any]]:
    """Buttons the assistant showed in this conversation, newest first (only its last turn if asked)."""
    if tracker is None:
        return []
    events = list(tracker.events)[-BUTTON_MEMORY_EVENTS:]
    found: List[Dict[str, Any]] = []
    for event in reversed(events):
        kind = event.as_dict().get("event") if hasattr(event, "as_dict") else event.get("event")
        if kind == "user" and latest_turn_only:
            break
        if kind == "bot":
            buttons = _bot_buttons(event.as_dict() if hasattr(event, "as_dict") else event)
            found = buttons + found if latest_turn_only else found + buttons
    return found


def resolve_button(tracker: Any, key: str, limit: int = 64) -> Optional[Dict[str, Any]]:
    """The offered button whose payload (or its hash) is ``key``. A key we never offered gives None, so a
    forged callback cannot smuggle an intent with made-up entities into the dialogue."""
    for button in offered_buttons(tracker):
        if button_key(button["payload"], limit) == key:
            return button
    return None


def numbered_choice(tracker: Any, text: str) -> Optional[Dict[str, Any]]:
    """ "2" answers the second option of the assistant's last message with options."""
    text = (text or "").strip().rstrip(".)")
    if not text.isdigit() or len(text) > 2:
        return None
    options = offered_buttons(tracker, latest_turn_only=True)
    index = int(text) - 1
    return options[index] if 0 <= index < len(options) else None


def split_text(text: str, limit: int) -> List[str]:
    """Cut a long answer at paragraph or line ends so each part fits the channel's limit."""
    parts: List[str] = []
    text = text or ""
    while len(text) > limit:
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, 0, limit)
            if cut > limit // 2:
                break
        else:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


class BackgroundTasks:
    """Runs webhook work after the HTTP answer (messaging APIs want a fast 200) and keeps the tasks alive."""

    def __init__(self) -> None:
        self._tasks: Set[asyncio.Task] = set()

    def spawn(self, coro: Awaitable[None], what: str) -> asyncio.Task:
        task = asyncio.ensure_future(self._guarded(coro, what))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guarded(coro: Awaitable[None], what: str) -> None:
        try:
            await coro
        except Exception:
            logger.exception("error while handling %s", what)

    async def drain(self, timeout: float = 10.0) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)


class RetryingSender:
    """Sends messages in order per chat. When the API is unreachable (network error, 429, 5xx) the message
    waits and is retried with growing pauses; later messages for that chat queue behind it."""

    def __init__(self, name: str, is_transient: Callable[[BaseException], bool], first_delay: float = 1.0,
                 max_delay: float = 60.0, max_attempts: int = 12):
        self.name = name
        self.is_transient = is_transient
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.max_attempts = max_attempts
        self._pending: "OrderedDict[str, Deque[Callable[[], Awaitable[Any]]]]" = OrderedDict()
        self._workers = BackgroundTasks()

    def pending(self, chat_id: Optional[str] = None) -> int:
        if chat_id is not None:
            return len(self._pending.get(chat_id, ()))
        return sum(len(q) for q in self._pending.values())

    async def send(self, chat_id: str, call: Callable[[], Awaitable[Any]]) -> None:
        if self._pending.get(chat_id):
            self._pending[chat_id].append(call)
            return
        try:
            await call()
        except Exception as exc:
            if not self.is_transient(exc):
                logger.error("%s: message to %s refused: %s", self.name, chat_id, exc)
                return
            logger.warning("%s unreachable (%s); will retry sending to %s", self.name, type(exc).__name__, chat_id)
            self._pending[chat_id] = deque([call])
            self._workers.spawn(self._retry(chat_id), f"{self.name} retry")

    async def _retry(self, chat_id: str) -> None:
        queue = self._pending[chat_id]
        delay, attempts = self.first_delay, 0
        while queue:
            await asyncio.sleep(delay)
            try:
                await queue[0]()
            except Exception as exc:
                attempts += 1
                if not self.is_transient(exc) or attempts >= self.max_attempts:
                    logger.error("%s: giving up on a message to %s after %d attempts: %s", self.name, chat_id,
                                 attempts, exc)
                    queue.popleft()
                    delay, attempts = self.first_delay, 0
                else:
                    delay = min(delay * 2, self.max_delay)
                continue
            queue.popleft()
            delay, attempts = 0.0, 0
        self._pending.pop(chat_id, None)
