"""Load benchmark over the REST channel: our stack and a freshly trained default `rasa init` project, same run.

    .venv/bin/python bench/load.py [--users 20] [--seconds 20] [--rasa-servers 1] [--skip-default]
    .venv/bin/python bench/load.py --soak 600 [--users 5]      (make soak: 10 minutes, moderate load)

For each stack: throughput and p50/p95/p99 latency with N concurrent users (each user plays realistic
conversations, Dutch and English, one message after the other), single-user latency, NLU-only latency
(/model/parse on the same server), cold start (process start to first answer) and memory (RSS) per process.
Figures are printed; ratios (ours vs default, turn vs NLU) are what compares across machines.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.cli import modelcache  # noqa: E402
from bot.cli.endpoints import IN_PROCESS  # noqa: E402
from bot.cli.endpoints import write as write_endpoints  # noqa: E402
from bot.cli.servers import (  # noqa: E402
    BIN,
    RASA,
    free_port,
    redis_command,
    start_process,
    stop_processes,
    wait_until_up,
)

OUR_CONVERSATIONS = [
    ["hoi", "welke banen zijn er?", "wat doet een data analist?", "wat verdien je daarmee?", "ik heb mbo 4",
     "zoek een cursus in zaandam", "meer", "bedankt!"],
    ["hi", "what jobs are there in tech", "what does a tester do", "how much does it pay", "i have havo",
     "find a course in amsterdam", "is there one in the evening?", "thanks"],
    ["hallo", "moet ik goed zijn in wiskunde?", "ben ik te oud op mijn 45e?", "ik heb geen diploma",
     "welke opleiding past bij cyber security", "wat kost dat", "doei"],
    ["hey", "can we talk in english?", "i want to become a software developer", "i have a vmbo diploma",
     "are there free courses near me in amsterdam", "more", "bye"],
]
DEFAULT_CONVERSATIONS = [
    ["hi", "I am feeling very sad", "yes", "bye"],
    ["hello", "I am great", "are you a bot?", "goodbye"],
    ["hey there", "not good", "no", "see you later"],
]


@dataclass
class Stats:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def _user(session: aiohttp.ClientSession, url: str, conversations: List[List[str]], deadline: float,
                stats: Stats, rnd: random.Random) -> None:
    while time.monotonic() < deadline:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for text in rnd.choice(conversations):
            if time.monotonic() >= deadline:
                return
            started = time.monotonic()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as reply:
                    await reply.read()
                    ok = reply.status == 200
            except aiohttp.ClientError:
                ok = False
            if ok:
                stats.latencies.append(time.monotonic() - started)
            else:
                stats.errors += 1


async def load(base_urls: List[str], conversations: List[List[str]], users: int, seconds: float) -> Stats:
    """``users`` concurrent users spread over the servers in ``base_urls`` (a load balancer would do this)."""
    stats = Stats()
    connector = aiohttp.TCPConnector(limit=users * 2)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        # warm-up: every server answers a few turns first
        for base in base_urls:
            for text in conversations[0][:3]:
                async with session.post(f"{base}/webhooks/rest/webhook", json={"sender": "warm", "message": text}):
                    pass
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*[
            _user(session, f"{base_urls[i % len(base_urls)]}/webhooks/rest/webhook", conversations, deadline, stats,
                  random.Random(i)) for i in range(users)])
        stats.seconds = time.monotonic() - started
    return stats


async def parse_latency(base_url: str, texts: List[str], rounds: int = 5, token: Optional[str] = None) -> Stats:
    stats = Stats()
    params = {"token": token} if token else {}
    async with aiohttp.ClientSession() as session:
        started = time.monotonic()
        for _ in range(rounds):
            for text in texts:
                t0 = time.monotonic()
                async with session.post(f"{base_url}/model/parse", json={"text": text}, params=params) as reply:
                    await reply.read()
                stats.latencies.append(time.monotonic() - t0)
        stats.seconds = time.monotonic() - started
    return stats


async def paired_latency(base_url: str, conversations: List[List[str]], seconds: float, parse_url: str,
                         token: Optional[str] = None) -> tuple:
    """One user plays conversations; right after each turn the same text goes to /model/parse. Turn and NLU are
    sampled at the same moments, so a burst of load from elsewhere on the machine hits both alike (separate runs
    moved the ratio between 2.3 and 6.9 on this machine)."""
    turns, parses = Stats(), Stats()
    params = {"token": token} if token else {}
    rnd = random.Random(7)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sender = f"paired-{uuid.uuid4().hex[:12]}"
            for text in rnd.choice(conversations):
                for stats, url, body, query in (
                        (turns, f"{base_url}/webhooks/rest/webhook", {"sender": sender, "message": text}, {}),
                        (parses, f"{parse_url}/model/parse", {"text": text}, params)):
                    t0 = time.monotonic()
                    async with session.post(url, json=body, params=query) as reply:
                        await reply.read()
                        if reply.status != 200:
                            stats.errors += 1
                    stats.latencies.append(time.monotonic() - t0)
    return turns, parses


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def children(pid: int) -> List[int]:
    """Direct child processes (Sanic's workers of a `rasa run` with SANIC_WORKERS > 1)."""
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:
        return []


def first_answer(url: str, text: str, timeout: float = 300) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": "cold", "message": text}, timeout=30)
            if reply.status_code == 200 and reply.json():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} gave no answer within {timeout:.0f}s")


class Server:
    def __init__(self, args: List[str], cwd: Path, env: Dict[str, str], log: Path):
        self.started = time.monotonic()
        self.process = start_process(args, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.log = log

    def stop(self) -> None:
        stop_processes([self.process])


def default_project(cache: Path) -> Path:
    """A default `rasa init` project with its trained model, made once and kept in var/bench/."""
    models = sorted((cache / "models").glob("*.tar.gz")) if cache.exists() else []
    if models:
        return models[-1]
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    print(">> rasa init --no-prompt (creates and trains the default project, a few minutes)", flush=True)
    subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(cache)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                   env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return sorted((cache / "models").glob("*.tar.gz"))[-1]


def env_for(extra: Dict[str, str]) -> Dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **extra}


def measure(name: str, base_urls: List[str], conversations: List[List[str]], users: int, seconds: float,
            pids: Dict[str, int], cold: Dict[str, float], results: dict, parse_url: Optional[str] = None,
            token: Optional[str] = None) -> None:
    print(f">> {name}: 1 user, then {users} users, {seconds:.0f} s each", flush=True)
    texts = sorted({t for c in conversations for t in c})
    # NLU-only latency right before and right after the single-user run, so that the ratio turn / NLU compares
    # the same minute of this (noisy) machine
    nlu = asyncio.run(parse_latency(parse_url or base_urls[0], texts, token=token))
    single = asyncio.run(load(base_urls[:1], conversations, 1, seconds))
    nlu.latencies += asyncio.run(parse_latency(parse_url or base_urls[0], texts, token=token)).latencies
    paired = asyncio.run(paired_latency(base_urls[0], conversations, seconds / 2, parse_url or base_urls[0], token))
    many = asyncio.run(load(base_urls, conversations, users, seconds))
    results[name] = {"single": single, "many": many, "nlu": nlu, "paired": paired,
                     "rss": {k: rss_mb(p) for k, p in pids.items()}, "cold": cold}


def report(results: dict, users: int) -> None:
    print()
    print(f"{'stack':<38}{'users':>6}{'msgs':>8}{'msg/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, r in results.items():
        for label, s in (("1", r["single"]), (str(users), r["many"])):
            print(f"{name:<38}{label:>6}{len(s.latencies):>8}{s.throughput:>9.1f}{s.pct(50):>9.0f}{s.pct(95):>9.0f}"
                  f"{s.pct(99):>9.0f}{s.errors:>8}")
    print()
    for name, r in results.items():
        rss = ", ".join(f"{k} {v:.0f} MB" for k, v in r["rss"].items())
        cold = ", ".join(f"{k} {v:.1f} s" for k, v in r["cold"].items())
        turns, parses = r["paired"]
        print(f"{name}: NLU-only /model/parse p50 {r['nlu'].pct(50):.1f} ms (p95 {r['nlu'].pct(95):.1f}); "
              f"turn p50 / NLU p50 = {r['single'].pct(50) / r['nlu'].pct(50):.2f} (separate runs), "
              f"{turns.pct(50) / parses.pct(50):.2f} (paired: turn p50 {turns.pct(50):.1f} ms, NLU p50 "
              f"{parses.pct(50):.1f} ms, {len(turns.latencies)} pairs); cold start {cold}; RSS {rss}")
    if "default rasa init" in results:
        base = results["default rasa init"]["many"]
        print(f"\nthroughput at {users} users against the default stack (target >= 4x with p95 <= 250 ms):")
        for name, r in results.items():
            if name.startswith("ours"):
                ours = r["many"]
                print(f"  {name}: {ours.throughput / base.throughput:.2f}x, p95 {ours.pct(95):.0f} ms")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rasa-servers", type=int, default=1,
                        help="more than 1: Rasa processes behind nginx with PostgreSQL tracker store and Redis lock "
                             "store (deploy/), PostgreSQL from BENCH_POSTGRES_URL")
    parser.add_argument("--action-servers", type=int, default=1)
    parser.add_argument("--workers", default="1",
                        help="comma-separated, e.g. 1,2: one Rasa server with that many Sanic worker processes "
                             "(SANIC_WORKERS), sharing the SQLite conversations and a Redis lock store (one machine, "
                             "several cores); each number is measured")
    parser.add_argument("--actions", choices=("in-process", "action-server", "both"), default="both",
                        help="one Rasa server: actions on an action server (endpoints.yml), inside Rasa, or both")
    parser.add_argument("--model", type=Path, help="a trained model to measure (default: the current one)")
    parser.add_argument("--skip-default", action="store_true", help="do not build/measure the rasa init project")
    parser.add_argument("--soak", type=float, default=0, metavar="SECONDS",
                        help="soak test instead: this long at --users users, memory sampled every 30 s")
    args = parser.parse_args(argv)
    if args.soak:
        args.users = args.users if args.users != 20 else 5

    work = Path(tempfile.mkdtemp(prefix="tc-load-"))
    results: dict = {}
    model = args.model or modelcache.model_path()
    if not model.exists():
        print("no trained model: run `make train` first", file=sys.stderr)
        return 1
    db = work / "catalog.sqlite3"
    env = env_for({"DATABASE_URL": f"sqlite:///{db}", "RATE_LIMIT_PER_MINUTE": "100000"})
    subprocess.run([str(BIN / "techconnect"), "db", "setup"], env=env, check=True, stdout=subprocess.DEVNULL)

    if args.soak:
        return soak(model, env, args, work)
    if args.rasa_servers > 1:
        measure_cluster(model, env, args, results, work)
    else:
        for workers in [int(n) for n in str(args.workers).split(",")]:
            if workers > 1 and not (shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()):
                print(f">> skipping {workers} workers: they need redis-server (make test-deps installs it)")
                continue
            for in_process in {"in-process": [True], "action-server": [False], "both": [False, True]}[args.actions]:
                measure_single(model, env, args, results, work, in_process, workers)

    if not args.skip_default:
        default_model = default_project(ROOT / "var" / "bench" / "rasa-init")
        port = free_port()
        rasa = Server([str(BIN / "rasa"), "run", "--model", str(default_model), "--port", str(port), "--interface",
                       "127.0.0.1", "--enable-api"], default_model.parents[1], env_for({}), work / "default.log")
        try:
            url = f"http://127.0.0.1:{port}"
            first_answer(url, "hi")
            measure("default rasa init", [url], DEFAULT_CONVERSATIONS, args.users, args.seconds,
                    {"rasa": rasa.process.pid}, {"rasa": time.monotonic() - rasa.started}, results)
        finally:
            rasa.stop()

    report(results, args.users)
    return 0


def soak(model: Path, env: Dict[str, str], args: argparse.Namespace, work: Path) -> int:
    """Moderate load for a long time, actions inside the Rasa server (one process to watch), conversations in the
    SQLite tracker store as shipped (Rasa's in-memory store would keep every conversation and grow by design):
    errors must stay 0 and memory must level off."""
    port = free_port()
    endpoints = work / "endpoints.yml"
    write_endpoints(endpoints, actions=IN_PROCESS, conversations=work / "soak-conversations.sqlite3")
    rasa = Server([*RASA, "run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1",
                   "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")], ROOT, env,
                  work / "rasa.log")
    try:
        url = f"http://127.0.0.1:{port}"
        first_answer(url, "hoi")
        print(f">> soak: {args.users} users for {args.soak:.0f} s; memory every 30 s", flush=True)
        print(f"{'t (s)':>6}{'msgs':>8}{'msg/s':>8}{'p95 ms':>8}{'errors':>8}{'rasa MB':>9}")
        total = Stats()
        samples = []
        started = time.monotonic()
        while time.monotonic() - started < args.soak:
            chunk = asyncio.run(load([url], OUR_CONVERSATIONS, args.users,
                                    max(1.0, min(30.0, args.soak - (time.monotonic() - started)))))
            total.latencies += chunk.latencies
            total.errors += chunk.errors
            samples.append(rss_mb(rasa.process.pid))
            print(f"{time.monotonic() - started:>6.0f}{len(chunk.latencies):>8}{chunk.throughput:>8.1f}"
                  f"{chunk.pct(95):>8.0f}{chunk.errors:>8}{samples[-1]:>9.0f}", flush=True)
        half = samples[len(samples) // 2:]
        growth = (half[-1] - half[0]) if len(half) > 1 else 0.0
        print(f"\nsoak: {len(total.latencies)} messages, {total.errors} errors, p95 {total.pct(95):.0f} ms; "
              f"rasa RSS {samples[0]:.0f} -> {samples[-1]:.0f} MB (second half: {growth:+.0f} MB)")
        return 0 if total.errors == 0 else 1
    finally:
        rasa.stop()


def measure_cluster(model: Path, env: Dict[str, str], args: argparse.Namespace, results: dict, work: Path) -> None:
    from tools.cluster import running_cluster

    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if not postgres:
        raise SystemExit("--rasa-servers > 1 needs BENCH_POSTGRES_URL (scripts/start_postgres.sh prints one)")
    started = time.monotonic()
    with running_cluster(model, postgres, rasa_servers=args.rasa_servers, action_servers=args.action_servers,
                         env={k: env[k] for k in ("DATABASE_URL", "RATE_LIMIT_PER_MINUTE")},
                         workdir=work / "cluster") as cluster:
        first_answer(cluster.balancer_url, "hoi")
        cold = {"all servers": time.monotonic() - started}
        pids = {name: p.pid for name, p in cluster.processes.items() if name.startswith(("rasa", "actions"))}
        kind = f"{args.action_servers} action servers" if args.action_servers else "actions in-process"
        measure(f"ours x{args.rasa_servers} (nginx, {kind})", [cluster.balancer_url], OUR_CONVERSATIONS, args.users,
                args.seconds, pids, cold, results, parse_url=cluster.rasa_urls[0], token=cluster.token)


def measure_single(model: Path, env: Dict[str, str], args: argparse.Namespace, results: dict, work: Path,
                   in_process: bool, workers: int = 1) -> None:
    """Our stack on one machine as shipped (endpoints.yml: Rasa + action server, conversations in an SQLite
    tracker store), or with the actions inside the Rasa server. BENCH_TRACKER_STORE=memory keeps conversations in
    memory instead (Rasa's default, as the `rasa init` project has)."""
    action_port = free_port()
    endpoints = work / ("endpoints-in-process.yml" if in_process else "endpoints-action-server.yml")
    if workers > 1 and os.environ.get("BENCH_TRACKER_STORE") == "memory":
        raise SystemExit("--workers > 1 needs a shared tracker store (not BENCH_TRACKER_STORE=memory)")
    conversations = None if os.environ.get("BENCH_TRACKER_STORE") == "memory" else (
        work / ("conversations-in-process.sqlite3" if in_process else "conversations.sqlite3"))
    actions = IN_PROCESS if in_process else f"http://127.0.0.1:{action_port}/webhook"
    write_endpoints(endpoints, actions=actions, conversations=conversations)
    servers: List[Server] = []
    rasa_env = env
    try:
        pids, cold, urls = {}, {}, []
        if workers > 1:
            redis_port = free_port()
            servers.append(Server(redis_command(redis_port), ROOT, env, work / "redis.log"))
            write_endpoints(endpoints, actions=actions, conversations=conversations,
                            redis={"url": "127.0.0.1", "port": redis_port})
            rasa_env = {**env, "SANIC_WORKERS": str(workers)}
        if not in_process:
            actions = Server([str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port",
                              str(action_port)], ROOT, {**env, "SANIC_HOST": "127.0.0.1"}, work / "actions.log")
            servers.append(actions)
            wait_until_up(f"http://127.0.0.1:{action_port}/health", actions.process, 120, actions.log)
            pids["actions"] = actions.process.pid
        for i in range(args.rasa_servers):
            port = free_port()
            rasa = Server([*RASA, "run", "--model", str(model), "--port", str(port), "--interface",
                           "127.0.0.1", "--enable-api", "--endpoints", str(endpoints), "--credentials",
                           str(ROOT / "credentials.yml")], ROOT, rasa_env, work / f"rasa{i}.log")
            servers.append(rasa)
            url = f"http://127.0.0.1:{port}"
            first_answer(url, "hoi")
            cold[f"rasa{i}"] = time.monotonic() - rasa.started
            urls.append(url)
            pids[f"rasa{i}"] = rasa.process.pid
            for w, worker in enumerate(children(rasa.process.pid)):
                pids[f"rasa{i} worker{w}"] = worker
        name = "ours, actions in-process" if in_process else "ours"
        if workers > 1:
            name += f", {workers} workers"
        measure(name, urls, OUR_CONVERSATIONS, args.users, args.seconds, pids, cold, results)
    finally:
        for server in servers:
            server.stop()

if __name__ == "__main__":
    sys.exit(main())
