"""The model's graph run without dask's scheduler: Rasa rebuilt the minimal sub-graph for the targets (deep-copying
schema nodes) and handed it to dask for every message and every predicted action, about a quarter of the policy
prediction time at 20 users (py-spy).

The graph is fixed once loaded, so the minimal sub-graph is remembered per target list and the nodes are called
depth-first: the same nodes with the same inputs; a node not in the graph gets its name as dask gives it, and
errors map as before.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from bot.rasa_ext.patches import kept_state

ORIGINAL = DaskGraphRunner.run
MINIMAL_SCHEMAS = "minimal_schemas"  # kept on the runner (kept_state): {targets: nodes}


def run_graph(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
              targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    schemas = kept_state.setdefault(self, MINIMAL_SCHEMAS, dict)
    if run_targets not in schemas:
        schemas[run_targets] = self._graph_schema.minimal_graph_schema(list(run_targets)).nodes
    nodes = schemas[run_targets]
    results: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in nodes:
            raise GraphRunError(f"Input value '{value}' clashes with a node name.")
        results[name] = (name, value)

    def output(name: Text) -> Any:
        if name not in results:
            if name not in nodes:
                return name  # as dask: an unresolved input is passed as its key, and the node reports it
            results[name] = self._instantiated_nodes[name](*[output(need) for need in nodes[name].needs.values()])
        return results[name]

    try:
        return dict(output(target) for target in run_targets)
    except RuntimeError as exc:
        raise GraphRunError("Error running runner.") from exc


def apply() -> None:
    DaskGraphRunner.run = run_graph
