"""What our patches remember on Rasa's objects, kept in one documented way.

Some patches keep work they did with the object it was done for (a tracker's replayed copy, its dialogue
states so far, the rows it was read from), so that the next call can continue it. Rasa's classes have no field
for that; the value goes into the object's own ``__dict__`` under a name that starts with ``PREFIX``, so it can
never clash with an attribute of Rasa's, goes where the object goes (Rasa's shallow copies carry it as they
carry the object's other attributes) and dies with it. Every patch reads and writes it through these functions;
``tests/unit/test_kept_state.py`` checks that no module of ours touches a Rasa object's ``__dict__`` otherwise.
"""
from __future__ import annotations

from typing import Any, Callable, Dict

PREFIX = "_techconnect_"


def get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.__dict__.get(PREFIX + name, default)


def put(obj: Any, name: str, value: Any) -> Any:
    obj.__dict__[PREFIX + name] = value
    return value


def setdefault(obj: Any, name: str, make: Callable[[], Any]) -> Any:
    key = PREFIX + name
    if key not in obj.__dict__:
        obj.__dict__[key] = make()
    return obj.__dict__[key]


def pop(obj: Any, name: str, default: Any = None) -> Any:
    return obj.__dict__.pop(PREFIX + name, default)


def kept(obj: Any, *names: str) -> Dict[str, Any]:
    """The values kept under ``names`` (those that are there), to hand to another object with ``restore``."""
    return {name: obj.__dict__[PREFIX + name] for name in names if PREFIX + name in obj.__dict__}


def restore(obj: Any, values: Dict[str, Any]) -> None:
    obj.__dict__.update({PREFIX + name: value for name, value in values.items()})
