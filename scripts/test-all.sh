#!/usr/bin/env bash
# Every test suite: type check, unit (Vitest), Python (pytest), end to end
# (Playwright in the system Chromium, found at CHROMIUM_PATH or /usr/bin/chromium).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "test-all: Chromium not found at $chromium; install Debian's chromium package or set CHROMIUM_PATH" >&2
  exit 1
fi

echo "== type check"
npx tsc --noEmit -p tsconfig.json
echo "== unit tests (Vitest)"
npx vitest run
echo "== simulator benchmark (prints figures; fails only if a run fails)"
npx tsx scripts/bench-sim.ts
echo "== predictor quality targets (prints figures from the shipped reports; fails only if a report is invalid)"
npx tsx scripts/quality-targets.ts
echo "== Python tests (pytest)"
bash scripts/test-python.sh
echo "== end-to-end tests (Playwright, $chromium)"
CHROMIUM_PATH=$chromium npx playwright test
