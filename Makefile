# TechConnect Guide. Every target sets up what it needs: venv, dependencies, database, model.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install db model chat shell serve test test-unit validate test-stories eval bench lint clean test-deps test-node soak audit

help:
	@echo "make chat    set everything up and chat in the terminal"
	@echo "make shell   Rasa's own terminal chat (rasa shell), for developers"
	@echo "make test    set everything up and run every test"
	@echo "make serve   action server (5055) + Rasa server (5005: REST, web chat on /webhooks/web/, HTTP API;"
	@echo "             Telegram and WhatsApp when their variables are set)"
	@echo "make train   (re)train the Rasa model when its inputs changed"
	@echo "make eval    NLU figures on the held-out test set"
	@echo "make bench   benchmarks: course search latency (SQLite, PostgreSQL) and a load test over REST"
	@echo "             against our stack and a default rasa init project"
	@echo "make soak    10-minute soak test at moderate load (errors, memory over time)"
	@echo "make lint    ruff"
	@echo "make audit   known vulnerabilities of the pinned stack (pip-audit) against security/reviewed.yml"

$(STAMP): pyproject.toml
	@PY="$$(scripts/find_python.sh)" || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo ">> creating virtualenv with $$PY"; "$$PY" -m venv $(VENV); fi
	@echo ">> installing dependencies (first time: a few minutes, ~2.7 GB)"
	$(BIN)/pip install --quiet --upgrade "pip>=23.3" wheel
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

db: install
	@echo ">> database: migrate and import data/catalog"
	$(BIN)/techconnect db setup

model train: install
	@$(BIN)/techconnect train

chat: db model
	@scripts/chat.sh

shell: db model
	@scripts/shell.sh

serve: db model
	@scripts/serve.sh

# rasa data validate must be clean. Its accepted warnings: a response that a custom action utters is
# "not used in any story or rule" (tests/test_messages.py checks those are really used by actions), and
# the two intents only the message reader sets, never trained (multi_question, foreign_language).
validate: install
	@mkdir -p results
	$(BIN)/rasa data validate --domain domain --data data/nlu data/rules data/stories.yml \
	  --config config.yml 2>&1 | tee results/validate.log | grep -E "ERROR|UserWarning|conflict" || true
	@! grep -E "ERROR|UserWarning" results/validate.log | grep -v "is not used in any story or rule" \
	  | grep -vE "intent '(multi_question|foreign_language)' is listed in the domain file, but is not found"
	@echo "rasa data validate: clean"

# Programs the tests use from Debian: chromium (web chat, headless), redis-server and nginx (scale-out test).
# Installed here when missing and we may use apt-get; otherwise the command to run is printed.
test-deps:
	@missing=""; for p in chromium redis-server nginx; do \
	  command -v $$p >/dev/null || [ -x /usr/sbin/$$p ] || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo ">> installing Debian packages for the tests:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q $$missing >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
	else echo "The tests need these Debian packages: sudo apt-get install$$missing"; exit 1; fi

# Node packages the tests use (axe-core checks the web chat's accessibility), as pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The tests need Node.js and npm: sudo apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

test-node: node_modules/.package-lock.json

test: lint db validate model test-deps test-node
	$(BIN)/python -m pytest -q
	$(BIN)/rasa test core --model "$$($(BIN)/techconnect model-path)" --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/core
	$(BIN)/rasa test core --model "$$($(BIN)/techconnect model-path)" --stories data/stories.yml \
	  --fail-on-prediction-errors --out results/core-stories
	$(BIN)/python -m tools.evaluation --check

eval: db model
	$(BIN)/python -m tools.evaluation

# Benchmarks print figures; they never fail a build. PostgreSQL is started on loopback when possible.
bench: db model
	@BENCH_POSTGRES_URL="$${BENCH_POSTGRES_URL:-$$(scripts/start_postgres.sh 5433 2>/dev/null | tail -1 | sed 's/techconnect_test/techconnect_bench/')}"; \
	  BENCH_POSTGRES_URL="$$BENCH_POSTGRES_URL" $(BIN)/python bench/search_latency.py
	$(BIN)/python bench/load.py --workers 1,2

# 10 minutes at moderate load (5 users): errors must stay 0 and memory must level off. Not part of CI.
soak: db model
	$(BIN)/python bench/load.py --soak 600 --users 5

# Exit 1: an unreviewed finding; exit 2: the vulnerability service could not be reached (nothing was checked).
audit: install
	$(BIN)/python scripts/audit.py

lint: install
	$(BIN)/ruff check bot actions tools tests bench scripts

clean:
	rm -rf results models var .pytest_cache .venv-audit
