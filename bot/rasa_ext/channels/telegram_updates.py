"""What to do with a Telegram update, decided without network or Rasa: whether to answer at all, whose
conversation it belongs to, which text the dialogue gets and where the answer goes (chat and forum topic).

Private chats are one conversation each. In groups the bot only reacts when it is addressed (a mention of its
username, a reply to one of its messages, or a command for it) and keeps one conversation per member, so
members never continue each other's questions.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Dict, Optional

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.constants import ChatType

HELP = "/help"  # the intent payload for the help menu ("/" alone, or only a mention)
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)

# Content a person sent that we cannot read; a message with none of these and no text is a service message
# (member joined, pinned message, topic created, ...) and needs no answer. Kinds newer than the installed
# python-telegram-bot arrive in ``api_kwargs`` and are found there.
UNREADABLE_CONTENT = ("photo", "video", "animation", "audio", "voice", "video_note", "document", "sticker",
                      "contact", "location", "venue", "poll", "dice", "game", "story", "paid_media", "invoice",
                      "checklist", "live_photo")

IGNORE, TEXT_ONLY, TURN, TAP = "ignore", "text_only", "turn", "tap"


@dataclass(frozen=True)
class Me:
    """The bot itself, as getMe describes it."""
    id: int
    username: str = ""


@dataclass(frozen=True)
class Plan:
    """The decision for one update. ``action`` is IGNORE (no reply at all), TEXT_ONLY (say we read text only),
    TURN (``text`` goes to the dialogue) or TAP (a button press, ``text`` is its callback data)."""
    action: str
    chat_id: int = 0
    sender_id: str = ""
    text: str = ""
    thread_id: Optional[int] = None
    group: bool = False
    reply_to: Optional[int] = None
    language_code: Optional[str] = None


def is_group(chat: Any) -> bool:
    return chat is not None and chat.type in GROUPS


def sender_id_for(chat_id: int, user_id: Optional[int], group: bool) -> str:
    """Private chat: the chat id (as before). Group: chat and member, one conversation per member."""
    if group and user_id is not None:
        return f"{chat_id}:{user_id}"
    return str(chat_id)


def thread_of(message: Any) -> Optional[int]:
    """The forum topic the message is in. Only topic messages: in other chats the id names a reply thread, and
    sending to it would fail."""
    if message is None or not getattr(message, "is_topic_message", False):
        return None
    return getattr(message, "message_thread_id", None)


def readable_text(message: Message) -> Optional[str]:
    """The text of a message, or the caption of a photo, video or document."""
    if isinstance(message.text, str):
        return message.text
    if isinstance(message.caption, str):
        return message.caption
    return None


def _entities(message: Message) -> Dict[MessageEntity, str]:
    try:
        return message.parse_entities() if message.text is not None else message.parse_caption_entities()
    except (RuntimeError, IndexError, ValueError):  # entities that do not fit the text: treat as plain text
        return {}


def leading_command(message: Message) -> Optional[str]:
    """'/cmd' or '/cmd@somebot' when the message starts with a bot command, else None."""
    for entity, value in _entities(message).items():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return value
    return None


def command_target(command: str) -> str:
    """'/help@OtherBot' -> 'otherbot'; '/help' -> '' (a command without a name is for every bot)."""
    _, _, name = command.partition("@")
    return name.lower()


def mentions_me(message: Message, me: Me) -> bool:
    for entity, value in _entities(message).items():
        if entity.type == MessageEntity.MENTION and me.username and value.lower() == "@" + me.username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == me.id:
            return True
    return False


def replies_to_me(message: Message, me: Me) -> bool:
    """A reply to one of our messages. In a forum every topic message 'replies' to the topic's first message;
    that is not a reply to us."""
    original = message.reply_to_message
    if original is None or original.forum_topic_created is not None:
        return False
    return original.from_user is not None and original.from_user.id == me.id


def addressed_to_me(message: Message, me: Me) -> bool:
    command = leading_command(message)
    if command is not None and command_target(command) in ("", me.username.lower()):
        return True
    return mentions_me(message, me) or replies_to_me(message, me)


def text_for_dialogue(text: str, me: Me) -> str:
    """The member's words without our name: '/help@ourbot' -> '/help', '@ourbot hoi' -> 'hoi'. A bare '/' or
    only our name asks for the help menu."""
    if me.username:
        text = _remove_name(text, "@" + me.username)
    text = text.strip()
    return HELP if text in ("", "/") else text


def _remove_name(text: str, name: str) -> str:
    lowered, name = text.lower(), name.lower()
    while name in lowered:
        at = lowered.index(name)
        end = at + len(name)
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):  # '@ourbot_fan' is someone else
            break
        text, lowered = text[:at] + text[end:], lowered[:at] + lowered[end:]
    return text


def plan_message(message: Optional[Message], me: Me) -> Plan:
    """The decision for a new message (not an edit, not a channel post)."""
    if message is None or message.chat is None or message.chat.type == ChatType.CHANNEL:
        return Plan(IGNORE)
    user = message.from_user
    if user is None or user.is_bot:  # other bots, anonymous admins, automatic forwards from a channel
        return Plan(IGNORE)
    group = is_group(message.chat)
    if group and not addressed_to_me(message, me):
        return Plan(IGNORE)
    text = readable_text(message)
    command = leading_command(message) if text else None
    if command is not None and command_target(command) not in ("", me.username.lower()):
        return Plan(IGNORE)  # '/help@otherbot' in a private chat: not for us either
    plan = Plan(TURN, chat_id=message.chat.id, sender_id=sender_id_for(message.chat.id, user.id, group),
                thread_id=thread_of(message), group=group, reply_to=message.message_id if group else None,
                language_code=user.language_code)
    if text is None or not text.strip():
        if any(getattr(message, kind, None) or message.api_kwargs.get(kind) for kind in UNREADABLE_CONTENT):
            return replace(plan, action=TEXT_ONLY)
        if text is None:
            return Plan(IGNORE)  # a service message: joined, left, pinned, topic created, ...
    return replace(plan, text=text_for_dialogue(text, me))


def plan_tap(query: CallbackQuery) -> Plan:
    """A button press: in a group it belongs to the conversation of the member who pressed it."""
    message = query.message if isinstance(query.message, Message) else None
    chat = message.chat if message is not None else getattr(query.message, "chat", None)
    group = is_group(chat)
    chat_id = chat.id if chat is not None else query.from_user.id
    return Plan(TAP, chat_id=chat_id, sender_id=sender_id_for(chat_id, query.from_user.id, group),
                text=query.data or "", thread_id=thread_of(message), group=group,
                language_code=query.from_user.language_code)


def plan_update(update: Update, me: Me) -> Plan:
    """Only new messages and button presses get answers. Edits (already answered), channel posts, reactions,
    member changes, polls, inline and payment queries need no reply."""
    if update.callback_query is not None:
        if update.callback_query.from_user is None or not update.callback_query.data:
            return Plan(IGNORE)  # a game button: nothing of ours
        return plan_tap(update.callback_query)
    if update.message is not None:
        return plan_message(update.message, me)
    return Plan(IGNORE)

