#!/usr/bin/env bash
# Start the action server (5055, loopback only) and the Rasa server (5005: channels, web chat, HTTP API) in the
# foreground; Ctrl-C stops both. ACTIONS_IN_PROCESS=1 runs the custom actions inside the Rasa server instead
# (one process: less memory, but one core; README: Load figures). RASA_AUTH_TOKEN protects the HTTP API when set.
# RASA_WORKERS=N runs N Rasa worker processes (needs REDIS_HOST for the lock store; README: Scale-out).
set -euo pipefail
cd "$(dirname "$0")/.."
# Serving real users: examples in the catalog stay hidden unless CATALOG_MODE=demo is asked for.
export CATALOG_MODE="${CATALOG_MODE:-production}"
MODEL="$(.venv/bin/techconnect model-path)"
ACTION_PORT="${ACTION_PORT:-5055}"
RASA_PORT="${RASA_PORT:-5005}"
pids=()
# Delete conversations and personal data older than RETENTION_DAYS (default 180); deployments run it daily too.
.venv/bin/techconnect privacy purge || echo "retention purge failed; the server starts anyway" >&2
cleanup() { trap - INT TERM EXIT; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup INT TERM EXIT
mkdir -p var
ENDPOINTS=var/endpoints.serve.yml
endpoint_args=()
if [ "${ACTIONS_IN_PROCESS:-0}" = 1 ]; then
  endpoint_args+=(--actions in-process)
else
  # The action server only listens on loopback (rasa_sdk reads SANIC_HOST): only Rasa talks to it.
  SANIC_HOST="${ACTION_HOST:-127.0.0.1}" .venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" &
  pids+=($!)
  scripts/wait_for.sh "http://127.0.0.1:${ACTION_PORT}/health" 120 "action server"
  endpoint_args+=(--actions "http://127.0.0.1:${ACTION_PORT}/webhook")
fi
# RASA_WORKERS=N (N > 1): N Rasa worker processes on the one port (Sanic), one per core. They share the SQLite
# conversations and need a Redis lock store, so that a conversation's turns still run one at a time.
if [ "${RASA_WORKERS:-1}" -gt 1 ]; then
  [ -n "${REDIS_HOST:-}" ] || { echo "RASA_WORKERS > 1 needs Redis for the lock store: set REDIS_HOST (and REDIS_PORT)" >&2; exit 1; }
  endpoint_args+=(--redis "${REDIS_HOST}:${REDIS_PORT:-6379}")
  export SANIC_WORKERS="$RASA_WORKERS"
fi
.venv/bin/techconnect endpoints "$ENDPOINTS" "${endpoint_args[@]}"
auth=()
[ -n "${RASA_AUTH_TOKEN:-}" ] && auth=(--auth-token "$RASA_AUTH_TOKEN")
# Rasa with our Rasa patches applied at start-up (bot/rasa_ext/server.py)
.venv/bin/python -m bot.rasa_ext.server run --model "$MODEL" --enable-api "${auth[@]}" --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints "$ENDPOINTS" --cors "*" &
pids+=($!)
echo "Rasa server starting on http://localhost:${RASA_PORT}"
echo "  web chat:  http://localhost:${RASA_PORT}/webhooks/web/"
echo "  REST:      http://localhost:${RASA_PORT}/webhooks/rest/webhook"
if [ -n "${TELEGRAM_TOKEN:-}" ] && [ -n "${TELEGRAM_SECRET_TOKEN:-}" ]; then
  echo "  Telegram:  /webhooks/telegram/webhook (register it: .venv/bin/techconnect telegram set-webhook https://YOUR-HOST)"
else echo "  Telegram:  off (set TELEGRAM_TOKEN and TELEGRAM_SECRET_TOKEN)"; fi
if [ -n "${WHATSAPP_TOKEN:-}" ] && [ -n "${WHATSAPP_APP_SECRET:-}" ]; then
  echo "  WhatsApp:  /webhooks/whatsapp/webhook"
else echo "  WhatsApp:  off (set WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_PHONE_NUMBER_ID)"; fi
if [ "${ACTIONS_IN_PROCESS:-0}" = 1 ]; then echo "  actions:   inside the Rasa server"
else echo "  actions:   action server on 127.0.0.1:${ACTION_PORT}"; fi
echo "Ctrl-C stops both."
wait -n "${pids[@]}"
