"""Faults on a real deployment (PostgreSQL tracker store and catalog on their own PostgreSQL server, Redis,
nginx, Rasa and action server): action server down and database down give a short apology in the user's
language, never silence or a stack trace, and service resumes by itself when the dependency is back."""
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.cli.servers import ROOT, free_port, wait_until_up
from tests.e2e.conftest import trained_model
from tests.e2e.helpers import new_user
from tests.e2e.test_scale_out import say
from tools.cluster import ensure_database, running_cluster

pytestmark = pytest.mark.e2e
APOLOGY = "er gaat nu iets mis aan mijn kant"


def postgres(port, action):
    data = f"/tmp/techconnect-pg-{port}"
    if action == "start":
        out = subprocess.run([str(ROOT / "scripts/start_postgres.sh"), str(port)], check=True, capture_output=True,
                             text=True)
        return out.stdout.strip().splitlines()[-1]
    pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    subprocess.run(["runuser", "-u", "postgres", "--", str(pg_ctl[-1]), "-D", data, "-m", "fast", "-w", "stop"],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    port = free_port()
    url = postgres(port, "start")
    catalog = ensure_database(url, "techconnect_faults")
    from bot.core.catalog.importer import import_catalog
    from bot.core.db.migrate import upgrade
    from bot.core.db.session import get_engine

    upgrade(catalog)
    import_catalog(engine=get_engine(catalog))
    try:
        with running_cluster(trained_model(), url, rasa_servers=1, action_servers=1,
                             env={"DATABASE_URL": catalog, "TURN_TIMEOUT_SECONDS": "8"},
                             workdir=tmp_path_factory.mktemp("faults")) as cluster:
            # the first turns of a fresh server are slow (TensorFlow warms up): not what these tests are about
            eventually(cluster.rasa_urls[0], "warm-up", "wat doet een tester?", "Softwaretester", seconds=120)
            yield cluster, port
    finally:
        try:
            postgres(port, "stop")
        except subprocess.CalledProcessError:
            pass


def eventually(url, sender, text, expected, seconds=60):
    """Service resumes by itself: the same question is answered properly within ``seconds``."""
    deadline, answer = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        answer = say(url, sender, text)
        if expected in answer:
            return answer
        time.sleep(1)
    raise AssertionError(f"not answered with {expected!r} within {seconds}s; last answer: {answer!r}")


def test_action_server_down_gives_an_apology_and_recovers(deployment):
    cluster, _ = deployment
    url, sender = cluster.rasa_urls[0], new_user()
    assert "Softwaretester" in say(url, sender, "wat doet een tester?")
    cluster.kill("actions0")
    answer = say(url, sender, "wat doet een data analist?")
    assert APOLOGY in answer and "Traceback" not in answer
    cluster.start("actions0")
    wait_until_up(f"{cluster.action_urls[0]}/health", cluster.processes["actions0"], 180, cluster.logs["actions0"])
    eventually(url, sender, "wat doet een data analist?", "Data-analist")


def test_a_hanging_action_server_gives_an_apology_in_time_and_recovers(deployment):
    cluster, _ = deployment
    url, sender = cluster.rasa_urls[0], new_user()
    assert "Softwaretester" in say(url, sender, "wat doet een tester?")
    actions = cluster.processes["actions0"]
    actions.send_signal(signal.SIGSTOP)  # alive but not answering: as slow as it gets
    try:
        started = time.monotonic()
        answer = say(url, sender, "wat doet een data analist?")
        assert APOLOGY in answer and time.monotonic() - started < 20
    finally:
        actions.send_signal(signal.SIGCONT)
    eventually(url, sender, "wat doet een data analist?", "Data-analist")


def test_database_down_gives_an_apology_and_recovers(deployment):
    """What needs the database (the courses) gets the apology while it is down; the profiles, which the action
    server keeps in memory per catalog version, are still answered; everything is back once it returns."""
    cluster, port = deployment
    url, sender = cluster.rasa_urls[0], new_user()
    assert "Data-analist" in say(url, sender, "welke banen zijn er?")
    postgres(port, "stop")
    try:
        answer = say(url, sender, "zoek een cursus in zaandam")
        assert APOLOGY in answer and "Traceback" not in answer
        assert "Data-analist" in say(url, sender, "welke banen zijn er?")
    finally:
        postgres(port, "start")
    eventually(url, sender, "zoek een cursus in zaandam", "Zaandam")
