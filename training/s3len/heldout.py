"""A fixed held-out slice per shipped model, re-scored in CI with native onnxruntime.

The export writes the first rows of the test split beside the model and records the
metrics of the preferred WASM file on them in the card. The check recomputes those
metrics from the shipped ONNX file and fails when they differ, which catches a model
file, tokenizer or card that changed without the others.
Run ``python -m s3len.heldout --help`` to add the slice to an already shipped model.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np

from .buckets import BucketScheme
from .data import read_split
from .lengthmetrics import regression_metrics
from .logs import configure
from .report import model_prediction

logger = logging.getLogger(__name__)

HELD_OUT_ROWS = 500
HELD_OUT_FILE = "heldout-500.jsonl"
ROW_FIELDS = ("id", "prompt", "output_tokens", "censored")


def held_out_metrics(logits: np.ndarray, rows: list[dict[str, object]], scheme: BucketScheme, label_max_of: float) -> dict[str, float]:
    """Return exact bucket accuracy and length metrics (median of the predicted distribution) on ``rows``."""
    lengths = np.asarray([int(row["output_tokens"]) for row in rows])
    censored = np.asarray([bool(row.get("censored", False)) for row in rows])
    prediction = model_prediction(logits, scheme, {"model-buckets": scheme}, label_max_of)
    true = np.asarray([scheme.bucket_of(int(length)) for length in lengths])
    return {
        "exact_accuracy": float(np.mean(prediction.buckets["model-buckets"] == true)),
        **regression_metrics(lengths, prediction.lengths, censored),
    }


def write_held_out_check(
    out_dir: Path, test_rows: list[dict[str, object]], tokenizer, scheme: BucketScheme, label_max_of: float,
    variant_file: str, variant_name: str, max_prompt_tokens: int,
) -> dict[str, object]:
    """Write the held-out slice beside the model and return the card block that records its metrics."""
    import onnxruntime as ort

    from .export import onnx_logits

    rows = [{key: row[key] for key in ROW_FIELDS if key in row} for row in test_rows[:HELD_OUT_ROWS]]
    with (out_dir / HELD_OUT_FILE).open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    logits = onnx_logits(out_dir / variant_file, tokenizer, [str(row["prompt"]) for row in rows], max_prompt_tokens)
    block = {"file": HELD_OUT_FILE, "rows": len(rows), "variant": variant_name, "label_max_of": label_max_of,
             "runtime": f"onnxruntime {ort.__version__} CPUExecutionProvider",
             "metrics": held_out_metrics(logits, rows, scheme, label_max_of)}
    logger.info("held-out check on %d rows: %s", len(rows), block["metrics"])
    return block


def rescore(model_dir: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Return (recomputed, recorded) held-out metrics of a shipped model folder."""
    from transformers import AutoTokenizer

    from .export import onnx_logits

    card = json.loads((model_dir / "model-card.json").read_text())
    block = card["held_out_check"]
    with (model_dir / block["file"]).open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    variant = next(v for v in card["variants"] if v["name"] == block["variant"])
    logits = onnx_logits(model_dir / variant["file"], AutoTokenizer.from_pretrained(model_dir),
                         [str(row["prompt"]) for row in rows], int(card["max_prompt_tokens"]))
    scheme = BucketScheme(edges=tuple(card["buckets"]["edges"]))
    return held_out_metrics(logits, rows, scheme, float(block.get("label_max_of", 1))), block["metrics"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Add the held-out slice and its recorded metrics to a shipped model's card.")
    parser.add_argument("--model-dir", type=Path, required=True, help="shipped model folder with model-card.json")
    parser.add_argument("--data", type=Path, required=True, help="folder with the test split the model was scored on")
    args = parser.parse_args(argv)
    configure()
    from transformers import AutoTokenizer

    card_path = args.model_dir / "model-card.json"
    card = json.loads(card_path.read_text())
    variant_name = card["preferred_variant"]["wasm"]
    variant = next(v for v in card["variants"] if v["name"] == variant_name)
    card["held_out_check"] = write_held_out_check(
        args.model_dir, read_split(args.data, "test"), AutoTokenizer.from_pretrained(args.model_dir),
        BucketScheme(edges=tuple(card["buckets"]["edges"])), 1.0,
        variant["file"], variant_name, int(card["max_prompt_tokens"]),
    )
    card_path.write_text(json.dumps(card, indent=2) + "\n")


if __name__ == "__main__":
    main()
