"""Our tracker stores against Rasa's own: the arguments Rasa's base classes pass, and the same answers."""
