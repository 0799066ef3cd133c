"""Custom actions run inside the Rasa server instead of on a separate action server (one process, one machine).

Turned on by ``actions_module`` under ``action_endpoint`` in the endpoints file (as Rasa Pro 3.10 spells it);
``ACTIONS_IN_PROCESS=1 make serve`` writes such a file:

    action_endpoint:
      actions_module: actions

What it saves: per custom action, an HTTP round trip that serialises the whole conversation to JSON and back, and
a second process (~130 MB). What it costs: the actions share the Rasa server's core, so under load on a
multi-core machine the default split (Rasa + action server) is faster; bench/load.py measures both (README "Load
figures"). The actions are the same rasa_sdk classes; rasa_sdk's own ActionExecutor runs them, with the same
call Rasa would POST, and its answer goes through Rasa's own checks and response rendering.

The actions run on one worker thread with its own event loop, as they would on an action server: a slow
database blocks that thread, never the Rasa server's loop (other conversations, the channels' turn timeout and
their apology keep working). A rejected form slot (``ActionExecutionRejection``) and an unknown action behave as
the action server's 400 / 404 do. Several Rasa servers with separate action servers (deploy/endpoints.multi.yml)
leave ``actions_module`` out and call ``url`` as before.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import threading
from typing import Any, Dict, List, Optional, Text

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core import events as rasa_events
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)
MODULE_KEY = "actions_module"
_ORIGINAL_RUN = RemoteAction.run


class _ActionThread:
    """One daemon thread with its own event loop, running rasa_sdk's executor for one actions package."""

    def __init__(self, module: Text) -> None:
        from rasa_sdk.executor import ActionExecutor

        self.executor = ActionExecutor()
        self.executor.register_package(module)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=f"actions:{module}", daemon=True)
        self.thread.start()

    async def run(self, action_call: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
        future = asyncio.run_coroutine_threadsafe(self.executor.run(action_call), self.loop)
        return await asyncio.wrap_future(future)


@functools.lru_cache(maxsize=None)
def action_thread(module: Text) -> _ActionThread:
    return _ActionThread(module)


def actions_module(action: RemoteAction) -> Optional[Text]:
    endpoint = action.action_endpoint
    return endpoint.kwargs.get(MODULE_KEY) if endpoint is not None else None


async def run_action(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
    module = actions_module(self)
    if not module:
        return await _ORIGINAL_RUN(self, output_channel, nlg, tracker, domain)
    from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection
    from rasa_sdk.interfaces import ActionNotFoundException

    # Rasa's own call, always with the domain: in-process it is passed, not serialised
    action_call = {**self._action_call_format(tracker, domain), "domain": domain.as_dict()}
    try:
        response = await action_thread(module).run(action_call)
    except SdkRejection as exc:  # the action server answers 400: Rasa rejects the action (forms re-ask)
        logger.debug(exc)
        raise ActionExecutionRejection(exc.action_name, exc.message) from None
    except ActionNotFoundException as exc:  # the action server answers 404
        raise RasaException(f"Failed to execute custom action '{self.name()}': {exc.message}") from None
    response = response or {}
    self._validate_action_result(response)
    bot_messages = await self._utter_responses(response.get("responses", []), output_channel, nlg, tracker)
    return [*bot_messages, *rasa_events.deserialise_events(response.get("events", []))]


def apply() -> None:
    RemoteAction.run = run_action
