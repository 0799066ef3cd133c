"""Several Rasa servers sharing a PostgreSQL tracker store and a Redis lock store, behind nginx
(deploy/nginx.conf.template, deploy/endpoints.multi.yml). Used by the scale-out test and the load benchmark."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.cli.endpoints import IN_PROCESS, MULTI
from bot.cli.endpoints import write as write_endpoints
from bot.cli.servers import BIN, RASA, ROOT, free_port, redis_command, start_process, stop_processes, wait_until_up
from bot.core.db.session import get_engine

DEPLOY = ROOT / "deploy"


def ensure_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``admin_url`` if missing; return its URL."""
    url = make_url(admin_url)
    engine = get_engine(str(url.set(database="postgres")))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    return str(url.set(database=name))


def render_nginx(prefix: Path, listen: int, actions_listen: int, rasa_ports: List[int],
                 action_ports: List[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in rasa_ports)
    actions = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in action_ports) or (
        "        server 127.0.0.1:9 down;  # none: the actions run inside the Rasa servers")
    template = (DEPLOY / "nginx.conf.template").read_text()
    for key, value in {"{prefix}": str(prefix), "{listen}": f"127.0.0.1:{listen}",
                       "{actions_listen}": f"127.0.0.1:{actions_listen}", "{rasa_servers}": servers,
                       "{action_servers}": actions}.items():
        template = template.replace(key, value)
    return template


@dataclass
class Cluster:
    balancer_url: str
    rasa_urls: List[str]
    token: str
    action_urls: List[str] = field(default_factory=list)
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: Dict[str, Path] = field(default_factory=dict)
    commands: Dict[str, List[str]] = field(default_factory=dict)
    env: Dict[str, str] = field(default_factory=dict)

    def start(self, name: str, args: Optional[List[str]] = None) -> subprocess.Popen:
        """Start (or start again) the process ``name``."""
        self.commands[name] = args or self.commands[name]
        process = start_process(self.commands[name], cwd=ROOT, env=self.env,
                                stdout=self.logs[name].open("a"), stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        """Stop a process the hard way (SIGKILL), as a crash would."""
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait(timeout=20)


@contextmanager
def running_cluster(model: Path, postgres_url: str, rasa_servers: int = 2, action_servers: int = 1,
                    env: Optional[Dict[str, str]] = None, workdir: Optional[Path] = None) -> Iterator[Cluster]:
    """Redis + M action servers + N Rasa servers (PostgreSQL tracker store, Redis lock store) + nginx.

    With ``action_servers=0`` each Rasa server runs the actions itself (``actions_module``, as
    ``ACTIONS_IN_PROCESS=1 make serve`` does)."""
    for tool in ("redis-server", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise RuntimeError(f"{tool} not found: `make test` installs it (Makefile: services)")
    workdir = Path(workdir or tempfile.mkdtemp(prefix="tc-cluster-"))
    workdir.mkdir(parents=True, exist_ok=True)
    tracker = make_url(ensure_database(postgres_url, "techconnect_tracker_test"))
    token = os.urandom(12).hex()
    redis_port, lb_port, actions_lb_port = free_port(), free_port(), free_port()
    action_ports = [free_port() for _ in range(action_servers)]
    rasa_ports = [free_port() for _ in range(rasa_servers)]
    full_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {}),
                "SANIC_HOST": "127.0.0.1",  # action servers: loopback only (the Rasa servers use --interface)
                "TRACKER_DB_HOST": tracker.host or "127.0.0.1", "TRACKER_DB_PORT": str(tracker.port or 5432),
                "TRACKER_DB_NAME": tracker.database, "TRACKER_DB_USER": tracker.username or "",
                "TRACKER_DB_PASSWORD": tracker.password or "", "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": str(redis_port),
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/2",  # channels: shared dedup of re-deliveries
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_lb_port}/webhook"}
    cluster = Cluster(f"http://127.0.0.1:{lb_port}", [f"http://127.0.0.1:{p}" for p in rasa_ports], token,
                      action_urls=[f"http://127.0.0.1:{p}" for p in action_ports], env=full_env)

    def start(name: str, args: List[str]) -> subprocess.Popen:
        cluster.logs[name] = workdir / f"{name}.log"
        return cluster.start(name, args)

    endpoints = DEPLOY / "endpoints.multi.yml"
    if not action_servers:
        endpoints = workdir / "endpoints.multi.in-process.yml"
        write_endpoints(endpoints, **MULTI, actions=IN_PROCESS)
    try:
        start("redis", redis_command(redis_port))
        prefix = workdir / "nginx"
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
            os.chmod(prefix / sub, 0o777)
        os.chmod(prefix, 0o755)
        (prefix / "nginx.conf").write_text(render_nginx(prefix, lb_port, actions_lb_port, rasa_ports, action_ports))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        start("nginx", [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
        for i, port in enumerate(action_ports):
            start(f"actions{i}", [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)])
        for i, port in enumerate(rasa_ports):
            start(f"rasa{i}", [*RASA, "run", "--model", str(model), "--port", str(port), "--interface",
                               "127.0.0.1", "--enable-api", "--auth-token", token,
                               "--endpoints", str(endpoints),
                               "--credentials", str(ROOT / "credentials.yml")])
        for i, port in enumerate(action_ports):
            wait_until_up(f"http://127.0.0.1:{port}/health", cluster.processes[f"actions{i}"], 180,
                          cluster.logs[f"actions{i}"])
        for i, url in enumerate(cluster.rasa_urls):
            wait_until_up(f"{url}/", cluster.processes[f"rasa{i}"], 300, cluster.logs[f"rasa{i}"])
        yield cluster
    finally:
        stop_processes(cluster.processes.values())
