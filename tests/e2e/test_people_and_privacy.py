"""Parents, counsellors and referred students, the human handoff and "forget me", over REST against the real
Rasa server and action server (SQLite catalog, SQLite tracker store as in endpoints.yml)."""
import re
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from bot.cli.servers import ROOT
from bot.core.people import privacy
from tests.e2e.helpers import buttons, new_user, texts

pytestmark = pytest.mark.e2e
PHONE, NAME = "06 98765432", "Noor"


def events_in_tracker_store(stack, sender):
    engine = create_engine(stack.tracker_db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
    finally:
        engine.dispose()


def personal_rows(stack, sender):
    from bot.core.db.session import get_engine

    return privacy.personal_rows(sender, engine=get_engine(stack.database_url))


def cli(stack, *args):
    result = subprocess.run([sys.executable, "-m", "bot.cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                            env={"DATABASE_URL": stack.database_url, "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def payloads(replies):
    return [b["payload"] for b in buttons(replies)]


@pytest.mark.parametrize("lang, intro, future, home, child_word", [
    ("nl", "ik ben moeder, mijn zoon wil iets met computers", "heeft ict wel toekomst, is het een echt vak?",
     "wat kunnen we thuis doen om hem te helpen?", "uw kind"),
    ("en", "hi, I'm a dad and my daughter wants to go into IT", "is IT a real job with a future?",
     "what can we do at home to support her?", "your child"),
])
def test_a_parent_gets_answers_about_their_child_and_a_summary(stack, lang, intro, future, home, child_word):
    sender = new_user()
    replies = stack.send(sender, intro)
    assert child_word in texts(replies)
    assert {"/ask_prospects", "/ask_costs", "/ask_trust", "/ask_support_at_home", "/ask_events"} <= set(
        payloads(replies))
    replies = stack.send(sender, future)
    assert child_word in texts(replies) and "TechGrounds" in texts(replies)
    replies = stack.send(sender, home)
    assert "TekkieWijzer" in texts(replies)
    replies = stack.send(sender, "/ask_trust")
    assert "Codam" in texts(replies)
    stack.send(sender, '/ask_job_profile{"job_profile":"data_analyst"}')
    stack.send(sender, '/inform_education_level{"education_level":"havo"}')
    replies = stack.send(sender, "/request_summary")
    summary = texts(replies)
    assert ("Data-analist" if lang == "nl" else "Data analyst") in summary
    assert "havo" in summary.lower() and ("doorsturen" if lang == "nl" else "send it on") in summary


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_counsellor_refers_a_student_who_consents_and_the_counsellor_sees_only_that(stack, lang):
    counsellor, student, shy = new_user(), new_user(), new_user()
    intro = "ik ben decaan op een mbo" if lang == "nl" else "i'm a career counsellor at a school"
    replies = stack.send(counsellor, intro)
    assert "/refer_student" in payloads(replies)
    replies = stack.send(counsellor, "/refer_student")
    code = re.search(r"start ([A-Z0-9]{6})", texts(replies)).group(1)

    # the student types the code (WhatsApp/web style); the counsellor is recognised
    replies = stack.send(student, f"start {code.lower()}", metadata={"language": lang})
    assert ("begeleider" if lang == "nl" else "counsellor") in texts(replies)
    assert payloads(replies) == ["/affirm", "/deny"]
    replies = stack.send(student, "ja" if lang == "nl" else "yes")
    assert "/list_job_profiles" in payloads(replies)  # consent recorded, then the menu
    stack.send(student, '/ask_job_profile{"job_profile":"cloud_engineer"}')
    stack.send(student, '/inform_education_level{"education_level":"mbo"}')

    # a second student with the same code says no: nothing about them reaches the counsellor
    stack.send(shy, f"start {code}")
    stack.send(shy, "nee" if lang == "nl" else "no")
    stack.send(shy, '/ask_job_profile{"job_profile":"ux_designer"}')

    replies = stack.send(counsellor, "/request_summary")
    report = texts(replies)
    assert "Cloud" in report and "UX" not in report and student not in report

    out = cli(stack, "referral", "summary", code, "--lang", lang)
    assert "2 student(s) arrived with this code, 1 agreed to share." in out and "Cloud" in out and "UX" not in out

    # the student changes their mind
    stack.send(student, "stop met delen" if lang == "nl" else "stop sharing with my counsellor")
    assert "Cloud" not in texts(stack.send(counsellor, "/request_summary"))


def test_a_cli_referral_link_greets_with_the_counsellors_name(stack):
    out = cli(stack, "referral", "create", "--name", "Mevr. Jansen", "--organisation", "Zaanlands College")
    code = re.search(r"code: ([A-Z0-9]{6})", out).group(1)
    replies = stack.send(new_user(), f'/start{{"referral_code":"{code}"}}')
    assert "Mevr. Jansen (Zaanlands College)" in texts(replies)
    replies = stack.send(new_user(), "start ZZZ999")
    assert "Die code ken ik niet" in texts(replies) and "/list_job_profiles" in payloads(replies)


@pytest.mark.parametrize("lang, ask, age, name_reply", [
    ("nl", "kan ik met een echt persoon praten?", "ik ben 19", "ik heet Noor"),
    ("en", "can I talk to a real person please", "I'm 23", "Noor"),
])
def test_human_handoff_with_a_callback_after_consent(stack, lang, ask, age, name_reply):
    sender = new_user()
    stack.send(sender, "ik woon in Zaandam" if lang == "nl" else "hello, I live in Zaandam")
    replies = stack.send(sender, ask)
    # the seed liaison is an example: its area is named, its made-up address is not
    assert "Zaanstad" in texts(replies) and "example.org" not in texts(replies)
    assert payloads(replies)[-2:] == ["/affirm", "/deny"]
    replies = stack.send(sender, "/affirm")
    assert ("16" in texts(replies))  # the age comes first, with the reason
    stack.send(sender, age)
    replies = stack.send(sender, name_reply)
    replies = stack.send(sender, "dat weet ik niet" if lang == "nl" else "no idea")
    assert ("telefoonnummer" if lang == "nl" else "phone number") in texts(replies)  # re-asked, not stored
    replies = stack.send(sender, PHONE)
    assert NAME in texts(replies) and "TechConnect" in texts(replies) and "liaison Zaanstad" not in texts(replies)
    out = cli(stack, "callbacks", "list")
    line = next(li for li in out.splitlines() if "+31698765432" in li)
    assert NAME in line and "liaison_zaanstad" in line and f"lang={lang}" in line
    request_id = re.match(r"#(\d+)", line).group(1)
    assert f"request #{request_id} closed" in cli(stack, "callbacks", "close", request_id)
    assert "+31698765432" not in cli(stack, "callbacks", "list")


def test_under_16_gets_parental_guidance_and_is_never_asked_for_contact_details(stack):
    sender = new_user()
    stack.send(sender, "ik wil iemand spreken")
    stack.send(sender, "ja graag")
    replies = stack.send(sender, "14")
    assert "ouder" in texts(replies) and "telefoonnummer of e-mail" in texts(replies)
    assert personal_rows(stack, sender) == 0
    # and the next message is an ordinary question again
    assert "Data-analist" in texts(stack.send(sender, "wat doet een data analist?"))


def test_a_callback_can_be_declined_and_stopped(stack):
    sender = new_user()
    stack.send(sender, "can i talk to a human")
    assert "won't keep anything" in texts(stack.send(sender, "no"))
    stack.send(sender, "can i talk to a human")
    stack.send(sender, "yes")
    stack.send(sender, "30")
    assert "kept anything" in texts(stack.send(sender, "stop"))
    assert personal_rows(stack, sender) == 0


@pytest.mark.parametrize("lang, forget, confirm", [
    ("nl", "verwijder mijn gegevens", "ja"),
    ("en", "please delete all my data", "yes"),
])
def test_forget_me_leaves_nothing_in_either_database(stack, lang, forget, confirm):
    sender, other = new_user(), new_user()
    code = re.search(r"code: ([A-Z0-9]{6})", cli(stack, "referral", "create", "--name", "X")).group(1)
    stack.send(sender, f"start {code}")
    stack.send(sender, confirm)  # consent to share
    stack.send(sender, '/ask_job_profile{"job_profile":"tester"}')
    stack.send(sender, "/request_human")
    stack.send(sender, confirm)
    stack.send(sender, "35")
    stack.send(sender, NAME)
    stack.send(sender, "noor@example.org")
    stack.send(other, "hoi")
    assert personal_rows(stack, sender) == 2 and events_in_tracker_store(stack, sender) > 10

    replies = stack.send(sender, forget)
    assert payloads(replies) == ["/affirm", "/deny"]
    replies = stack.send(sender, confirm)
    assert ("gewist" if lang == "nl" else "deleted") in texts(replies)
    assert personal_rows(stack, sender) == 0
    assert events_in_tracker_store(stack, sender) == 0
    assert events_in_tracker_store(stack, other) > 0  # nobody else's conversation

    # writing again starts a fresh conversation: the privacy line again, nothing remembered
    replies = stack.send(sender, "hoi" if lang == "nl" else "hello")
    assert ("privacy" in texts(replies).lower())
    history = stack.send(sender, "/request_summary")
    assert "Tester" not in texts(history)


def test_no_personal_data_in_the_logs(stack):
    """Runs after the conversations above (same stack): names, phone numbers, e-mail and message texts never
    appear in the server logs at INFO level."""
    sender = new_user()
    stack.send(sender, "mag ik iemand spreken? mijn naam is Noor")
    for name, path in stack.logs.items():
        log = path.read_text()
        for secret in ("98765432", "noor@example.org", "Noor", "mijn zoon wil iets met computers"):
            assert secret not in log, f"{secret!r} in the {name} log"
