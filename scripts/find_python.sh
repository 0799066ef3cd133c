#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10, not 3.11+).
# Order: $PYTHON, python3.10 on PATH, pyenv's 3.10.x, /usr/bin/python3.10.
set -u
works() { [ -n "$1" ] && "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root 2>/dev/null)"
  for v in "$root"/versions/3.10*/bin/python3.10; do candidates+=("$v"); done
fi
for v in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do candidates+=("$v"); done
for c in "${candidates[@]}"; do
  if works "$c"; then echo "$c"; exit 0; fi
done
cat >&2 <<'MSG'
No Python 3.10 found. Rasa 3.6 needs Python 3.10 (3.11+ is not supported).
Install one, for example:
  pyenv install 3.10.13            (then run make again)
  or: apt-get install python3.10 python3.10-venv
or point make at it:  make chat PYTHON=/path/to/python3.10
MSG
exit 1
