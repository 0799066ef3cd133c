"""Start the real action server and Rasa server as subprocesses (used by end-to-end tests and benchmarks)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional

import requests

from bot.cli.endpoints import IN_PROCESS
from bot.cli.endpoints import write as write_endpoints
from bot.core.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
BIN = Path(sys.executable).parent
# Rasa's command line with our Rasa patches applied at start-up (bot/rasa_ext/server.py).
RASA = [sys.executable, "-m", "bot.rasa_ext.server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float, log: Path) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=1)
            return time.monotonic() - started
        except requests.RequestException:
            time.sleep(0.3)
    raise TimeoutError(f"{url} not up after {timeout:.0f}s:\n{log.read_text()[-3000:]}")


class Stack:
    def __init__(self, rasa_url: str, action_url: Optional[str], processes: Dict[str, subprocess.Popen],
                 logs: Dict[str, Path], startup_seconds: Dict[str, float]):
        self.rasa_url = rasa_url
        self.action_url = action_url
        self.processes = processes
        self.logs = logs
        self.startup_seconds = startup_seconds

    def send(self, sender: str, text: str, metadata: Optional[dict] = None, timeout: float = 30) -> list:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=timeout)
        response.raise_for_status()
        return response.json()


def redis_command(port: int) -> List[str]:
    """A throw-away Redis on loopback (no persistence), for tests, benchmarks and the local cluster."""
    redis = shutil.which("redis-server") or "/usr/bin/redis-server"
    return [redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def start_process(args: List[str], **kwargs) -> subprocess.Popen:
    """A server process in a process group of its own, so that stop_processes also ends what it started (Sanic's
    worker processes with RASA_WORKERS, nginx's workers)."""
    return subprocess.Popen(args, start_new_session=True, **kwargs)


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_processes(processes: Iterable[subprocess.Popen], timeout: float = 20) -> None:
    """SIGTERM to each process's group, SIGKILL to whatever is still there after ``timeout`` (a Sanic worker
    whose main process was stopped used to live on, orphaned)."""
    processes = list(processes)
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait(timeout=timeout)
    for process in processes:  # the leader is gone; members of its group that outlived it are not
        _signal_group(process, signal.SIGKILL)


@contextmanager
def running_stack(model: Path, env: Optional[Dict[str, str]] = None, enable_api: bool = False,
                  workdir: Optional[Path] = None, actions_in_process: bool = False,
                  workers: int = 1) -> Iterator[Stack]:
    """Action server + Rasa server on free loopback ports (as endpoints.yml), or with ``actions_in_process`` the
    Rasa server alone running the actions itself (``make serve ACTIONS_IN_PROCESS=1``); all are stopped on exit.
    ``workers`` > 1: that many Rasa worker processes on the one port with a Redis lock store, started here
    (``make serve RASA_WORKERS=N``).

    Conversations go to an SQLite tracker store in ``workdir`` (as in the default endpoints.yml)."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="tc-stack-"))
    action_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    tracker_db = workdir / "conversations.sqlite3"
    redis_port = free_port()
    write_endpoints(endpoints, actions=IN_PROCESS if actions_in_process else f"http://127.0.0.1:{action_port}/webhook",
                    conversations=tracker_db, redis={"url": "127.0.0.1", "port": redis_port} if workers > 1 else None)
    full_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})}
    rasa_env = {**full_env, "SANIC_WORKERS": str(workers)} if workers > 1 else full_env
    logs = {"rasa": workdir / "rasa.log"}
    if not actions_in_process:
        logs["actions"] = workdir / "actions.log"
    processes: Dict[str, subprocess.Popen] = {}
    startup: Dict[str, float] = {}
    try:
        if workers > 1:
            processes["redis"] = start_process(redis_command(redis_port), stdout=subprocess.DEVNULL)
        if not actions_in_process:
            processes["actions"] = start_process(
                [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(action_port)],
                cwd=ROOT, env={**full_env, "SANIC_HOST": "127.0.0.1"}, stdout=logs["actions"].open("w"),
                stderr=subprocess.STDOUT)
        cmd = [*RASA, "run", "--model", str(model), "--port", str(rasa_port),
               "--interface", "127.0.0.1", "--endpoints", str(endpoints), "--credentials",
               str(ROOT / "credentials.yml")]
        if enable_api:
            cmd.append("--enable-api")
        processes["rasa"] = start_process(cmd, cwd=ROOT, env=rasa_env, stdout=logs["rasa"].open("w"),
                                          stderr=subprocess.STDOUT)
        if not actions_in_process:
            startup["actions"] = wait_until_up(f"http://127.0.0.1:{action_port}/health", processes["actions"],
                                               120, logs["actions"])
        startup["rasa"] = wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes["rasa"], 240, logs["rasa"])
        action_url = None if actions_in_process else f"http://127.0.0.1:{action_port}"
        stack = Stack(f"http://127.0.0.1:{rasa_port}", action_url, processes, logs, startup)
        stack.tracker_db_url = f"sqlite:///{tracker_db}"
        yield stack
    finally:
        stop_processes(processes.values())
