#!/usr/bin/env bash
# Fuzz /api/v1/openapi.json with schemathesis against a live Panal (gunicorn, as `make run` serves it) on
# PostgreSQL, anonymous and then with an applicant's bearer token. Bounded in time (SCHEMATHESIS_MAX_TIME seconds
# per pass, default 120). Fails on any server error, any response that breaks its documented schema, and any
# status code the document does not declare.
#
#   .ci/schemathesis.sh                                   # database panal_schemathesis on 127.0.0.1:5432
#   SCHEMATHESIS_DATABASE_URL=postgres://.../db SCHEMATHESIS_PORT=8111 .ci/schemathesis.sh
#
# Rate limits are switched off for the run (PANAL_RATELIMIT=off, the documented load-test switch): the fuzzer
# is one client sending thousands of writes; tests/security/test_rate_limits.py covers the limits themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_URL="${SCHEMATHESIS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/panal_schemathesis}"
PORT="${SCHEMATHESIS_PORT:-8111}"
MAX_TIME="${SCHEMATHESIS_MAX_TIME:-120}"
DB_NAME="${DATABASE_URL##*/}"
ADMIN_URL="${DATABASE_URL%/*}/postgres"
VAR_DIR="$(mktemp -d -t panal-schemathesis-XXXXXX)"
export DATABASE_URL PORT PANAL_VAR_DIR="$VAR_DIR" PANAL_RATELIMIT=off PANAL_BASE_URL="http://127.0.0.1:$PORT"
BIN=.venv/bin

psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS \"$DB_NAME\"" >/dev/null
psql "$ADMIN_URL" -qc "CREATE DATABASE \"$DB_NAME\"" >/dev/null
"$BIN/panal" setup >/dev/null

TOKEN="$("$BIN/panal" shell -c '
from panal.applications.services import issue_token
from panal.catalog.services import create_user
user, _ = create_user(email="fuzz@example.cl", role="applicant", password="fuzz-panal-2026-clave")
print(issue_token(user=user, label="schemathesis"))' | tail -1)"

"$BIN/panal" serve --port "$PORT" >"$VAR_DIR/serve.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS \"$DB_NAME\"" >/dev/null 2>&1 || true
  rm -rf "$VAR_DIR"
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/api/v1/openapi.json" >/dev/null && break
  sleep 1
done

CHECKS=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance
run() {
  "$BIN/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --checks "$CHECKS" --max-time "$MAX_TIME" --max-examples 50 --workers 1 --request-timeout 30 \
    --seed 20261201 --suppress-health-check all "$@"
}
echo "== schemathesis: anonymous"
run
echo "== schemathesis: with an applicant's token"
run -H "Authorization: Bearer $TOKEN"
if grep -q "Traceback" "$VAR_DIR/serve.log"; then
  echo "The server logged a traceback:"; grep -A20 "Traceback" "$VAR_DIR/serve.log" | head -60
  exit 1
fi
