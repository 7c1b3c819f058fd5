#!/usr/bin/env bash
# Run the training pipeline's tests in training/.venv, creating it on first use.
# Needs Python 3.11 (PYTHON overrides the interpreter) and `npm ci` done, because
# labels are counted by the app's own GPT-2 token counter.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$repo/training/.venv
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3.11}" -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
fi
# pip resolves nothing new when the pinned versions are already installed.
"$venv/bin/pip" install --quiet -r "$repo/training/requirements.txt"
cd "$repo/training"
"$venv/bin/python" -m pytest "$@"
