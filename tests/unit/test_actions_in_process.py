"""Custom actions inside the Rasa server (endpoints.yml `actions_module`): same events and messages as over
HTTP, on their own thread so a slow action never blocks Rasa's event loop, rejections as the action server's 400."""
import asyncio
import threading
from pathlib import Path

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot.core import messages
from bot.rasa_ext import actions_in_process
from bot.rasa_ext.nlg import CatalogNaturalLanguageGenerator
from tests.unit import sample_actions

ROOT = Path(__file__).resolve().parents[2]
IN_PROCESS = EndpointConfig.from_dict({"actions_module": "tests.unit.sample_actions"})


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain"))


def run(name, domain, endpoint=IN_PROCESS):
    actions_in_process.apply()
    tracker = DialogueStateTracker.from_events("u", [UserUttered("hi", intent={"name": "greet"})],
                                               slots=domain.slots)
    action = RemoteAction(name, endpoint)
    return action.run(CollectingOutputChannel(), CatalogNaturalLanguageGenerator(domain=domain), tracker, domain)


async def test_an_action_runs_in_process_with_its_messages_and_events(domain):
    events = await run("action_sample_greet", domain)
    texts = [e.text for e in events if isinstance(e, BotUttered)]
    assert texts[0] == messages.text("utter_greet", "nl")  # rendered by the NLG the server uses
    assert texts[1] == f"forms in the domain: {len(domain.forms)}"  # the action saw the domain
    assert events[-1] == SlotSet("language", "en")
    assert sample_actions.RAN_ON[-1] != threading.current_thread().name  # not on Rasa's thread


async def test_a_slow_action_does_not_block_the_event_loop(domain):
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    task = asyncio.ensure_future(ticker())
    events = await run("action_sample_slow", domain)
    task.cancel()
    assert [e.text for e in events] == ["done"]
    assert ticks >= 5  # the loop kept running for the 0.5 s the action blocked


async def test_a_rejection_is_rasas_rejection(domain):
    with pytest.raises(ActionExecutionRejection) as rejected:
        await run("action_sample_reject", domain)
    assert rejected.value.action_name == "action_sample_reject"


async def test_an_unknown_action_fails_like_a_404(domain):
    with pytest.raises(RasaException, match="action_does_not_exist"):
        await run("action_does_not_exist", domain)


async def test_without_actions_module_the_action_server_is_called(domain):
    from bot.cli.servers import free_port

    endpoint = EndpointConfig(url=f"http://127.0.0.1:{free_port()}/webhook")  # nobody listens there
    with pytest.raises(RasaException, match="Couldn't connect"):
        await run("action_sample_greet", domain, endpoint)

