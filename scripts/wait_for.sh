#!/usr/bin/env bash
# wait_for.sh URL SECONDS NAME: wait until URL answers (any HTTP status), printing progress.
url="$1"; limit="${2:-120}"; name="${3:-$1}"
for i in $(seq 1 "$limit"); do
  if curl -s -o /dev/null "$url"; then echo "$name is up (${i}s)"; exit 0; fi
  [ $((i % 10)) -eq 0 ] && echo "  waiting for $name... ${i}s"
  sleep 1
done
echo "$name did not start within ${limit}s" >&2
exit 1
