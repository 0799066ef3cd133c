"""Fixes of Rasa 3.6.21 internals, one module per patch, applied once at start-up by ``apply()``.

Our Rasa launcher (``python -m bot.rasa_ext.server``, which ``make serve``, ``make chat`` and the tests use) calls
``apply()`` before Rasa's own command line runs; importing a module of ours never patches anything. Each patch
gives Rasa's own result, checked against Rasa's function in a unit test, and was measured on the load benchmark
(docs/performance.md):

| module | what it fixes or saves |
|---|---|
| action_answers | action answers checked by a validator built once: 77 % of the server's CPU; 250 µs → 5 µs |
| event_types | event classes remembered per type name: ≈5 % of the server's time |
| language_mapping | language and profile decided in-process: one action-server round trip (≈1 ms) less per
  message, and the privacy line reaches the user |
| button_taps | a typed button title or number counts as a tap (behaviour) |
| graph_runner | the model's graph run without dask: ≈¼ of the policy prediction time at 20 users |
| dialogue_states | the policies' states extended per turn, not replayed: ≈⅕ of a single user's turn |
| rule_lookup | RulePolicy's rule search remembers its first step per state and stops early |
| tracker_copy | the copy before every action brought up to date, not replayed (two full replays per turn) |
| debug_logs | no deep copies or formatting for debug logs that are off: 11 % of a single user's turn |
| empty_domain | ``Domain.is_empty`` without building an empty domain: ≈0.2 ms per message |
| count_vectors | count-vector features built directly, per message: 0.47 → 0.23 ms (words), 0.72 → 0.47 ms
  (characters) |
| endpoint_sessions | kept-alive connections to the action server: ≈0.6 ms less per action call |
| lock_polling | a waiting turn polls its conversation's lock every 50 ms, not every second |
| model_loading | lingua loaded with the model, then ``gc.freeze``: full-collection pauses ≈350 → 95 ms |

``bot.rasa_ext.actions_in_process`` (the actions in the Rasa server when the endpoints file names an
``actions_module``) is applied with them. Patches with smaller gains (the message processor's debug-log copies,
≈0.1 ms per turn; the response variation choice, ≈0.1 ms per message) were removed: not worth patching private
code for. On any Rasa version but ``VERIFIED_RASA`` nothing is patched: Rasa's own behaviour is kept (the language
is then decided by the action server's ``action_decide_language``) and the log says why.
"""
from __future__ import annotations

import importlib
import logging

# The only Rasa version these patches were checked on (tests compare them with this version's own functions).
VERIFIED_RASA = "3.6.21"
PATCHES = ("action_answers", "event_types", "language_mapping", "button_taps", "graph_runner", "dialogue_states",
           "rule_lookup", "tracker_copy", "debug_logs", "empty_domain", "count_vectors", "endpoint_sessions",
           "lock_polling", "model_loading")
_applied = False


def apply() -> bool:
    """Apply every patch once; True when they are in place, False (and a warning) on another Rasa version."""
    global _applied
    import rasa

    if _applied:
        return True
    if rasa.__version__ != VERIFIED_RASA:
        logging.getLogger(__name__).warning(
            "Rasa %s: our Rasa patches were verified on %s only and are not applied; Rasa's own behaviour is kept",
            rasa.__version__, VERIFIED_RASA)
        return False
    from bot.rasa_ext import actions_in_process

    for name in PATCHES:
        importlib.import_module(f"{__name__}.{name}").apply()
    actions_in_process.apply()
    _applied = True
    return True
