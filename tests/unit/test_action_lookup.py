"""The actions a multi-part answer runs by name (actions/conversation.py all_actions) are built once, and they are
the ones a fresh lookup finds."""
from actions.conversation import all_actions


def test_all_actions_is_built_once_and_equals_a_fresh_lookup():
    first = all_actions()
    assert all_actions() is first
    fresh = all_actions.__wrapped__()
    assert sorted(fresh) == sorted(first) and len(first) > 30
    assert all(type(fresh[name]) is type(first[name]) for name in fresh)
    assert "action_answer_parts" in first and "action_find_courses" in first
