"""Custom Rasa NLU components. Their logic lives in plain modules (bot.entities, bot.language)."""
