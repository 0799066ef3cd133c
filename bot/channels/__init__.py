"""Our own Rasa channels (Telegram, WhatsApp Cloud API, web chat, REST), registered by class path in
credentials.yml. Loading them also applies our measured Rasa fixes (bot/rasa_patches.py) in the Rasa server."""
from bot import rasa_patches

rasa_patches.apply()
