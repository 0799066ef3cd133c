"""Our own Rasa channels (Telegram, WhatsApp Cloud API, web chat), registered by class path in credentials.yml."""
