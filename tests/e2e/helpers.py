"""Reading REST replies in end-to-end tests."""
import uuid


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies):
    return [b for r in replies for b in r.get("buttons", [])]


def new_user():
    return f"e2e-{uuid.uuid4().hex[:10]}"
