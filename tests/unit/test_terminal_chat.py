"""The terminal chat's own parts, without a server: picking buttons, showing a reply, commands, and the loop
with a stand-in for the REST channel."""
import pytest

from bot.cli import terminal_chat as tc
from tests.test_readability import MIN_SCORE, score

BUTTONS = [{"title": "Welke banen zijn er?", "payload": "/list_job_profiles"},
           {"title": "Wat past bij mij?", "payload": "/start_quiz"},
           {"title": "Cursus zoeken", "payload": "/find_courses"}]


@pytest.mark.parametrize("typed,payload", [
    ("1", "/list_job_profiles"), (" 2 ", "/start_quiz"), ("3.", "/find_courses"), ("2)", "/start_quiz"),
    ("wat past bij mij?", "/start_quiz"), ("  Cursus   zoeken ", "/find_courses"),
])
def test_a_number_or_a_title_picks_a_button(typed, payload):
    assert tc.pick_button(typed, BUTTONS)["payload"] == payload


@pytest.mark.parametrize("typed", [
    "ik heb alleen vmbo, kan ik dat worden?", "0", "4", "12", "", "wat past", "1 en 2", "-1",
])
def test_anything_else_is_a_message_of_its_own(typed):
    assert tc.pick_button(typed, BUTTONS) is None


def test_no_buttons_means_every_line_is_a_message():
    assert tc.pick_button("1", []) is None


def test_a_reply_shows_its_texts_then_numbered_buttons_and_a_hint():
    reply = [{"recipient_id": "x", "text": "Hoi! Waar kan ik je mee helpen?"},
             {"text": "Kies maar:", "buttons": BUTTONS[:2]},
             {"text": "Of zoek een cursus.", "buttons": BUTTONS[2:]}]
    text = tc.plain_text(tc.render_reply(reply, "nl"))
    assert text.splitlines() == [
        "TechConnect: Hoi! Waar kan ik je mee helpen?",
        "TechConnect: Kies maar:",
        "  1. Welke banen zijn er?",
        "  2. Wat past bij mij?",
        "TechConnect: Of zoek een cursus.",
        "  3. Cursus zoeken",
        "  Typ een nummer. Of typ zelf je vraag.",
    ]
    assert [b["payload"] for b in tc.shown_buttons(reply)] == ["/list_job_profiles", "/start_quiz", "/find_courses"]
    assert "Type a number" in tc.plain_text(tc.render_reply(reply, "en"))


def test_a_reply_without_buttons_has_no_hint():
    assert tc.plain_text(tc.render_reply([{"text": "Top!"}], "en")) == "TechConnect: Top!\n"


@pytest.mark.parametrize("typed,action", [
    ("/stop", "stop"), ("/STOP ", "stop"), ("/quit", "stop"), ("/reset", "reset"), ("/restart", "reset"),
    ("/help", "help"), ("/hulp", "help"), ("stop", None), ("/greet", None), ("hoi", None),
])
def test_commands(typed, action):
    assert tc.command_of(typed) == action


def test_every_screen_text_is_in_dutch_and_english_and_the_dutch_is_easy():
    for key, texts in tc.TEXTS.items():
        assert set(texts) == {"nl", "en"} and all(texts.values()), key
        if len(texts["nl"].split()) >= 4:
            assert score(texts["nl"]) >= MIN_SCORE, (key, texts["nl"], score(texts["nl"]))


class FakeClient:
    """Stands in for the REST channel: replies per message, and the language the assistant settled on."""

    def __init__(self, replies, languages=None):
        self.replies, self.languages, self.sent = replies, languages or {}, []

    def send(self, sender, message):
        self.sent.append((sender, message))
        return self.replies.get(message, [{"text": f"echo {message}"}])

    def language(self, sender):
        return self.languages.get(self.sent[-1][1]) if self.sent else None


def play(client, lines):
    shown = []
    typed = iter(lines)
    chat = tc.TerminalChat(client, lambda prompt: (shown.append(tc.plain_text(prompt)), next(typed, None))[1],
                           lambda fragments: shown.append(tc.plain_text(fragments)))
    chat.run()
    return chat, "".join(shown)


def test_typed_text_while_buttons_are_shown_is_sent_as_text_and_a_number_sends_the_payload():
    client = FakeClient({"hoi": [{"text": "Hoi!", "buttons": BUTTONS}]})
    play(client, ["hoi", "ik heb alleen vmbo, kan ik dat worden?", "hoi", "2", "/stop"])
    assert [m for _, m in client.sent] == ["hoi", "ik heb alleen vmbo, kan ik dat worden?", "hoi", "/start_quiz"]


def test_a_number_after_a_reply_without_buttons_is_text():
    client = FakeClient({"hoi": [{"text": "Hoi!", "buttons": BUTTONS}]})
    play(client, ["hoi", "wat?", "1", "/stop"])
    assert [m for _, m in client.sent] == ["hoi", "wat?", "1"]


def test_the_screen_follows_the_conversation_language():
    client = FakeClient({}, languages={"hello": "en", "hoi": "nl"})
    _, screen = play(client, ["hello", "hoi", "/stop"])
    welcome, after_hello, after_hoi = screen.split("› ")[:3]
    assert "Welkom" in welcome and "Welcome" in welcome  # not known yet: both
    assert after_hello.endswith("you ") and after_hoi.endswith("jij ")
    assert screen.rstrip().endswith(tc.TEXTS["bye"]["nl"])


def test_reset_starts_a_new_conversation_and_stop_ends_the_chat():
    client = FakeClient({})
    chat, screen = play(client, ["eerst", "/reset", "daarna", "/stop", "never sent"])
    (first, _), (second, _) = client.sent
    assert first != second and chat.sender == second
    assert tc.TEXTS["reset"]["nl"] in screen
    assert [m for _, m in client.sent] == ["eerst", "daarna"]


def test_end_of_input_ends_the_chat_and_empty_lines_are_not_sent():
    client = FakeClient({})
    play(client, ["", "   ", "hoi"])
    assert [m for _, m in client.sent] == ["hoi"]


def test_an_unreachable_server_gets_a_kind_line_not_a_traceback():
    class Down(FakeClient):
        def send(self, sender, message):
            raise tc.requests.ConnectionError("refused")

    _, screen = play(Down({}), ["hoi", "/stop"])
    assert tc.TEXTS["no_answer"]["nl"] in screen and "Traceback" not in screen


def test_the_chat_endpoints_use_our_action_port_and_the_usual_conversation_store(tmp_path):
    import yaml

    written = yaml.safe_load(tc.chat_endpoints(40123, tmp_path / "var").read_text())
    assert written["action_endpoint"]["url"] == "http://127.0.0.1:40123/webhook"
    assert written["tracker_store"] == {"type": "bot.rasa_ext.tracker_store.ForgettingSQLTrackerStore",
                                        "dialect": "sqlite",
                                        "db": str(tmp_path.resolve() / "var" / "conversations.sqlite3")}


def test_long_texts_wrap_to_the_terminal_with_an_indent():
    reply = [{"text": "Hoi! Ik ben TechConnect Guide. Ik help je op weg naar een baan in tech.\n- Data-analist: "
                      "je zoekt uit wat cijfers vertellen over klanten en geld."}]
    lines = tc.plain_text(tc.render_reply(reply, "nl", width=40)).splitlines()
    assert all(len(line) < 40 for line in lines), lines
    assert lines[0].startswith("TechConnect: Hoi!") and lines[1].startswith("  ")
    assert any(line.startswith("- Data-analist") for line in lines)
    assert " ".join(w for line in lines for w in line.split()) == "TechConnect: " + " ".join(reply[0]["text"].split())


def test_lines_from_a_pipe_give_a_plain_transcript(monkeypatch, capsys):
    """Input from a pipe or file: no prompt_toolkit, no colour codes; an unreachable server gets a kind line."""
    import io

    monkeypatch.setattr(tc.signal, "signal", lambda *args: None)  # leave pytest's signal handlers alone
    monkeypatch.setattr("sys.stdin", io.StringIO("hoi\n/stop\nnever read\n"))
    assert tc.run(url="http://127.0.0.1:9") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "never read" not in out
    assert "jij › hoi\n" + tc.TEXTS["no_answer"]["nl"] in out
    assert out.rstrip().endswith("jij › /stop\n" + tc.TEXTS["bye"]["nl"])


def test_ctrl_c_while_waiting_for_an_answer_ends_the_chat_kindly():
    class Interrupted(FakeClient):
        def send(self, sender, message):
            raise KeyboardInterrupt

    _, screen = play(Interrupted({}), ["hoi", "never sent"])
    assert screen.rstrip().endswith(tc.TEXTS["bye"]["nl"])
