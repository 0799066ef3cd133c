"""The web chat page takes its texts and direction from the message catalogs (bot/rasa_ext/channels/web.py)."""
import json
import re

from bot.core import messages
from bot.rasa_ext.channels import web


def test_the_page_is_filled_in_dutch_and_carries_every_language_for_the_script():
    page = web.render_page()
    assert "{{" not in page and '<html lang="nl" dir="ltr">' in page
    assert f'placeholder="{messages.text("web.placeholder", "nl")}"' in page
    data = json.loads(re.search(r'<script id="texts" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert data["source"] == "nl" and data["dir"] == {"nl": "ltr", "en": "ltr"}
    assert data["texts"]["en"]["web.send"] == "Send" and set(data["texts"]["nl"]) == set(messages.keys("web."))
    assert re.findall(r'data-language="(\w+)"', page) == ["nl", "en"]


def test_a_text_cannot_break_out_of_the_page():
    page = web.render_page()
    script = re.search(r'<script id="texts" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert "</" not in script
