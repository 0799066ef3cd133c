"""Stopping a test/bench server ends everything it started, as Sanic's worker processes are."""
import os
import subprocess
import sys
import time

from bot.cli.servers import start_process, stop_processes

# A parent that starts a child which ignores SIGTERM (as a busy worker may) and reports its pid.
PARENT = ("import os, signal, subprocess, sys, time\n"
          "child = subprocess.Popen([sys.executable, '-c', "
          "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)'])\n"
          "print(child.pid, flush=True)\n"
          "time.sleep(300)\n")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its parent counts as gone
        return stat.read().split()[2] != "Z"


def test_stopping_a_server_also_ends_the_processes_it_started():
    parent = start_process([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert alive(child)
    started = time.monotonic()
    stop_processes([parent], timeout=2)
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert parent.poll() is not None and not alive(child)
    assert time.monotonic() - started < 10
