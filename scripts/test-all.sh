#!/usr/bin/env bash
# The whole test suite: typecheck, lint, build, unit, integration (PGlite, then
# PostgreSQL when it answers on 127.0.0.1:5432), browser end-to-end.
set -uo pipefail
cd "$(dirname "$0")/.."
reports="$(mktemp -d)"
status=0
step() { echo; echo "=== $1"; }

step "typecheck" && npx tsc --noEmit || status=1
step "lint" && npx eslint . || status=1
step "build" && npm run build >/dev/null || status=1

run_vitest() { # name, project, extra env...
  local name="$1" project="$2"; shift 2
  step "$name"
  env "$@" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="$reports/$name.json" || status=1
}

run_vitest unit unit
run_vitest integration-pglite integration
if node -e 'const s=require("net").connect(5432,"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),2000)'; then
  run_vitest integration-postgres integration TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
else
  echo; echo "=== PostgreSQL no responde en 127.0.0.1:5432: se omitió la pasada de integración sobre PostgreSQL (PostgreSQL pass skipped)"
fi
if [ -x /usr/bin/chromium ] || command -v apt-get >/dev/null; then
  run_vitest e2e e2e
fi

node scripts/summarize-tests.mjs "$reports" || status=1
exit $status
