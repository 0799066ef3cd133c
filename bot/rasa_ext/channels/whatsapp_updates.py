"""What to do with a WhatsApp webhook, decided without network or Rasa: which messages are for us, who sent
them, where the answer goes, and whether a message needs an answer at all.

Who: the phone number (``from``, or ``wa_id`` in ``contacts``) when the user shows it, and the business-scoped
user id (``from_user_id`` or ``user_id`` in ``contacts``, e.g. ``US.1349…``) that Meta sends with every message,
also when the number is hidden. :class:`Identities` keeps one conversation per person across both.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, Iterator, Optional, Tuple

from sqlalchemy.exc import IntegrityError

logger = logging.getLogger(__name__)

# What the reply to a message is: nothing, "I can only read text", or a turn of the dialogue.
IGNORE, TEXT_ONLY, TEXT, CHOICE = "ignore", "text_only", "text", "choice"

# A person sent something we cannot read ('unsupported': a poll, a view-once photo...). Captions are read.
UNREADABLE = {"image", "video", "document", "audio", "voice", "sticker", "location", "contacts", "order",
              "unsupported", "unknown"}
CAPTIONED = ("image", "video", "document")


@dataclass(frozen=True)
class Incoming:
    """One message of a webhook with its sender: phone number and/or user id (at least one is set)."""
    message: Dict[str, Any]
    phone: Optional[str]
    user_id: Optional[str]

    @property
    def address(self) -> Dict[str, str]:
        """Where the Graph API sends the answer: the phone number, or the user id when the number is hidden."""
        return {"to": self.phone} if self.phone else {"recipient": str(self.user_id)}


def _contact_for(value: Dict[str, Any], message: Dict[str, Any]) -> Dict[str, Any]:
    """The contacts entry of the message's sender (matched on number or user id; a single entry otherwise)."""
    contacts = [c for c in value.get("contacts") or [] if isinstance(c, dict)] \
        if isinstance(value.get("contacts"), list) else []
    for contact in contacts:
        if message.get("from") and contact.get("wa_id") == message.get("from"):
            return contact
        if message.get("from_user_id") and contact.get("user_id") == message.get("from_user_id"):
            return contact
    return contacts[0] if len(contacts) == 1 else {}


def sender_of(value: Dict[str, Any], message: Dict[str, Any]) -> Incoming:
    contact = _contact_for(value, message)
    phone = message.get("from") or contact.get("wa_id") or None
    user_id = message.get("from_user_id") or contact.get("user_id") or None
    return Incoming(message, str(phone) if phone else None, str(user_id) if user_id else None)


def incoming_messages(payload: Any, phone_number_id: Optional[str] = None) -> Iterator[Incoming]:
    """The messages people sent to our number. Status updates, echoes of our own messages, calls, template and
    account updates, and messages to another phone number of the same app are skipped."""
    if not isinstance(payload, dict):
        raise ValueError("payload is not an object")
    for entry in payload.get("entry") or []:
        changes = entry.get("changes") or [] if isinstance(entry, dict) else []
        for change in changes:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict) or not _for_us(value, phone_number_id):
                continue
            for message in value.get("messages") or []:
                if isinstance(message, dict) and message.get("id"):
                    incoming = sender_of(value, message)
                    if incoming.phone or incoming.user_id:
                        yield incoming


def _for_us(value: Dict[str, Any], phone_number_id: Optional[str]) -> bool:
    if phone_number_id is None:
        return True
    metadata = _object(value.get("metadata"))
    return str(metadata.get("phone_number_id", "")) == str(phone_number_id)


def classify(message: Dict[str, Any]) -> Tuple[str, Any]:
    """(what to do, the text or button id). Reactions, deleted and edited messages (the first version was
    answered already), system notices (number changed) and flow or call replies get no answer."""
    kind = message.get("type")
    if kind == "text":
        return TEXT, str(_object(message.get("text")).get("body", ""))
    if kind == "interactive":
        interactive = _object(message.get("interactive"))
        reply = interactive.get("button_reply") or interactive.get("list_reply")
        return (CHOICE, reply) if isinstance(reply, dict) else (IGNORE, "")
    if kind == "button":  # quick reply of a template message
        button = _object(message.get("button"))
        return CHOICE, {"id": button.get("payload", ""), "title": button.get("text", "")}
    if kind in CAPTIONED:
        caption = _object(message.get(kind)).get("caption")
        if isinstance(caption, str) and caption.strip():
            return TEXT, caption
    if kind in UNREADABLE:
        return TEXT_ONLY, ""
    return IGNORE, ""


def _object(value: Any) -> Dict[str, Any]:
    """A part of the payload that should be an object; anything else (a forged or broken payload) is empty."""
    return value if isinstance(value, dict) else {}


class Identities:
    """User id -> conversation id, remembered in the database so every Rasa server finds the same
    conversation. The first id a person was seen with names the conversation: their number when it was
    shown, else their user id. Without a user id (older payloads) the phone number is the conversation."""

    def __init__(self, engine: Any = None, cache_size: int = 10_000):
        self._engine = engine
        self._cache: "OrderedDict[str, str]" = OrderedDict()
        self.cache_size = cache_size

    async def conversation_for(self, incoming: Incoming) -> str:
        if not incoming.user_id:
            return str(incoming.phone)
        known = self._cache.get(incoming.user_id)
        if known is None:
            try:
                known = await asyncio.to_thread(self._lookup_or_store, incoming.user_id,
                                                incoming.phone or incoming.user_id)
            except Exception as exc:  # the database is down: answer anyway, under the id we have
                logger.warning("whatsapp identities unavailable: %s", type(exc).__name__)
                return incoming.phone or incoming.user_id
            self._remember(incoming.user_id, known)
        return known

    def _remember(self, user_id: str, conversation_id: str) -> None:
        self._cache[user_id] = conversation_id
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _lookup_or_store(self, user_id: str, new_conversation: str) -> str:
        from bot.core.db.models import WhatsAppIdentity
        from bot.core.db.session import get_engine, session_scope

        engine = self._engine or get_engine()
        try:
            with session_scope(engine) as session:
                row = session.get(WhatsAppIdentity, user_id)
                if row is not None:
                    return row.conversation_id
                session.add(WhatsAppIdentity(user_id=user_id, conversation_id=new_conversation,
                                             created_at=datetime.utcnow()))
            return new_conversation
        except IntegrityError:  # another server stored it first: use theirs
            with session_scope(engine) as session:
                return session.get(WhatsAppIdentity, user_id).conversation_id
