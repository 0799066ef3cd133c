"""Telegram set-up from the command line: register the webhook (with the secret token), or, for local
development without a public URL, poll Telegram and hand every update to the local webhook."""
from __future__ import annotations

import asyncio
import logging
from typing import Optional

import httpx
from telegram.error import NetworkError

from bot.core.settings import settings
from bot.rasa_ext.channels.telegram import make_bot

logger = logging.getLogger(__name__)


def _settings() -> tuple:
    env = settings()
    token, secret = env.telegram_token, env.telegram_secret_token
    if not token or not secret:
        raise SystemExit("set TELEGRAM_TOKEN and TELEGRAM_SECRET_TOKEN first (see README: Channels)")
    return token, secret, env.telegram_api_base_url


async def set_webhook(public_url: str) -> str:
    """Point Telegram at ``public_url``/webhooks/telegram/webhook; Telegram then sends the secret on every call."""
    token, secret, api = _settings()
    url = public_url.rstrip("/")
    if not url.endswith("/webhooks/telegram/webhook"):
        url += "/webhooks/telegram/webhook"
    async with make_bot(token, api) as bot:
        await bot.set_webhook(url=url, secret_token=secret,
                              allowed_updates=["message", "edited_message", "callback_query"])
    return url


async def poll(local_webhook: str, rounds: Optional[int] = None, timeout: int = 25) -> int:
    """Long-poll getUpdates and POST each update to the local webhook (with the secret), like Telegram would.

    Returns the number of updates forwarded; ``rounds`` limits the polls (tests), otherwise runs until stopped.
    """
    token, secret, api = _settings()
    forwarded, offset, done = 0, None, 0
    async with make_bot(token, api) as bot, httpx.AsyncClient(timeout=60) as client:
        await bot.delete_webhook()
        while rounds is None or done < rounds:
            done += 1
            try:
                updates = await bot.get_updates(offset=offset, timeout=timeout,
                                                allowed_updates=["message", "edited_message", "callback_query"])
            except NetworkError as exc:
                logger.warning("Telegram unreachable (%s); trying again in 5 s", exc)
                await asyncio.sleep(5)
                continue
            for update in updates:
                offset = update.update_id + 1
                try:
                    await client.post(local_webhook, json=update.to_dict(),
                                      headers={"X-Telegram-Bot-Api-Secret-Token": secret})
                    forwarded += 1
                except httpx.HTTPError as exc:
                    logger.error("local webhook %s unreachable: %s", local_webhook, exc)
    return forwarded
