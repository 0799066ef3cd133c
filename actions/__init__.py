"""Rasa custom actions: thin adapters that read slots, call ``bot.*`` and utter responses by name."""
