"""One machine, several cores (`make serve RASA_WORKERS=2 ACTIONS_IN_PROCESS=1`): two Rasa worker processes on one
port, sharing the SQLite conversations, with a Redis lock store. Conversations whose turns land on either worker
stay coherent, and both workers really answer."""
import threading
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.cli.servers import running_stack
from tests.conftest import make_database
from tests.e2e import test_courses_and_funding as courses
from tests.e2e.conftest import trained_model
from tests.e2e.helpers import new_user, texts

pytestmark = pytest.mark.e2e


def workers_of(pid):
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def cpu_ticks(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    db_url = make_database("sqlite", tmp_path_factory)
    with running_stack(trained_model(), env={"DATABASE_URL": db_url, "RATE_LIMIT_PER_MINUTE": "500"},
                       workdir=tmp_path_factory.mktemp("workers"), actions_in_process=True, workers=2) as stack:
        stack.database_url = db_url
        yield stack


def say(stack, sender, message):
    # a new connection per message: the kernel hands each to either worker
    reply = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                          timeout=60)
    reply.raise_for_status()
    return texts(reply.json())


def test_conversations_on_two_workers_stay_coherent_and_both_workers_answer(two_workers):
    workers = workers_of(two_workers.processes["rasa"].pid)
    assert len(workers) == 2
    before = {pid: cpu_ticks(pid) for pid in workers}
    results, errors = {}, []

    def conversation(sender):
        try:
            answers = [say(two_workers, sender, "what does a data analyst do?")]
            for _ in range(3):  # every turn needs what earlier turns (maybe on the other worker) left behind
                answers.append(say(two_workers, sender, "and how much can i earn?"))
                answers.append(say(two_workers, sender, "i have mbo 4"))
            results[sender] = answers
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    senders = [new_user() for _ in range(6)]
    threads = [threading.Thread(target=conversation, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors
    for sender in senders:
        first, *rest = results[sender]
        assert "data" in first.lower()
        for pay, route in zip(rest[::2], rest[1::2]):
            assert "€" in pay and "data analyst" in pay.lower()  # the profile and English, from earlier turns
            assert "mbo" in route.lower() and "data" in route.lower()
    engine = create_engine(two_workers.tracker_db_url)
    with engine.connect() as connection:
        for sender in senders:
            said = connection.execute(text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' "
                                           "ORDER BY id"), {"s": sender}).scalars().all()
            assert len(said) == 7  # every turn stored once, none lost
    used = {pid: cpu_ticks(pid) - before[pid] for pid in workers}
    assert all(ticks > 10 for ticks in used.values()), used  # both workers answered (CPU in 1/100 s)


def test_a_form_across_workers(two_workers):
    courses.test_dutch_eligibility_check_with_re_ask_and_correction_to_an_outcome(two_workers)
