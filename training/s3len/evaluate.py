"""Score a fine-tuned checkpoint on the test split, beside the majority-class baseline.

Run ``python -m s3len.evaluate --help`` for options.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from .logs import configure
from .buckets import BucketScheme
from .data import read_split
from .metrics import classification_metrics, confusion_matrix, majority_bucket

logger = logging.getLogger(__name__)


def load_scheme(checkpoint: Path) -> BucketScheme:
    spec = json.loads((checkpoint / "length_buckets.json").read_text())
    return BucketScheme(edges=tuple(spec["edges"]), name=spec["name"])


@torch.no_grad()
def predict_logits(checkpoint: Path, prompts: list[str], max_prompt_tokens: int, batch_size: int = 64) -> np.ndarray:
    """Return the PyTorch checkpoint's logits for each prompt, in input order."""
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()
    order = sorted(range(len(prompts)), key=lambda index: len(prompts[index]))
    logits = np.zeros((len(prompts), model.config.num_labels), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        inputs = tokenizer([prompts[i] for i in batch], padding=True, truncation=True,
                           max_length=max_prompt_tokens, return_tensors="pt")
        logits[batch] = model(**inputs).logits.numpy()
    return logits


def score(
    predicted: list[int], rows: list[dict[str, object]], train_rows: list[dict[str, object]], scheme: BucketScheme
) -> dict[str, object]:
    """Return the model's metrics, the majority baseline's and the confusion matrix on ``rows``."""
    lengths = [int(row["output_tokens"]) for row in rows]
    true = [scheme.bucket_of(length) for length in lengths]
    majority = majority_bucket([scheme.bucket_of(int(row["output_tokens"])) for row in train_rows])
    baseline = classification_metrics(true, [majority] * len(true), lengths, scheme)
    return {
        "rows": len(rows),
        "model": classification_metrics(true, predicted, lengths, scheme),
        "majority_baseline": {"bucket": majority, **baseline},
        "confusion_matrix": confusion_matrix(true, predicted, scheme.num_buckets),
    }


def evaluate(checkpoint: Path, data_dir: Path, split: str, max_prompt_tokens: int) -> dict[str, object]:
    scheme = load_scheme(checkpoint)
    rows = read_split(data_dir, split)
    train_rows = read_split(data_dir, "train")
    logits = predict_logits(checkpoint, [str(row["prompt"]) for row in rows], max_prompt_tokens)
    report = score(logits.argmax(axis=1).tolist(), rows, train_rows, scheme)
    logger.info("%s: model %s", split, report["model"])
    logger.info("%s: majority baseline %s", split, report["majority_baseline"])
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score a checkpoint on a split beside the majority baseline.")
    parser.add_argument("--checkpoint", type=Path, required=True, help="folder written by s3len.train (OUT/best)")
    parser.add_argument("--data", type=Path, required=True, help="folder written by s3len.data")
    parser.add_argument("--split", default="test", choices=["validation", "test"])
    parser.add_argument("--max-prompt-tokens", type=int, default=256)
    parser.add_argument("--out", type=Path, default=None, help="write the report as JSON here")
    args = parser.parse_args(argv)
    configure()
    report = evaluate(args.checkpoint, args.data, args.split, args.max_prompt_tokens)
    if args.out is not None:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
