"""Every endpoints file is written one way (bot/cli/endpoints.py): the two in the repository are what it writes."""
import subprocess
import sys
from pathlib import Path

import yaml

from bot.cli import endpoints

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_endpoints_file_is_what_the_writer_writes():
    assert yaml.safe_load((ROOT / "endpoints.yml").read_text()) == endpoints.endpoints()


def test_the_scale_out_endpoints_file_is_what_the_writer_writes():
    multi = yaml.safe_load((ROOT / "deploy" / "endpoints.multi.yml").read_text())
    assert multi == endpoints.endpoints(**endpoints.MULTI)


def test_in_process_actions_and_no_tracker_file_and_a_lock_store():
    written = endpoints.endpoints(actions=endpoints.IN_PROCESS, conversations=None,
                                  redis={"url": "127.0.0.1", "port": 6400})
    assert written == {"action_endpoint": {"actions_module": "actions"},
                       "nlg": {"type": "bot.rasa_ext.nlg.CatalogNaturalLanguageGenerator"},
                       "lock_store": {"type": "redis", "db": 1, "key_prefix": "techconnect", "url": "127.0.0.1",
                                      "port": 6400}}


def test_the_command_writes_a_file_rasa_reads(tmp_path):
    from rasa.utils.endpoints import read_endpoint_config

    out = tmp_path / "endpoints.yml"
    subprocess.run([sys.executable, "-m", "bot.cli.main", "endpoints", str(out), "--actions",
                    "http://127.0.0.1:5999/webhook", "--redis", "127.0.0.1:6390"], cwd=ROOT, check=True)
    assert read_endpoint_config(str(out), "action_endpoint").url == "http://127.0.0.1:5999/webhook"
    lock = read_endpoint_config(str(out), "lock_store")
    assert lock.type == "redis" and lock.kwargs["port"] == 6390
    assert read_endpoint_config(str(out), "tracker_store").kwargs["db"] == "var/conversations.sqlite3"
