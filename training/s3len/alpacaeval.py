"""Prepare AlpacaEval prompts labelled with each LLM's own answer length.

Every model folder contains ``model_outputs.json.gz``: a list of records with ``instruction``,
``output`` and ``generator`` for the same 805 prompts. Rows are matched across models by
instruction text, never by position, because a few files contain 802 to 804 rows. An empty output is a real
answer of length 0, not a missing one. Each row's ``source`` is its model folder, so the
evaluation report breaks every metric down by served model.

The split is by prompt, never by row: one prompt's 36 answers all land in one split.
Run ``python -m s3len.alpacaeval --help`` for options.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from .data import LABEL_TOKENIZER_NAMES, SPLITS, assign_splits
from .logs import configure
from .prompts import format_prompt
from .tokencount import DEFAULT_COUNTER, count_tokens

logger = logging.getLogger(__name__)

OUTPUTS_FILE = "model_outputs.json.gz"


@dataclass(frozen=True)
class AlpacaEvalConfig:
    """Options of the AlpacaEval label preparation."""

    outputs_dir: Path
    """Folder with one sub-folder per model, each holding model_outputs.json.gz."""
    out_dir: Path
    seed: int = 20231
    validation_fraction: float = 0.1
    test_fraction: float = 0.1
    label_tokenizer: str = "llama"
    token_counter: str = DEFAULT_COUNTER
    models: tuple[str, ...] = ()
    """Model folders to read; empty reads every folder."""


def read_outputs(path: Path) -> list[dict[str, str]]:
    """Read one model's outputs and check the fields the labels need."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a JSON array of records, got {type(rows).__name__}")
    for index, row in enumerate(rows):
        for field in ("instruction", "output"):
            if not isinstance(row.get(field), str):
                raise ValueError(f"{path}: record {index}: field {field!r} missing or not a string")
    return rows


def prepare_alpaca_eval(config: AlpacaEvalConfig) -> dict[str, object]:
    """Write train/validation/test JSON lines with one row per (prompt, model) and return a summary."""
    folders = sorted(path.parent for path in config.outputs_dir.glob(f"*/{OUTPUTS_FILE}"))
    if config.models:
        folders = [folder for folder in folders if folder.name in config.models]
        missing = set(config.models) - {folder.name for folder in folders}
        if missing:
            raise FileNotFoundError(f"no {OUTPUTS_FILE} for models {sorted(missing)} in {config.outputs_dir}")
    if not folders:
        raise FileNotFoundError(f"no */{OUTPUTS_FILE} in {config.outputs_dir}")

    rows: list[dict[str, object]] = []
    rows_per_model = {}
    for folder in folders:
        records = read_outputs(folder / OUTPUTS_FILE)
        rows_per_model[folder.name] = len(records)
        for record in records:
            rows.append({"source": folder.name, "prompt": format_prompt(record["instruction"], ""), "output": record["output"]})
    lengths = count_tokens([str(row["output"]) for row in rows], config.token_counter, config.label_tokenizer)
    splits = assign_splits([str(row["prompt"]) for row in rows], config.seed, config.validation_fraction, config.test_fraction)

    config.out_dir.mkdir(parents=True, exist_ok=True)
    sizes = dict.fromkeys(SPLITS, 0)
    handles = {name: (config.out_dir / f"{name}.jsonl").open("w", encoding="utf-8") for name in SPLITS}
    try:
        for index, (row, length, split) in enumerate(zip(rows, lengths, splits)):
            record = {"id": index, "source": row["source"], "prompt": row["prompt"], "output_tokens": length,
                      "censored": False}
            handles[split].write(json.dumps(record, ensure_ascii=False) + "\n")
            sizes[split] += 1
    finally:
        for handle in handles.values():
            handle.close()

    summary = {
        "source": "AlpacaEval outputs: each model's answers to the same prompts",
        "label": f"length of the model's answer in {config.label_tokenizer} tokens (empty answer = 0)",
        "label_tokenizer": LABEL_TOKENIZER_NAMES[config.label_tokenizer],
        "models": rows_per_model,
        "unique_prompts": len({row["prompt"] for row in rows}),
        "split_sizes": sizes,
        "split_rule": "unique instructions permuted with the seed; all answers to one prompt share a split",
        "config": {"seed": config.seed, "validation_fraction": config.validation_fraction, "test_fraction": config.test_fraction},
    }
    (config.out_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s to %s", sizes, config.out_dir)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Prepare AlpacaEval prompts labelled with each model's answer length.")
    parser.add_argument("--outputs-dir", type=Path, required=True, help="folder of <model>/model_outputs.json.gz")
    parser.add_argument("--out", type=Path, required=True, help="output folder for the split files")
    parser.add_argument("--label-tokenizer", default="llama", choices=sorted(LABEL_TOKENIZER_NAMES))
    parser.add_argument("--model", action="append", default=[], help="model folder to read, repeatable (default: all)")
    parser.add_argument("--seed", type=int, default=AlpacaEvalConfig.seed, help="seed of the split permutation")
    args = parser.parse_args(argv)
    configure()
    prepare_alpaca_eval(AlpacaEvalConfig(outputs_dir=args.outputs_dir, out_dir=args.out, seed=args.seed,
                                         label_tokenizer=args.label_tokenizer, models=tuple(args.model)))


if __name__ == "__main__":
    main()
