"""NLU components that were measured against the kept pipeline and not kept (docs/nlu-pipelines.md).

They live outside bot/rasa_ext/nlu/ so that they are not inputs of the shipped model (bot/cli/modelcache.py)."""
