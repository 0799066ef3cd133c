#!/usr/bin/env bash
# `make chat`: our own terminal chat (bot/cli/terminal_chat.py). It starts the action server and the Rasa server in
# the background (logs in var/) and stops them when the chat ends.
set -euo pipefail
cd "$(dirname "$0")/.."
# The terminal chat shows the catalog's examples, marked as examples (README: Catalog modes).
export CATALOG_MODE="${CATALOG_MODE:-demo}"
mkdir -p var
# Delete conversations and personal data older than RETENTION_DAYS (default 180); deployments run it daily too.
.venv/bin/techconnect privacy purge > var/privacy-purge.log 2>&1 \
  || echo "retention purge failed (var/privacy-purge.log); the chat starts anyway" >&2
exec .venv/bin/techconnect chat "$@"
