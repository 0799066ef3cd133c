"""Rasa's own command line, with our Rasa patches applied first: ``python -m bot.rasa_ext.server run ...`` takes
the arguments of ``rasa`` (run, shell, ...). This is the one place the patches are applied (bot/rasa_ext/patches)."""
from __future__ import annotations

import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> None:
    from bot.rasa_ext import patches

    patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
