"""The terminal chat (`techconnect chat`, as `make chat` opens it) on a real pseudo-terminal, against the real
stack: what a user sees before the first prompt, a greeting, a button picked by its number, and a question typed
while buttons are shown."""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import trained_model

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parents[2] / "results"  # the screen as the user saw it
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]|\r")
PROMPT = re.compile(r"(jij|you) › ")
NEXT_PROMPT = re.compile(r"\n(jij|you) › \s*$")
OPTION = re.compile(r"^\s*(\d+)\. (.+?)\s*$", re.M)


class Terminal:
    """A program on a pseudo-terminal of 120x40, read like a user reads the screen (colour codes removed)."""

    def __init__(self, args, env):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.raw, self.seen = "", 0

    @property
    def screen(self) -> str:
        return ANSI.sub("", self.raw)

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.raw += os.read(self.master, 65536).decode("utf-8", "replace")
            except OSError:  # the program has ended and closed the terminal
                time.sleep(timeout)

    def expect(self, pattern: re.Pattern, timeout: float = 60) -> re.Match:
        """Waits for ``pattern`` after what was already matched; returns the match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = pattern.search(self.screen, self.seen)
            if found:
                self.seen = found.end()
                return found
            if self.process.poll() is not None:  # ended: read what is left once more, then stop waiting
                self.read(0.5)
                if not pattern.search(self.screen, self.seen):
                    break
            self.read(0.2)
        raise AssertionError(f"{pattern.pattern!r} not seen; screen since the last match:\n{self.screen[self.seen:]}")

    def answer_to(self, line: str, timeout: float = 60) -> str:
        """Types ``line`` and Enter; returns what appeared between it and the next prompt. The typed line is drawn
        again with its prompt when Enter is pressed, so the next prompt is the one that ends the screen after at
        least one line of output."""
        start = len(self.screen)
        os.write(self.master, line.encode() + b"\r")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.2)
            since = self.screen[start:]
            if since.count("\n") >= 2 and NEXT_PROMPT.search(since):
                self.seen = len(self.screen)
                return since
        raise AssertionError(f"no prompt after {line!r}; screen since then:\n{self.screen[start:]}")

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        os.close(self.master)


def terminal_env(**extra):
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "120", "LINES": "40",
           **extra}
    for name in ("PYTHONWARNINGS", "TF_CPP_MIN_LOG_LEVEL", "SQLALCHEMY_SILENCE_UBER_WARNING"):
        env.pop(name, None)  # warnings must be kept off the screen by the chat itself, not by make
    return env


@pytest.fixture
def terminal(stack):
    term = Terminal([str(BIN / "techconnect"), "chat", "--url", stack.rasa_url], terminal_env())
    yield term
    term.close()


def assert_quiet(before_prompt):
    assert "Welkom bij TechConnect Guide" in before_prompt and "Welcome to TechConnect Guide" in before_prompt
    for noise in ("Warning", "warn(", "Traceback", "Error", "DEBUG", "INFO"):
        assert noise not in before_prompt, before_prompt


def processes_mentioning(*words):
    """Running processes whose command line contains every one of ``words``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if proc.name.isdigit() and all(w in cmdline for w in words):
            found.append(int(proc.name))
    return found


def options(text):
    return {title: number for number, title in OPTION.findall(text)}


def test_terminal_chat_with_buttons_and_free_typing(terminal):
    terminal.expect(PROMPT, timeout=60)
    before_prompt = terminal.screen[:terminal.seen]
    assert_quiet(before_prompt)
    assert len(before_prompt.strip().splitlines()) <= 6, before_prompt  # name, welcome, commands, prompt

    greeting = terminal.answer_to("hoi")
    assert "TechConnect: " in greeting and "privacy" in greeting.lower(), greeting
    shown = options(greeting)
    assert "Welke banen zijn er?" in shown, greeting
    assert "Typ een nummer" in greeting

    jobs = terminal.answer_to(shown["Welke banen zijn er?"])
    assert "→ Welke banen zijn er?" in jobs and "Data-analist" in jobs, jobs
    assert options(jobs), "the list of jobs offers buttons, so the next line is typed while they are shown"

    route = terminal.answer_to("ik heb alleen vmbo, kan ik dat worden?")
    assert "→" not in route, route  # typed text, not a button
    assert "vmbo" in route.lower() and "€" not in route, route

    assert "nieuw gesprek" in terminal.answer_to("/reset").lower()
    english = terminal.answer_to("what does a tester do?")
    assert "test" in english.lower() and english.rstrip().endswith("you ›"), english

    os.write(terminal.master, b"/stop\r")
    terminal.expect(re.compile(r"Goodbye!"), timeout=20)
    assert terminal.process.wait(timeout=20) == 0
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "terminal-chat.txt").write_text(terminal.screen)
    assert "Traceback" not in terminal.screen


def test_the_chat_starts_its_own_servers_quietly_and_stops_them(stack, tmp_path):
    """`make chat`'s path: no --url, so the chat starts the action server and the Rasa server itself."""
    var = tmp_path / "var"
    term = Terminal([str(BIN / "techconnect"), "chat", "--var", str(var), "--model", str(trained_model())],
                    terminal_env(DATABASE_URL=stack.database_url, CATALOG_MODE="demo"))
    try:
        term.expect(PROMPT, timeout=300)
        before_prompt = term.screen[:term.seen]
        assert_quiet(before_prompt)
        assert "De assistent start op" in before_prompt
        assert len(before_prompt.strip().splitlines()) <= 9, before_prompt  # starting (2), name, welcome, prompt
        servers = processes_mentioning("rasa", str(var))
        assert servers, "the Rasa server runs with the chat's endpoints file"
        greeting = term.answer_to("hoi")
        assert "TechConnect: Hoi" in greeting and "1. " in greeting, greeting
        assert (var / "rasa-server.log").stat().st_size > 0  # the servers' output went to var/, not the screen
        assert (var / "conversations.sqlite3").exists()
        os.write(term.master, b"/stop\r")
        term.expect(re.compile(r"Tot ziens!"), timeout=20)
        assert term.process.wait(timeout=30) == 0
        assert processes_mentioning("rasa", str(var)) == []
        action_port = re.search(r"127\.0\.0\.1:(\d+)/webhook", (var / "endpoints.chat.yml").read_text()).group(1)
        assert processes_mentioning("rasa", "actions", "--port", action_port) == []
    finally:
        term.close()
