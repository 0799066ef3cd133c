"""``techconnect`` command line: database setup, catalog import/check, model training when needed.

    techconnect db upgrade          apply Alembic migrations to DATABASE_URL (default: var/techconnect.sqlite3)
    techconnect db seed [--dir D]   validate data/catalog/ and import it, all or nothing
    techconnect db setup            upgrade + seed
    techconnect catalog check       validate data/catalog/ without touching the database
    techconnect catalog export      write courses and providers from the database to YAML or CSV
    techconnect db seed --courses-csv F   import with the courses taken from a CSV file
    techconnect train [--force]     train the Rasa model if the training inputs changed
    techconnect model-path          print the path of the up-to-date model (exit 1 if missing)
    techconnect endpoints OUT [--actions URL|in-process] [--redis HOST:PORT]   write a Rasa endpoints file
    techconnect texts template|check|new LANG   the message catalogs for translators (bot/cli/texts.py)
    techconnect chat [--url URL]    chat in the terminal (starts the servers itself unless --url is given)
    techconnect telegram set-webhook URL   register URL/webhooks/telegram/webhook with the secret token
    techconnect telegram poll       development without a public URL: poll Telegram, feed the local webhook
    techconnect referral|callbacks|privacy ...   counsellors, liaisons and privacy: see bot/cli/people.py
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _cmd_db_upgrade(_args) -> int:
    from bot.core.db.migrate import upgrade
    from bot.core.db.session import database_url

    upgrade()
    print(f"database migrated: {_safe_url(database_url())}")
    return 0


def _cmd_db_seed(args) -> int:
    from bot.core.catalog.importer import CatalogError, import_catalog

    try:
        counts = import_catalog(Path(args.dir), courses_csv=Path(args.courses_csv) if args.courses_csv else None)
    except CatalogError as exc:
        print(f"catalog import failed, nothing was written:\n{exc}", file=sys.stderr)
        return 2
    print("catalog imported: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def _cmd_db_setup(args) -> int:
    return _cmd_db_upgrade(args) or _cmd_db_seed(args)


def _cmd_catalog_export(args) -> int:
    from bot.core.catalog.exchange import export_catalog

    for path in export_catalog(Path(args.out), args.format):
        print(f"wrote {path}")
    return 0


def _cmd_catalog_check(args) -> int:
    from bot.core.catalog.importer import CatalogError, load_catalog

    try:
        catalog = load_catalog(Path(args.dir))
    except CatalogError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print("catalog ok: " + ", ".join(f"{k}={v}" for k, v in catalog.counts().items()))
    # what an operator still has to replace with checked records (README: Catalog modes)
    for kind, ids in catalog.examples().items():
        if ids:
            print(f"examples, hidden when CATALOG_MODE=production: {kind}={len(ids)} ({', '.join(ids)})")
    return 0


def _cmd_train(args) -> int:
    from bot.cli import modelcache

    path = modelcache.model_path()
    if path.exists() and not args.force:
        print(f"model up to date: {path}")
        return 0
    started = time.monotonic()
    code = modelcache.train(path)
    if code == 0:
        print(f"model trained in {time.monotonic() - started:.0f} s: {path}")
    return code


def _cmd_model_path(_args) -> int:
    from bot.cli import modelcache

    path = modelcache.model_path()
    print(path)
    return 0 if path.exists() else 1


def _cmd_endpoints(args) -> int:
    from bot.cli import endpoints

    redis = None
    if args.redis:
        host, _, port = args.redis.rpartition(":")
        redis = {"url": host, "port": int(port)}
    endpoints.write(Path(args.out), actions=args.actions, conversations=args.conversations, redis=redis)
    return 0


def _cmd_texts(args) -> int:
    from bot.cli import texts

    return texts.main(args.texts_command, args.language or "")


def _cmd_chat(args) -> int:
    from bot.cli.terminal_chat import run

    return run(args.url, args.token, Path(args.var), Path(args.model) if args.model else None)


def _cmd_telegram_set_webhook(args) -> int:
    import asyncio

    from bot.rasa_ext.channels.telegram_admin import set_webhook

    print(f"Telegram webhook set to {asyncio.run(set_webhook(args.url))}")
    return 0


def _cmd_telegram_poll(args) -> int:
    import asyncio
    import logging

    from bot.rasa_ext.channels.telegram_admin import poll

    logging.basicConfig(level=logging.INFO)
    print(f"polling Telegram, forwarding to {args.webhook} (Ctrl-C stops)")
    try:
        asyncio.run(poll(args.webhook, rounds=args.rounds))
    except KeyboardInterrupt:
        pass
    return 0


def _safe_url(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> int:
    from bot.core.catalog.importer import DEFAULT_CATALOG_DIR

    parser = argparse.ArgumentParser(prog="techconnect", description="TechConnect Guide tools")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=_cmd_db_upgrade)
    for name, func in (("seed", _cmd_db_seed), ("setup", _cmd_db_setup)):
        p = db.add_parser(name, help=f"{name} the catalog")
        p.add_argument("--dir", default=str(DEFAULT_CATALOG_DIR))
        p.add_argument("--courses-csv", help="take the courses from this CSV instead of courses.yml")
        p.set_defaults(func=func)

    catalog = sub.add_parser("catalog", help="catalog files").add_subparsers(dest="catalog_command", required=True)
    p = catalog.add_parser("check", help="validate data/catalog/")
    p.add_argument("--dir", default=str(DEFAULT_CATALOG_DIR))
    p.set_defaults(func=_cmd_catalog_check)
    p = catalog.add_parser("export", help="write the catalog in the database to YAML or CSV")
    p.add_argument("--out", default="var/export")
    p.add_argument("--format", choices=("yaml", "csv"), default="yaml")
    p.set_defaults(func=_cmd_catalog_export)

    p = sub.add_parser("train", help="train the Rasa model when its inputs changed")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=_cmd_train)
    sub.add_parser("model-path", help="path of the current model").set_defaults(func=_cmd_model_path)
    p = sub.add_parser("endpoints", help="write a Rasa endpoints file (bot/cli/endpoints.py)")
    p.add_argument("out")
    p.add_argument("--actions", default="http://localhost:5055/webhook",
                   help="the action server's webhook URL, or in-process")
    p.add_argument("--conversations", default="var/conversations.sqlite3", help="SQLite file of the conversations")
    p.add_argument("--redis", help="HOST:PORT of the Redis lock store (several Rasa processes)")
    p.set_defaults(func=_cmd_endpoints)
    p = sub.add_parser("texts", help="message catalogs: template for translators, check, new language")
    p.add_argument("texts_command", choices=["template", "check", "new"])
    p.add_argument("language", nargs="?")
    p.set_defaults(func=_cmd_texts)
    from bot.cli.terminal_chat import add_arguments

    p = sub.add_parser("chat", help="chat in the terminal (starts the servers unless --url is given)")
    add_arguments(p)
    p.set_defaults(func=_cmd_chat)

    telegram = sub.add_parser("telegram", help="Telegram set-up").add_subparsers(dest="tg_command", required=True)
    p = telegram.add_parser("set-webhook", help="register the public webhook URL with the secret token")
    p.add_argument("url", help="public https base URL of the Rasa server, e.g. https://bot.example.org")
    p.set_defaults(func=_cmd_telegram_set_webhook)
    p = telegram.add_parser("poll", help="local development: poll Telegram and feed the local webhook")
    p.add_argument("--webhook", default="http://localhost:5005/webhooks/telegram/webhook")
    p.add_argument("--rounds", type=int, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_telegram_poll)

    from bot.cli.people import register

    register(sub)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
