"""The web chat page in real headless Chromium (Debian's package, driven by Playwright) against the real
Rasa server, plus its JSON API's answers to bad requests. axe-core (npm, package.json at the repository root)
checks the page for accessibility."""
import json
import os
import shutil
import uuid
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"  # test artifacts (screenshot, axe reports)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
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


def open_page(browser, stack, locale="nl-NL", viewport=PHONE, **options):
    # reduced motion: scrolling jumps instead of gliding, so positions can be read at once
    context = browser.new_context(locale=locale, viewport=viewport, reduced_motion="reduce", **options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{stack.rasa_url}/webhooks/web/")
    return page


@pytest.fixture
def page(browser, stack):
    page = open_page(browser, stack)
    yield page
    page.context.close()


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


def page_language(page):
    """What the page's own texts say: html lang, the pressed toggle, the placeholder, the privacy line."""
    return {"lang": page.get_attribute("html", "lang"),
            "pressed": page.locator(".lang button[aria-pressed=true]").inner_text(),
            "placeholder": page.get_attribute("#message", "placeholder"),
            "privacy": " ".join(page.locator("#privacy").inner_text().split()[:3])}


DUTCH_PAGE = {"lang": "nl", "pressed": "NL", "placeholder": "Typ je vraag…", "privacy": "Privacy: ik bewaar"}
ENGLISH_PAGE = {"lang": "en", "pressed": "EN", "placeholder": "Type your question…", "privacy": "Privacy: I keep"}


def test_page_language_follows_the_conversation_not_the_browser(browser, stack):
    page = open_page(browser, stack, locale="en-US")
    try:
        greeted(page)
        answer = ask(page, "hoi, ik wil graag in de ict werken. wat kan ik worden?")
        assert "Wat " in answer or " je " in answer, answer  # the assistant answers in Dutch ...
        assert page_language(page) == DUTCH_PAGE  # ... and the page's own texts are Dutch too
        page.reload()  # a reload shows the conversation's language, not the browser's
        page.locator("li.msg.bot").nth(2).wait_for()
        assert page_language(page) == DUTCH_PAGE
        ask(page, "can we talk in english?")
        assert page_language(page) == ENGLISH_PAGE
    finally:
        page.context.close()


def covered_at(page, selector, index):
    """Scrolls message ``index`` into view and returns the elements found at its top and bottom edge (what the
    user sees there): the message itself, unless something covers it."""
    return page.evaluate("""([selector, index]) => {
        const el = document.querySelectorAll(selector)[index];
        el.scrollIntoView({block: "nearest", behavior: "instant"});
        const box = el.getBoundingClientRect(), x = box.left + Math.min(24, box.width / 2);
        const inside = (y) => { const hit = document.elementFromPoint(x, y); return !!hit && el.contains(hit); };
        return {top: inside(box.top + 2), bottom: inside(box.bottom - 2)};
    }""", [selector, index])


def visible_in_the_conversation(page, locator):
    """True when the top of the element is on screen, inside the scrolling conversation, not covered."""
    return locator.evaluate("""el => {
        const box = el.getBoundingClientRect(), area = el.closest("ol").parentNode.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + Math.min(24, box.width / 2), box.top + 2);
        return box.top >= area.top - 0.5 && box.top < area.bottom && !!hit && el.contains(hit);
    }""")


def test_a_long_answer_keeps_the_question_in_sight(page):
    greeted(page)
    assert visible_in_the_conversation(page, page.locator("li.msg.bot").first)  # the greeting from its start
    ask(page, click="Welke banen zijn er?")  # an answer taller than a phone screen
    assert page.locator("li.msg.bot").last.bounding_box()["height"] > 300
    assert visible_in_the_conversation(page, page.locator("li.msg.user").last)
    ask(page, "moet ik goed zijn in wiskunde?")  # a short answer: the question and all of the answer in sight
    assert visible_in_the_conversation(page, page.locator("li.msg.user").last)
    assert visible_in_the_conversation(page, page.locator("li.msg.bot").last)


def test_no_message_hides_under_the_header(page):
    greeted(page)
    ask(page, "wat doet een data analist?")
    ask(page, "wat verdient een data analist?")
    ask(page, "moet ik goed zijn in wiskunde?")
    scroller = page.evaluate("() => { const s = document.getElementById('log').parentNode;"
                             " return s.scrollHeight > s.clientHeight; }")
    assert scroller, "the conversation should be longer than the screen for this check"
    assert covered_at(page, "li.msg.user", 0) == {"top": True, "bottom": True}
    header_bottom = page.locator("header").bounding_box()["y"] + page.locator("header").bounding_box()["height"]
    assert page.locator("li.msg.user").first.bounding_box()["y"] >= header_bottom - 0.5
    for index in range(page.locator("li.msg").count()):  # every message, from first to last, can be read
        assert covered_at(page, "li.msg", index)["top"], index
    # the page itself never scrolls (that would move the header and the message box away): only the conversation
    assert page.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight + 1")


def test_right_to_left_text_is_shown_right_to_left(page):
    greeted(page)
    arabic = "مرحبا، أريد أن أعمل في مجال التكنولوجيا"
    ask(page, arabic)
    user = page.locator("li.msg.user").last
    assert arabic in user.inner_text()
    assert user.evaluate("el => el.matches(':dir(rtl)') && getComputedStyle(el).direction === 'rtl'")
    english = page.locator("li.msg.bot").first
    assert english.evaluate("el => el.matches(':dir(ltr)')")  # Latin text stays left to right


def run_axe(page):
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `npm ci` in the repository root (make test does it)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)


@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_axe_finds_no_accessibility_problems(browser, stack, name, viewport):
    # bypass_csp: only to inject axe-core; the page itself keeps its strict policy
    page = open_page(browser, stack, viewport=viewport, bypass_csp=True)
    try:
        greeted(page)
        ask(page, click="Welke banen zijn er?")
        ask(page, "wat doet een tester?")
        report = run_axe(page)
    finally:
        page.context.close()
    RESULTS.mkdir(exist_ok=True)
    summary = {"violations": [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                              for v in report["violations"]],
               "passes": len(report["passes"]), "incomplete": [v["id"] for v in report["incomplete"]]}
    (RESULTS / f"axe-{name}.json").write_text(json.dumps(summary, indent=2))
    assert summary["violations"] == [], summary
    assert summary["passes"] >= 20


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
