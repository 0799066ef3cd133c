"""Local stand-ins for the Telegram Bot API and the WhatsApp Graph API: real HTTP servers on loopback that
answer like the real APIs and record every call, so channel tests run over real HTTP with no internet."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, step: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout:.0f}s")


class _FakeApi:
    def __init__(self, port: int = 0):
        self.calls: List[Dict[str, Any]] = []
        self.lock = threading.Lock()
        self.fail_with: Optional[int] = None  # answer every call with this HTTP status (e.g. 500)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: Dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802 (http.server naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, body = fake.handle(self.path, dict(self.headers), raw)
                self._answer(status, body)

            do_GET = do_POST  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "_FakeApi":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, call: Dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(call)

    def calls_to(self, predicate: Callable[[Dict[str, Any]], bool]) -> List[Dict[str, Any]]:
        with self.lock:
            return [c for c in self.calls if predicate(c)]

    def handle(self, path: str, headers: Dict[str, str], raw: bytes):  # pragma: no cover - overridden
        raise NotImplementedError


def _params(headers: Dict[str, str], raw: bytes) -> Dict[str, Any]:
    kind = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if "json" in kind:
        return json.loads(raw or b"{}")
    if "multipart" in kind:
        raise ValueError("multipart is not expected for text messages")
    params = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
    for key in ("reply_markup", "reply_parameters", "allowed_updates", "chat_id", "offset", "message_thread_id"):
        if key in params:
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params


class FakeTelegram(_FakeApi):
    """POST /bot<token>/<method>: sendMessage, answerCallbackQuery, setWebhook, getUpdates, getMe..."""

    def __init__(self, token: str, port: int = 0):
        super().__init__(port)
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.username = "techconnect_test_bot"
        self.updates: List[Dict[str, Any]] = []
        self._message_id = 1000

    def handle(self, path: str, headers: Dict[str, str], raw: bytes):
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix):].split("?")[0]
        params = _params(headers, raw)
        self.record({"method": method, **params})
        if self.fail_with:
            return self.fail_with, {"ok": False, "error_code": self.fail_with, "description": "Internal Server Error"}
        if method == "sendMessage":
            self._message_id += 1
            return 200, {"ok": True, "result": {
                "message_id": self._message_id, "date": int(time.time()), "text": params.get("text", ""),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": {"id": self.bot_id, "is_bot": True, "first_name": "TechConnect"}}}
        if method == "getMe":  # like Telegram: a bot's id is the number before the colon in its token
            return 200, {"ok": True, "result": {"id": self.bot_id, "is_bot": True, "first_name": "TechConnect",
                                                "username": self.username}}
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self.lock:
                pending = [u for u in self.updates if u["update_id"] >= offset]
            return 200, {"ok": True, "result": pending}
        return 200, {"ok": True, "result": True}

    def sent_to(self, chat_id: int) -> List[Dict[str, Any]]:
        return self.calls_to(lambda c: c["method"] == "sendMessage" and int(c.get("chat_id", 0)) == chat_id)


class FakeGraph(_FakeApi):
    """POST /<phone_number_id>/messages with a bearer token."""

    def __init__(self, token: str, phone_number_id: str, port: int = 0):
        super().__init__(port)
        self.token = token
        self.phone_number_id = phone_number_id

    def handle(self, path: str, headers: Dict[str, str], raw: bytes):
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        if auth != f"Bearer {self.token}":
            return 401, {"error": {"message": "Invalid OAuth access token", "code": 190}}
        if path != f"/{self.phone_number_id}/messages":
            return 404, {"error": {"message": "Unknown path", "code": 100}}
        body = json.loads(raw or b"{}")
        self.record(body)
        if self.fail_with:
            return self.fail_with, {"error": {"message": "Service temporarily unavailable", "code": 2}}
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                     "messages": [{"id": f"wamid.{len(self.calls)}"}]}

    def sent_to(self, wa_id: str) -> List[Dict[str, Any]]:
        """Messages to a phone number (``to``) or, when the number is hidden, to a user id (``recipient``)."""
        return self.calls_to(lambda c: wa_id in (c.get("to"), c.get("recipient")))
