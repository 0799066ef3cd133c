"""``techconnect texts``: the message catalogs (locale/) for translators.

    techconnect texts template     write locale/messages.pot: every key, with the Dutch text as a comment
    techconnect texts check        per language: keys without a text (exit 1 if a shipped language misses one)
    techconnect texts new LANG     start a catalog for a new language (every key, no texts yet)

A new language's catalog is filled in a translators' tool (Poedit, Weblate...) from the template; until a key has
a text, the guide says it in Dutch.
"""
from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.core import messages

TEMPLATE = messages.LOCALE_DIR / f"{messages.DOMAIN}.pot"
SHIPPED = ("nl", "en")


def template() -> Catalog:
    catalog = Catalog(domain=messages.DOMAIN, project="TechConnect Guide", version="1",
                      copyright_holder="TechConnect", msgid_bugs_address="", creation_date=None)
    for key, dutch in messages.catalog(messages.SOURCE_LANGUAGE).items():
        catalog.add(key, "", auto_comments=[f"nl: {line}" for line in dutch.splitlines()])
    return catalog


def write_template() -> None:
    with TEMPLATE.open("wb") as f:
        write_po(f, template(), width=116, omit_header=True)


def missing(language: str) -> list:
    catalog = messages.catalog(language)
    return [key for key in messages.catalog(messages.SOURCE_LANGUAGE) if not catalog.get(key, "").strip()]


def new_catalog(language: str) -> None:
    path = messages.catalog_path(language)
    if path.exists():
        raise SystemExit(f"{path} exists already")
    catalog = template()
    catalog.locale = language
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=116)


def main(command: str, language: str = "") -> int:
    if command == "template":
        write_template()
        print(f"written: {TEMPLATE}")
        return 0
    if command == "new":
        if not language.isalpha() or not 2 <= len(language) <= 3:
            print("give the language's ISO 639 code, e.g.: techconnect texts new tr")
            return 2
        new_catalog(language)
        print(f"written: {messages.catalog_path(language)}; fill it in, then run `techconnect texts check`")
        return 0
    failed = False
    for code in messages.languages():
        gaps = missing(code)
        print(f"{code}: {len(messages.catalog(code))} texts, {len(gaps)} keys without a text")
        failed |= code in SHIPPED and bool(gaps)
    return 1 if failed else 0
