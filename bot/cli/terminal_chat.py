"""Chat in the terminal (`make chat`, `techconnect chat`): a small client of the REST channel, like any other
channel of the Rasa server.

Without ``--url`` it starts the action server and the Rasa server in the background on free loopback ports (their
logs go to var/, so no warnings reach the screen) and stops them when the chat ends. What the user types is read
with prompt_toolkit. Buttons are shown as numbered options: a typed number or title picks one, anything else goes
to the assistant as typed text, so a question asked while buttons are shown is never caught by a menu. The
assistant decides the conversation's language; this screen's own lines follow it. /reset starts a new
conversation, /stop ends the chat.
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import textwrap
import uuid
import warnings
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import requests

from bot.core import messages
from bot.core.language import SUPPORTED
from bot.core.paths import PROJECT_ROOT
from bot.core.settings import settings

ROOT = PROJECT_ROOT
BIN = Path(sys.executable).parent

# The screen's own lines (message catalogs, keys terminal.*). Before the assistant has answered, the language is
# not known yet: those lines show both.
TEXTS: Dict[str, Dict[str, str]] = messages.table("terminal.")
COMMANDS = {"/stop": "stop", "/quit": "stop", "/exit": "stop", "/stoppen": "stop",
            "/reset": "reset", "/restart": "reset", "/opnieuw": "reset",
            "/help": "help", "/hulp": "help"}
BOT_NAME = "TechConnect"
Fragments = List[Tuple[str, str]]  # prompt_toolkit's formatted text: (style, text) pairs


def say(key: str, lang: str, **values: str) -> str:
    text = TEXTS[key].get(lang) or TEXTS[key][messages.SOURCE_LANGUAGE]
    return text.format(**values) if values else text


def both(key: str, **values: str) -> str:
    """Two lines, Dutch and English, for the moment before the assistant has chosen a language."""
    return f"{say(key, 'nl', **values)}\n{say(key, 'en', **values)}"


def command_of(text: str) -> Optional[str]:
    """'stop', 'reset' or 'help' for a chat command; None for anything meant for the assistant."""
    return COMMANDS.get(text.strip().lower())


def shown_buttons(messages: Sequence[dict]) -> List[dict]:
    """The buttons of one reply, in the order they are numbered on screen."""
    return [b for m in messages for b in (m.get("buttons") or []) if isinstance(b, dict) and b.get("payload")]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def pick_button(text: str, buttons: Sequence[dict]) -> Optional[dict]:
    """The button a typed line picks: its number ("2", "2.") or its exact title. Anything else is a message of
    its own, so a question typed while buttons are shown is sent as it is."""
    typed = text.strip().rstrip(".)")
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1]
    wanted = _plain(text)
    return next((b for b in buttons if wanted and _plain(b.get("title", "")) == wanted), None)


def wrap(text: str, width: Optional[int], first: int = 0, indent: str = "  ") -> str:
    """Lines that fit the terminal, continued with an indent (a list item keeps its dash visible); ``first`` is the
    room the name before the first line takes. No width: the text as it is."""
    if not width or width < 30:
        return text
    lines = []
    for number, line in enumerate(text.splitlines() or [""]):
        wrapped = textwrap.wrap(line, width=width - 1, initial_indent="x" * first if number == 0 else "",
                                subsequent_indent=indent, break_on_hyphens=False) or [""]
        if number == 0:
            wrapped[0] = wrapped[0][first:]
        lines += wrapped
    return "\n".join(lines)


def render_reply(messages: Sequence[dict], lang: str, width: Optional[int] = None) -> Fragments:
    """The assistant's reply as coloured lines: each text, then the buttons numbered 1..n and a hint."""
    out: Fragments = []
    number = 0
    for message in messages:
        if message.get("text"):
            text = wrap(message["text"].rstrip(), width, first=len(BOT_NAME) + 2)
            out += [("bold fg:ansiblue", f"{BOT_NAME}: "), ("", text + "\n")]
        if message.get("image"):
            out.append(("fg:ansibrightblack", f"  [{message['image']}]\n"))
        for button in message.get("buttons") or []:
            if isinstance(button, dict) and button.get("payload"):
                number += 1
                out += [("bold fg:ansiyellow", f"  {number}. "), ("", f"{button.get('title', '')}\n")]
    if number:
        out.append(("italic fg:ansibrightblack", f"  {say('pick_hint', lang)}\n"))
    return out


def plain_text(fragments: Fragments) -> str:
    return "".join(text for _, text in fragments)


class RestClient:
    """The REST channel (the same server stack as the web chat, Telegram and WhatsApp), and the conversation's
    language from Rasa's HTTP API when the server offers it."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 60):
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout
        self.http = requests.Session()

    def send(self, sender: str, message: str) -> List[dict]:
        reply = self.http.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                               timeout=self.timeout)
        reply.raise_for_status()
        return reply.json()

    def language(self, sender: str) -> Optional[str]:
        """nl/en as the assistant decided it, or None (no HTTP API on this server, or not decided yet)."""
        params = {"include_events": "NONE", **({"token": self.token} if self.token else {})}
        try:
            reply = self.http.get(f"{self.url}/conversations/{sender}/tracker", params=params, timeout=10)
            value = reply.json().get("slots", {}).get("language") if reply.ok else None
        except (requests.RequestException, ValueError, AttributeError):
            return None
        return value if value in SUPPORTED else None


def new_sender() -> str:
    return f"terminal-{uuid.uuid4().hex[:16]}"


class TerminalChat:
    """The conversation loop. ``read_line`` returns what the user typed (None: end of input) and ``show`` prints
    formatted text; both are replaceable, so the loop is tested without a terminal."""

    def __init__(self, client: RestClient, read_line: Callable[[Fragments], Optional[str]],
                 show: Callable[[Fragments], None], busy: Callable[[Optional[str]], None] = lambda _: None,
                 width: Callable[[], Optional[int]] = lambda: None):
        self.client, self.read_line, self.show, self.busy, self.width = client, read_line, show, busy, width
        self.sender = new_sender()
        self.language: Optional[str] = None  # not known until the assistant has answered
        self.buttons: List[dict] = []

    @property
    def lang(self) -> str:
        return self.language or "nl"

    def line(self, text: str, style: str = "fg:ansibrightblack") -> None:
        self.show([(style, text + "\n")])

    def welcome(self) -> None:
        self.show([("bold fg:ansiblue", "TechConnect Guide\n")])
        for key in ("welcome", "commands"):
            self.line(both(key) if self.language is None else say(key, self.lang))

    def prompt(self) -> Fragments:
        return [("bold fg:ansigreen", f"{say('you', self.lang)} › ")]

    def run(self) -> None:
        self.welcome()
        try:
            while True:
                text = self.read_line(self.prompt())
                if text is None or not self.handle(text):
                    break
        except KeyboardInterrupt:  # Ctrl-C while waiting for an answer ends the chat like /stop
            self.busy(None)
        self.line(say("bye", self.lang))

    def handle(self, text: str) -> bool:
        """One typed line; False when the chat should end."""
        if not text.strip():
            return True
        action = command_of(text)
        if action == "stop":
            return False
        if action == "reset":
            self.sender, self.buttons = new_sender(), []
            self.line(say("reset", self.lang), "fg:ansiblue")
        elif action == "help":
            self.welcome()
        else:
            button = pick_button(text, self.buttons)
            if button is not None:
                self.line(f"→ {button.get('title', '')}", "fg:ansigreen")
            self.turn(button["payload"] if button else text.strip())
        return True

    def turn(self, message: str) -> None:
        self.busy(say("thinking", self.lang))
        try:
            messages = self.client.send(self.sender, message)
        except (requests.RequestException, ValueError):
            self.busy(None)
            self.line(say("no_answer", self.lang), "fg:ansired")
            return
        self.language = self.client.language(self.sender) or self.language
        self.busy(None)
        self.buttons = shown_buttons(messages)
        self.show(render_reply(messages, self.lang, self.width()))


# --- the terminal: prompt_toolkit input and coloured output ---

def plain_io() -> Tuple[Callable, Callable, Callable]:
    """Lines in, plain text out: for input from a pipe or a file, and output to one (no colour codes)."""
    def read_line(prompt: Fragments) -> Optional[str]:
        sys.stdout.write(plain_text(prompt))
        line = sys.stdin.readline()
        if not line:
            return None
        sys.stdout.write(line.rstrip("\n") + "\n")  # what was read, so a transcript reads like a chat
        return line.rstrip("\n")

    def show(fragments: Fragments) -> None:
        sys.stdout.write(plain_text(fragments))
        sys.stdout.flush()

    return read_line, show, lambda _: None


def terminal_io() -> Tuple[Callable, Callable, Callable]:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return plain_io()
    from prompt_toolkit import PromptSession, print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    session: PromptSession = PromptSession()

    def read_line(prompt: Fragments) -> Optional[str]:
        try:
            return session.prompt(FormattedText(prompt))
        except (EOFError, KeyboardInterrupt):  # Ctrl-D / Ctrl-C end the chat like /stop
            return None

    def show(fragments: Fragments) -> None:
        print_formatted_text(FormattedText(fragments), end="")

    def busy(text: Optional[str]) -> None:
        # the "thinking" line is erased when the answer comes
        if text:
            print_formatted_text(FormattedText([("italic fg:ansibrightblack", text)]), end="")
        else:
            sys.stdout.write("\r\x1b[2K")
        sys.stdout.flush()

    return read_line, show, busy


# --- the servers behind the chat ---

QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONWARNINGS": "ignore",
             "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def chat_endpoints(action_port: int, var: Path) -> Path:
    """endpoints.yml with the action server on our port and the conversations in ``var`` (by default the same
    store as `make serve`, so "delete my data" and `privacy purge` reach them)."""
    from bot.cli import endpoints

    return endpoints.write(var / "endpoints.chat.yml", actions=f"http://127.0.0.1:{action_port}/webhook",
                           conversations=var.resolve() / "conversations.sqlite3")


def start_servers(model: Path, var: Path, token: str, processes: list) -> str:
    """Action server and Rasa server (REST channel, HTTP API behind ``token``) on free loopback ports, added to
    ``processes`` as they start (so that they are stopped even when the start is interrupted). Returns the URL."""
    from bot.cli.servers import RASA, free_port, start_process, wait_until_up

    var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **QUIET_ENV}
    action_port, rasa_port = free_port(), free_port()
    action_log, rasa_log = var / "action-server.log", var / "rasa-server.log"
    processes.append(start_process([str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port",
                                    str(action_port)], cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"},
                                   stdin=subprocess.DEVNULL, stdout=action_log.open("w"), stderr=subprocess.STDOUT))
    processes.append(start_process(
        [*RASA, "run", "--model", str(model), "--port", str(rasa_port), "--interface", "127.0.0.1",
         "--enable-api", "--auth-token", token, "--endpoints", str(chat_endpoints(action_port, var)),
         "--credentials", str(ROOT / "credentials.yml")],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=rasa_log.open("w"), stderr=subprocess.STDOUT))
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0], 180, action_log)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[1], 300, rasa_log)
    except (RuntimeError, TimeoutError) as exc:
        raise ServersFailed(rasa_log if processes[0].poll() is None else action_log) from exc
    return f"http://127.0.0.1:{rasa_port}"


class ServersFailed(Exception):
    def __init__(self, log: Path):
        super().__init__(str(log))
        self.log = log


def _stop_on_signals() -> None:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) ends the chat through its normal exit, which stops the
    servers."""
    def leave(signum, frame):
        raise SystemExit(0)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, leave)


def run(url: Optional[str] = None, token: Optional[str] = None, var: Path = ROOT / "var",
        model: Optional[Path] = None) -> int:
    from bot.cli.servers import stop_processes

    warnings.simplefilter("ignore")
    read_line, show, busy = terminal_io()
    _stop_on_signals()
    processes: list = []
    try:
        if url is None:
            from bot.cli import modelcache

            model = model or modelcache.model_path()
            if not model.exists():
                show([("fg:ansired", f"no trained model at {model}: run `make model`\n")])
                return 1
            show([("fg:ansibrightblack", both("starting") + "\n")])
            token = secrets.token_urlsafe(24)
            try:
                url = start_servers(model, var, token, processes)
            except ServersFailed as failed:
                show([("fg:ansired", both("start_failed", log=str(failed.log)) + "\n")])
                return 1
        TerminalChat(RestClient(url, token), read_line, show, busy,
                     width=lambda: shutil.get_terminal_size().columns).run()
        return 0
    except KeyboardInterrupt:  # Ctrl-C while the servers start
        return 130
    finally:
        if processes:
            stop_processes(processes, timeout=15)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="techconnect chat", description="chat with the assistant in the terminal")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.url, args.token, Path(args.var), Path(args.model) if args.model else None)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="a running Rasa server (e.g. http://localhost:5005); "
                                      "without it the chat starts its own servers")
    parser.add_argument("--token", default=settings().rasa_auth_token,
                        help="auth token of that server's HTTP API (default: RASA_AUTH_TOKEN)")
    parser.add_argument("--var", default=str(ROOT / "var"),
                        help="folder for the server logs and the conversations (default: var/)")
    parser.add_argument("--model", help="the model to serve (default: the up-to-date one in models/)")


if __name__ == "__main__":
    sys.exit(main())
