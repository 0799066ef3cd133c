"""What every channel does before a message reaches the dialogue: size limit, per-sender rate limit,
deduplication of re-delivered updates, and neutralising text that would be read as an intent payload."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Deque, Dict, Optional

from bot.core.settings import settings

# zero-width and direction marks, and lone surrogates (valid JSON escapes, but not text)
logger = logging.getLogger(__name__)

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]")


def json_object(body: bytes) -> Optional[dict]:
    """The JSON object in a request body, or None for anything else (broken, not an object, nested too deep)."""
    try:
        value = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def clean_user_text(text: str) -> str:
    """Free text from a person: no control/zero-width characters and no leading '/'.

    Rasa reads a message that starts with '/' as an intent with entities (``/check_eligibility{"age": 3}``);
    only our own buttons may do that, so typed slashes are dropped.
    """
    text = INVISIBLE.sub("", text or "")
    text = "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)
    return text.strip().lstrip("/").strip()


REFERRAL_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# A typed "start K7P2QX" / "code: K7P2QX" (WhatsApp, web, REST): our codes are 6 letters/digits with a digit,
# so "start quiz" stays an ordinary message.
TYPED_START = re.compile(r"^(?:start|code)[:\s]+(?=[A-Za-z]*\d)([A-Za-z0-9]{6})$", re.IGNORECASE)


def start_payload(code: Optional[str]) -> str:
    """The message Rasa gets for a start, with the referral code when it is well-formed."""
    if code and REFERRAL_CODE.match(code):
        return "/start" + json.dumps({"referral_code": code})
    return "/start"


def typed_start(text: str) -> Optional[str]:
    """'start K7P2QX' typed by a student who got a code from a counsellor -> the start payload, else None."""
    match = TYPED_START.match(text or "")
    return start_payload(match.group(1).upper()) if match else None


class SeenIds:
    """Remembers ids (Telegram update_id, WhatsApp message id) so a re-delivered update is answered once.

    Always in this process (the last ``size`` ids); with REDIS_URL set also in Redis for a day, so that
    several Rasa servers behind a load balancer answer a re-delivery once between them. If Redis cannot be
    reached, the process keeps deduplicating on its own (and says so in the log).
    """

    def __init__(self, namespace: str, size: int = 10_000, redis_url: Optional[str] = None):
        self.namespace = namespace
        self.size = size
        self._ids: "OrderedDict[str, None]" = OrderedDict()
        self._redis = _redis_client(redis_url)

    def _remember(self, key: str) -> None:
        self._ids[key] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)

    async def first_time(self, key: object) -> bool:
        key = str(key)
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        if self._redis is not None:
            try:
                fresh = await self._redis.set(f"techconnect:seen:{self.namespace}:{key}", 1, nx=True, ex=86_400)
            except Exception as exc:  # Redis down: this process still deduplicates
                logger.warning("redis unavailable for deduplication: %s", type(exc).__name__)
            else:
                if not fresh:
                    self._remember(key)
                    return False
        self._remember(key)
        return True


class RateLimiter:
    """At most ``limit`` messages per sender in any ``window`` seconds (sliding window)."""

    def __init__(self, limit: int, window: float = 60.0, max_senders: int = 50_000):
        self.limit = limit
        self.window = window
        self.max_senders = max_senders
        self._hits: "OrderedDict[str, Deque[float]]" = OrderedDict()

    def allow(self, sender: str, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        hits = self._hits.pop(sender, None) or deque()
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        allowed = len(hits) < self.limit
        if allowed:
            hits.append(now)
        self._hits[sender] = hits
        if len(self._hits) > self.max_senders:
            self._hits.popitem(last=False)
        return allowed


@dataclass
class Verdict:
    """What to do with a message: pass ``text`` on, or answer with the ``refusal`` text key."""
    text: str = ""
    refusal: Optional[str] = None


def _redis_client(redis_url: Optional[str]):
    """An asyncio Redis client for REDIS_URL (or ``redis_url``), None when not configured."""
    redis_url = redis_url if redis_url is not None else settings().redis_url
    if not redis_url:
        return None
    import redis.asyncio

    return redis.asyncio.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)


def _sender_key(kind: str, sender: str) -> str:
    """A short Redis key per sender (sender ids are arbitrary text from outside)."""
    return f"techconnect:{kind}:{hashlib.sha256(sender.encode('utf-8', 'replace')).hexdigest()[:32]}"


class MessageGuard:
    """Size limit and rate limit, configured from the environment (MAX_MESSAGE_CHARS, RATE_LIMIT_PER_MINUTE).

    With REDIS_URL set, the rate limit (and its one warning per flood) is shared by every Rasa server through
    Redis: a sliding window per sender in a sorted set, so N servers behind a load balancer still allow
    RATE_LIMIT_PER_MINUTE in total, not N times it. If Redis cannot be reached, each process limits on its own
    (and says so in the log)."""

    def __init__(self, max_chars: Optional[int] = None, per_minute: Optional[int] = None,
                 redis_url: Optional[str] = None):
        self.max_chars = max_chars or settings().max_message_chars
        self.limiter = RateLimiter(per_minute or settings().rate_limit_per_minute)
        self._warned: Dict[str, float] = {}
        self._redis = _redis_client(redis_url)

    async def _allow(self, sender: str) -> bool:
        if self._redis is not None:
            try:
                return await self._allow_shared(sender)
            except Exception as exc:  # Redis down: this process still limits
                logger.warning("redis unavailable for the rate limit: %s", type(exc).__name__)
        return self.limiter.allow(sender)

    async def _allow_shared(self, sender: str) -> bool:
        key = _sender_key("rate", sender)
        now, window = time.time(), self.limiter.window
        hit = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, 0, now - window)
            pipe.zadd(key, {hit: now})
            pipe.zcard(key)
            pipe.expire(key, int(window) + 1)
            count = (await pipe.execute())[2]
        if count > self.limiter.limit:
            await self._redis.zrem(key, hit)  # a refused message does not count, as in RateLimiter
            return False
        return True

    async def _first_warning(self, sender: str) -> bool:
        """True once per window per sender: the flood warning is said once, then floods are dropped silently."""
        if self._redis is not None:
            try:
                key = _sender_key("warned", sender)
                return bool(await self._redis.set(key, 1, nx=True, ex=int(self.limiter.window)))
            except Exception as exc:
                logger.warning("redis unavailable for the rate limit: %s", type(exc).__name__)
        last = self._warned.get(sender, -1e9)
        now = time.monotonic()
        if now - last < self.limiter.window:
            return False
        self._warned[sender] = now
        return True

    async def check(self, sender: str, text: str) -> Verdict:
        if not await self._allow(sender):
            return Verdict(refusal="slow_down" if await self._first_warning(sender) else "")
        if len(text or "") > self.max_chars:
            return Verdict(refusal="too_long")
        cleaned = clean_user_text(text)
        if not cleaned:
            return Verdict(refusal="")
        return Verdict(text=typed_start(cleaned) or cleaned)
