"""Our own Rasa channels (Telegram, WhatsApp Cloud API, web chat, REST), registered by class path in
credentials.yml."""
