"""The Rasa-free core: the catalog and its search, the person's profile, reading a message, funding rules,
quiz, people's personal data, texts and replies.
Nothing in here imports rasa or rasa_sdk (tests/unit/test_layers.py)."""
