"""Conversations over the REST channel against the real Rasa server and action server."""
import pytest

from tests.e2e.helpers import buttons, new_user, texts

pytestmark = pytest.mark.e2e


def test_dutch_profile_then_route_from_vmbo(stack):
    user = new_user()
    greeting = stack.send(user, "hoi")
    assert "Ik ben TechConnect Guide" in texts(greeting)
    assert len(buttons(greeting)) == 3

    profile = texts(stack.send(user, "wat doet een data analist?"))
    assert "Data-analist" in profile
    assert "Een gewone dag:" in profile and "Waar je kunt werken:" in profile

    route = texts(stack.send(user, "ik heb alleen vmbo, kan ik dat worden?"))
    assert "Van vmbo naar Data-analist" in route
    assert "Duur:" in route and "Wat je nodig hebt: Voor niveau 2 heb je een vmbo-diploma nodig (ook basis)" in route


def test_english_job_list_with_buttons(stack):
    user = new_user()
    replies = stack.send(user, "what jobs are there in tech?")
    assert "There are many jobs in tech" in texts(replies)
    titles = [b["title"] for b in buttons(replies)]
    assert len(titles) >= 10 and "Data analyst" in titles


def test_english_salary_has_a_source(stack):
    user = new_user()
    reply = texts(stack.send(user, "how much does a software developer earn?"))
    assert "earns about €" in reply
    assert "Source:" in reply


def test_switch_language_and_short_turns_keep_it(stack):
    user = new_user()
    assert "Ik ben TechConnect Guide" in texts(stack.send(user, "hallo"))
    assert "continue in English" in texts(stack.send(user, "can we talk in english please?"))
    after_ok = texts(stack.send(user, "ok"))
    assert "Great!" in after_ok  # "ok" is the same in both languages and must not flip back to Dutch
    assert "Prima, we praten verder in het Nederlands" in texts(stack.send(user, "kan het weer in het nederlands?"))
    assert "Graag gedaan" in texts(stack.send(user, "thx"))


def test_unsupported_language_gets_a_reply_in_it_and_the_conversation_goes_on(stack):
    from bot.core.understanding.foreign import reply_in

    user = new_user()
    replies = stack.send(user, "merhaba, bilgisayar mühendisi olmak istiyorum, nasıl başlarım")
    reply = texts(replies)
    assert reply_in("tr") in reply and "Ik spreek Nederlands en Engels" in reply
    assert "/request_human" in [b["payload"] for b in buttons(replies)]  # a person can call back
    assert "Top!" not in reply
    # the next message in Dutch is answered in Dutch: nothing was lost or switched
    assert "Data-analist" in texts(stack.send(user, "wat doet een data analist?"))


def test_confidence_questions_in_both_languages(stack):
    assert "wiskundeknobbel" in texts(stack.send(new_user(), "moet ik heel goed zijn in wiskunde?"))
    assert "not too old" in texts(stack.send(new_user(), "i'm 47, am i too old to start in tech?"))


def test_clicking_a_button_payload_works(stack):
    user = new_user()
    stack.send(user, "what jobs are there in tech?")
    reply = texts(stack.send(user, '/ask_job_profile{"job_profile":"cyber_security"}'))
    assert "A normal day:" in reply


def test_nonsense_gets_a_friendly_way_forward(stack):
    replies = stack.send(new_user(), "asdkjh qwpoe zzz")
    assert replies and buttons(replies)


def listening_addresses(port):
    """Local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_action_server_listens_on_loopback_only(stack):
    port = int(stack.action_url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0 or ::


def test_a_typed_button_number_or_title_picks_that_button(stack):
    user = new_user()
    assert len(buttons(stack.send(user, "hoi"))) == 3
    assert "Er zijn veel banen in tech" in texts(stack.send(user, "1"))  # "Welke banen zijn er?"
    # the job list's buttons: a title typed with a typo picks that job
    assert "Data-analist" in texts(stack.send(user, "data analis"))
