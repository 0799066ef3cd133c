"""Everything that extends Rasa: custom NLU components, channels, the tracker store, in-process actions and the
fenced patches of Rasa internals."""
