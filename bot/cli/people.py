"""Command-line tools for counsellors, liaisons and privacy (registered in ``techconnect``).

    techconnect referral create --name N [--organisation O]   a code + links to hand to a student
    techconnect referral summary CODE [--lang nl|en]         what consenting students chose (nothing else)
    techconnect referral revoke CODE                         the code welcomes nobody any more
    techconnect callbacks list [--all] [--liaison ID]        open callback requests
    techconnect callbacks close ID                           mark one as handled
    techconnect privacy forget SENDER_ID                     delete one user's personal rows (on request)
    techconnect privacy purge [--days N]                     delete conversations and personal data older
                                                             than RETENTION_DAYS (default 180); run daily
"""
from __future__ import annotations

from bot.core.db.session import PROJECT_ROOT
from bot.core.settings import settings

DEFAULT_TRACKER_DB = PROJECT_ROOT / "var" / "conversations.sqlite3"


def tracker_db_url() -> str:
    """``TRACKER_DB_URL`` (e.g. the PostgreSQL of deploy/endpoints.multi.yml) or the SQLite file of
    endpoints.yml."""
    return settings().tracker_db_url or f"sqlite:///{DEFAULT_TRACKER_DB}"


def _referral_create(args) -> int:
    from bot.core.people.referrals import create_referral, links_for

    info = create_referral(args.name, args.organisation)
    print(f"code: {info.code}")
    for channel, link in links_for(info.code).items():
        print(f"{channel}: {link}")
    return 0


def _referral_summary(args) -> int:
    from bot.core.people.referrals import find_referral, student_counts, summaries_for_code
    from bot.core.people.summary import student_lines

    info = find_referral(args.code)
    if info is None:
        print(f"unknown code: {args.code}")
        return 1
    if info.revoked:
        print("This code is revoked: nobody can start with it, and nothing is shared through it.")
    counts = student_counts(args.code)
    print(f"{counts['arrived']} student(s) arrived with this code, {counts['consenting']} agreed to share.")
    for block in student_lines(summaries_for_code(args.code), args.lang):
        print(block)
    return 0


def _referral_revoke(args) -> int:
    from bot.core.people.referrals import ALREADY, REVOKED, revoke_code

    code = args.code.strip().upper()
    outcome = revoke_code(code, None)  # an operator may revoke any code (a counsellor asked by mail)
    print({REVOKED: f"revoked: {code}", ALREADY: f"already revoked: {code}"}.get(
        outcome, f"unknown code: {code}"))
    return 0 if outcome in (REVOKED, ALREADY) else 1


def _callbacks_list(args) -> int:
    from bot.core.people.handoff import list_callbacks

    items = list_callbacks(include_closed=args.all, liaison_id=args.liaison)
    for c in items:
        state = f"closed {c.closed_at:%Y-%m-%d}" if c.closed_at else "open"
        who = f"{c.name}  {c.contact}" if c.name else "(details erased)"
        print(f"#{c.id}  {c.created_at:%Y-%m-%d %H:%M}  {who}  lang={c.language}  "
              f"place={c.place or '-'}  liaison={c.liaison_id or '-'}  time={c.preferred_time or '-'}  "
              f"languages={','.join(c.languages) or '-'}  {state}")
    print(f"{len(items)} request(s)")
    return 0


def _callbacks_close(args) -> int:
    from bot.core.people.handoff import close_callback

    if close_callback(args.id):
        print(f"request #{args.id} closed")
        return 0
    print(f"no open request #{args.id}")
    return 1


def _privacy_forget(args) -> int:
    from bot.core.people.privacy import forget_person

    counts = forget_person(args.sender_id)
    print("deleted: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    print("The conversation itself is deleted when the user types 'forget me', or with `privacy purge`.")
    return 0


def _privacy_purge(args) -> int:
    from bot.core.people.privacy import purge_personal_data, retention_days
    from bot.rasa_ext.tracker_store import purge_conversations

    days = args.days or retention_days()
    counts = purge_personal_data(days)
    conversations = purge_conversations(tracker_db_url(), days)
    print(f"older than {days} days deleted: conversations={conversations}, "
          + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def register(sub) -> None:
    referral = sub.add_parser("referral", help="counsellors: referral codes").add_subparsers(
        dest="referral_command", required=True)
    p = referral.add_parser("create", help="make a code and links to hand to a student")
    p.add_argument("--name", required=True, help="the counsellor's name, shown to the student")
    p.add_argument("--organisation", default="", help="school or organisation, shown to the student")
    p.set_defaults(func=_referral_create)
    p = referral.add_parser("summary", help="what the students of a code chose (only with their consent)")
    p.add_argument("code")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.set_defaults(func=_referral_summary)
    p = referral.add_parser("revoke", help="stop a code from working; what was kept through it is deleted")
    p.add_argument("code")
    p.set_defaults(func=_referral_revoke)

    callbacks = sub.add_parser("callbacks", help="liaisons: callback requests").add_subparsers(
        dest="callbacks_command", required=True)
    p = callbacks.add_parser("list", help="open requests (with --all also closed ones)")
    p.add_argument("--all", action="store_true")
    p.add_argument("--liaison", help="only requests for this liaison id")
    p.set_defaults(func=_callbacks_list)
    p = callbacks.add_parser("close", help="mark a request as handled")
    p.add_argument("id", type=int)
    p.set_defaults(func=_callbacks_close)

    privacy = sub.add_parser("privacy", help="delete personal data").add_subparsers(
        dest="privacy_command", required=True)
    p = privacy.add_parser("forget", help="delete the personal rows of one conversation id")
    p.add_argument("sender_id")
    p.set_defaults(func=_privacy_forget)
    p = privacy.add_parser("purge", help="delete conversations and personal data older than RETENTION_DAYS")
    p.add_argument("--days", type=int, help="override RETENTION_DAYS")
    p.set_defaults(func=_privacy_purge)
