"""The same conversations with the custom actions inside the Rasa server (`make serve ACTIONS_IN_PROCESS=1`,
bot/rasa_ext/actions_in_process.py): answers from the catalog, a form with validation, re-asking and a correction, the
language decision, and "forget me" that deletes the conversation."""
import pytest

from bot.cli.servers import running_stack
from tests.conftest import make_database
from tests.e2e import test_courses_and_funding as courses
from tests.e2e import test_people_and_privacy as people
from tests.e2e import test_rest_conversations as rest
from tests.e2e.conftest import trained_model

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def in_process(tmp_path_factory):
    db_url = make_database("sqlite", tmp_path_factory)
    with running_stack(trained_model(), env={"DATABASE_URL": db_url, "RATE_LIMIT_PER_MINUTE": "200"},
                       workdir=tmp_path_factory.mktemp("in-process"), actions_in_process=True) as stack:
        stack.database_url = db_url
        assert set(stack.processes) == {"rasa"}  # no action server
        yield stack


def test_profile_then_route(in_process):
    rest.test_dutch_profile_then_route_from_vmbo(in_process)


def test_course_search_asks_for_the_place(in_process):
    courses.test_english_course_search_asks_for_the_place(in_process)


def test_eligibility_form_with_re_ask_and_correction(in_process):
    courses.test_dutch_eligibility_check_with_re_ask_and_correction_to_an_outcome(in_process)


def test_unsupported_language(in_process):
    rest.test_unsupported_language_gets_a_reply_in_it_and_the_conversation_goes_on(in_process)


def test_forget_me(in_process):
    people.test_forget_me_leaves_nothing_in_either_database(in_process, "en", "please delete all my data", "yes")
