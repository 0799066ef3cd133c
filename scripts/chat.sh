#!/usr/bin/env bash
# Chat in the terminal (`rasa shell`). The custom actions run inside it (endpoints.yml: actions_module).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="$(.venv/bin/techconnect model-path)"
mkdir -p var
# Delete conversations and personal data older than RETENTION_DAYS (default 180); deployments run it daily too.
.venv/bin/techconnect privacy purge || echo "retention purge failed; the chat starts anyway" >&2
echo "Opening the chat. Type your message; /stop ends it."
.venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml
