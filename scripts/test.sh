#!/usr/bin/env bash
# The project's test command: build, run every tier of tests, print one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
npx tsc -b || exit 1
npx tsc -p test || exit 1   # the end-to-end suites and their support code, type-checked only
mkdir -p test-results
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
code=$?
node scripts/test-summary.mjs test-results/vitest.json
exit $code
