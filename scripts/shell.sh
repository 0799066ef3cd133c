#!/usr/bin/env bash
# `make shell`: Rasa's own terminal chat (`rasa shell`, with Rasa's logs on screen), for developers. The action
# server runs in the background while it is open. `make chat` is the chat for users (scripts/chat.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# The terminal chat shows the catalog's examples, marked as examples (README: Catalog modes).
export CATALOG_MODE="${CATALOG_MODE:-demo}"
MODEL="$(.venv/bin/techconnect model-path)"
mkdir -p var
# Delete conversations and personal data older than RETENTION_DAYS (default 180); deployments run it daily too.
.venv/bin/techconnect privacy purge || echo "retention purge failed; the chat starts anyway" >&2
SANIC_HOST=127.0.0.1 .venv/bin/rasa run actions --actions actions --port 5055 > var/action-server.log 2>&1 &
ACTIONS_PID=$!
trap 'kill $ACTIONS_PID 2>/dev/null || true' EXIT INT TERM
scripts/wait_for.sh "http://127.0.0.1:5055/health" 120 "action server"
echo "Opening the chat. Type your message; /stop ends it. (Action server log: var/action-server.log)"
.venv/bin/python -m bot.rasa_ext.server shell --model "$MODEL" --endpoints endpoints.yml
