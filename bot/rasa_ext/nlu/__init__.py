"""Custom Rasa NLU components. Their logic lives in plain modules
(bot.core.understanding.entities, bot.core.language)."""
