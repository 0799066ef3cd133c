"""The web chat page in real headless Chromium (Debian's package, driven by Playwright) against the real
Rasa server, plus its JSON API's answers to bad requests."""
import os
import shutil
import uuid
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "results"  # test artifacts (screenshot)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium (see Makefile: browser)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{stack.rasa_url}/webhooks/web/")
    yield page
    context.close()


def bot_texts(page):
    return page.locator("li.msg.bot").all_inner_texts()


def ask(page, text=None, click=None):
    """Type a message (or click a button) and return the text of the assistant's first answer to it."""
    before = page.locator("li.msg.bot").count()
    if click:
        page.get_by_role("button", name=click).last.click()
    else:
        page.fill("#message", text)
        page.keyboard.press("Enter")
    page.locator("li.msg.bot").nth(before).wait_for()
    return bot_texts(page)[before]


def greeted(page):
    page.locator("li.msg.bot").nth(1).wait_for()  # greeting + privacy line on first contact


def test_first_visit_greets_with_clickable_buttons_and_a_privacy_line(page):
    greeted(page)
    assert "TechConnect Guide" in bot_texts(page)[0]
    assert "privacy" in bot_texts(page)[1].lower()
    assert "Privacy" in page.locator("#privacy").inner_text()
    assert page.locator("label[for=message]").count() == 1
    assert page.locator("#log").get_attribute("aria-live") == "polite"
    assert "wiskunde" in ask(page, "moet ik goed zijn in wiskunde?").lower()
    assert "Data-analist" in ask(page, click="Welke banen zijn er?")
    assert page.locator("li.msg.user").last.inner_text().endswith("Welke banen zijn er?")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "web-chat.png"), full_page=True)


def test_typed_question_answer_and_reload_keeps_the_conversation(page):
    greeted(page)
    assert "€" in ask(page, "wat verdient een data analist?")
    before = page.locator("li.msg").count()
    page.reload()
    page.locator("li.msg").nth(before - 1).wait_for()
    assert page.locator("li.msg").count() == before
    assert "wat verdient een data analist?" in page.locator("li.msg.user").last.inner_text()


def test_language_toggle_switches_page_and_assistant(page):
    greeted(page)
    before = page.locator("li.msg.bot").count()
    page.click("#lang-en")
    page.locator("li.msg.bot").nth(before).wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_attribute("#message", "placeholder") == "Type your question…"
    answer = ask(page, "what does a tester do")
    assert "test" in answer.lower() and not answer.startswith("Wat ")
    assert page.get_attribute("#lang-en", "aria-pressed") == "true"


def test_the_page_loads_nothing_from_other_hosts(browser, stack):
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto(f"{stack.rasa_url}/webhooks/web/")
    page.locator("li.msg.bot").first.wait_for(timeout=30_000)
    context.close()
    assert hosts == {stack.rasa_url.split("/")[2]}


def web_post(stack, body=None, raw=None):
    data = raw if raw is not None else None
    return requests.post(f"{stack.rasa_url}/webhooks/web/webhook", json=None if raw is not None else body,
                         data=data, timeout=30)


def test_api_rejects_bad_requests_clearly(stack):
    sender = uuid.uuid4().hex
    assert web_post(stack, raw=b"{not json").status_code == 400
    assert web_post(stack, raw=b"[]").status_code == 400
    assert web_post(stack, {"sender": "short", "message": "hoi"}).status_code == 400
    assert web_post(stack, {"sender": sender, "message": 42}).status_code == 400
    assert web_post(stack, {"sender": sender, "payload": "/check_eligibility"}).status_code == 400
    assert web_post(stack, {"sender": sender, "switch_language": "tr"}).status_code == 400
    assert requests.get(f"{stack.rasa_url}/webhooks/web/history", params={"sender": "../x"}, timeout=10).status_code \
        == 400
    assert requests.get(f"{stack.rasa_url}/webhooks/web/static/..%2f..%2fetc%2fpasswd", timeout=10).status_code \
        in (400, 404)


def test_too_long_and_empty_messages_get_a_friendly_answer(stack):
    sender = uuid.uuid4().hex
    reply = web_post(stack, {"sender": sender, "message": "a" * 5000, "language": "en"})
    assert reply.status_code == 200 and "too long" in reply.json()[0]["text"]
    assert web_post(stack, {"sender": sender, "message": "   \u200b "}).json() == []
