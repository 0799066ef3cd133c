"""The layers show in the folders and hold: the core imports no Rasa, the shipped package no harness.

bot/core/      Rasa-free: catalog, person, understanding, funding rules, quiz, people, texts, db
bot/rasa_ext/  what extends Rasa: NLU components, channels, tracker store, in-process actions, patches
bot/cli/       the techconnect command line and the processes it starts
actions/       Rasa custom actions, thin adapters over bot/core
tools/         test, benchmark and research harness, not shipped
"""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _modules(folder: str):
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


def _offending(folder: str, *forbidden: str):
    return {str(path.relative_to(ROOT)): name for path in _modules(folder) for name in _imports(path)
            if name.split(".")[0] in forbidden or any(name.startswith(f + ".") or name == f for f in forbidden)}


def test_the_core_imports_neither_rasa_nor_rasa_sdk_nor_the_layers_above_it():
    assert _offending("bot/core", "rasa", "rasa_sdk", "actions", "tools", "bot.rasa_ext", "bot.cli") == {}


def test_importing_the_whole_core_loads_no_rasa():
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in _modules("bot/core")]
    assert len(modules) > 40
    check = ("import importlib, sys\n"
             f"for name in {modules!r}:\n    importlib.import_module(name)\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'rasa_sdk', 'tensorflow'}))")
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_shipped_package_does_not_use_the_harness():
    assert _offending("bot", "tools") == {}
    assert _offending("actions", "tools", "bot.cli") == {}


def test_the_rasa_extensions_do_not_reach_into_the_command_line():
    assert _offending("bot/rasa_ext", "bot.cli", "actions") == {}
