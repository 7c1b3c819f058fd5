"""Prepare Alpaca prompts labelled with vicuna-7b's own answer lengths.

The length files list, per Alpaca record, the length in LLaMA tokens of the
reference answer (``L_gt``) and of vicuna-7b's answer sampled at temperatures
0.0, 0.3, 0.5 and 0.7 (``L_t0.0`` ... ``L_t0.7``). Record ``id`` k is Alpaca row
k - 1 (0-based) of the parts concatenated in numeric order: the correlation of
``L_gt`` with the reference answer's word count is about 0.97 with that offset
and about 0.2 without it, and :func:`join_check` recomputes it.

Split (the one the Sequence-Scheduling predictor was scored on): the test split
is the first 1,000 records of the validation file, the validation split is the
next 1,000, and training uses the 10,000 records of the training file. Prompts
that occur in the test or validation split are dropped from training, so no
prompt text is shared across splits.

The evaluation label is ``L_max``, the largest of the four sampled lengths.
vicuna-7b generated at most about 512 tokens, so an answer at or past
``censor_at`` tokens is marked censored: its true length is unknown beyond the cap.

Run ``python -m s3len.vicuna --help`` for options.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .data import load_alpaca
from .logs import configure
from .prompts import format_prompt

logger = logging.getLogger(__name__)

TEMPERATURES = ("L_t0.0", "L_t0.3", "L_t0.5", "L_t0.7")
TEST_ROWS = 1000
VALIDATION_ROWS = 1000
DEFAULT_CENSOR_AT = 510
"""Answers of at least this many LLaMA tokens are treated as cut by the generation cap (max seen: 514)."""


@dataclass(frozen=True)
class VicunaConfig:
    """Options of the vicuna-7b label preparation."""

    alpaca_dir: Path
    """Folder of alpaca_chinese_part_<k>.json files (the prompts)."""
    lengths_dir: Path
    """Folder with alpaca-train-10k-length.json and alpaca-val-10k-length.json."""
    out_dir: Path
    censor_at: int = DEFAULT_CENSOR_AT
    test_rows: int = TEST_ROWS
    validation_rows: int = VALIDATION_ROWS
    limit: int | None = None
    """Keep only the first N records of each length file (tests and quick trials)."""


def read_lengths(path: Path) -> list[dict[str, object]]:
    """Read one length file and check every record's fields."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a JSON array of records, got {type(rows).__name__}")
    for index, row in enumerate(rows):
        for field in ("id", "L_gt", *TEMPERATURES):
            if field not in row:
                raise ValueError(f"{path}: record {index}: field {field!r} missing")
        for field in ("L_gt", *TEMPERATURES):
            value = row[field]
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{path}: record {index}: field {field!r} must be a non-negative integer, got {value!r}")
        try:
            alpaca_row = int(row["id"]) - 1
        except ValueError as error:
            raise ValueError(f"{path}: record {index}: id {row['id']!r} is not an integer") from error
        if alpaca_row < 0:
            raise ValueError(f"{path}: record {index}: id {row['id']!r} must be >= 1")
    return rows


def join_check(rows: list[dict[str, object]], alpaca: list[dict[str, str]]) -> dict[str, float]:
    """Return the correlation of ``L_gt`` with the reference answer's word count, with and without the id offset."""
    gt = np.asarray([int(row["L_gt"]) for row in rows], dtype=float)
    shifted = np.asarray([len(alpaca[int(row["id"]) - 1]["en_output"].split()) for row in rows], dtype=float)
    unshifted = np.asarray([len(alpaca[min(int(row["id"]), len(alpaca) - 1)]["en_output"].split()) for row in rows], dtype=float)
    return {
        "correlation_id_minus_one": float(np.corrcoef(gt, shifted)[0, 1]),
        "correlation_id_as_is": float(np.corrcoef(gt, unshifted)[0, 1]),
    }


def labelled_row(row: dict[str, object], alpaca: list[dict[str, str]], censor_at: int) -> dict[str, object]:
    record = alpaca[int(row["id"]) - 1]
    samples = [int(row[field]) for field in TEMPERATURES]
    return {
        "id": int(row["id"]) - 1,
        "source": "vicuna7b-alpaca",
        "prompt": format_prompt(record["en_instruction"], record["en_input"]),
        "output_tokens": max(samples),
        "samples": samples,
        "reference_tokens": int(row["L_gt"]),
        "censored": max(samples) >= censor_at,
    }


def prepare_vicuna(config: VicunaConfig) -> dict[str, object]:
    """Write train/validation/test JSON lines labelled with vicuna-7b lengths and return a summary."""
    alpaca = load_alpaca(config.alpaca_dir)
    train_rows = read_lengths(config.lengths_dir / "alpaca-train-10k-length.json")
    val_rows = read_lengths(config.lengths_dir / "alpaca-val-10k-length.json")
    if config.limit is not None:
        train_rows, val_rows = train_rows[: config.limit], val_rows[: config.limit]
    for rows, name in ((train_rows, "train"), (val_rows, "val")):
        too_far = [row["id"] for row in rows if int(row["id"]) > len(alpaca)]
        if too_far:
            raise ValueError(f"{name} length file: id {too_far[0]} is past the {len(alpaca)} Alpaca records")

    check = join_check(train_rows + val_rows, alpaca)
    if check["correlation_id_minus_one"] < 0.9:
        raise ValueError(f"join check failed: L_gt vs reference word count correlation {check['correlation_id_minus_one']:.3f} < 0.9")
    logger.info("join check: %s", check)

    split_rows = {
        "test": [labelled_row(row, alpaca, config.censor_at) for row in val_rows[: config.test_rows]],
        "validation": [labelled_row(row, alpaca, config.censor_at) for row in val_rows[config.test_rows : config.test_rows + config.validation_rows]],
    }
    held_out = {row["prompt"] for rows in split_rows.values() for row in rows}
    candidates = [labelled_row(row, alpaca, config.censor_at) for row in train_rows]
    split_rows["train"] = [row for row in candidates if row["prompt"] not in held_out]
    dropped = len(candidates) - len(split_rows["train"])
    overlap = {row["prompt"] for row in split_rows["test"]} & {row["prompt"] for row in split_rows["validation"]}

    config.out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in split_rows.items():
        with (config.out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    summary = {
        "source": "vicuna-7b answer lengths for Alpaca prompts (LLaMA tokenizer)",
        "label": "L_max: the largest of vicuna-7b's four answer lengths at temperatures 0.0, 0.3, 0.5, 0.7",
        "label_tokenizer": "LLaMA/vicuna SentencePiece (lengths as given in the length files)",
        "records": sum(len(rows) for rows in split_rows.values()),
        "split_sizes": {name: len(rows) for name, rows in split_rows.items()},
        "train_rows_dropped_for_prompt_overlap": dropped,
        "test_validation_shared_prompts": len(overlap),
        "censor_at": config.censor_at,
        "censored": {name: sum(bool(row["censored"]) for row in rows) for name, rows in split_rows.items()},
        "join_check": check,
        "card": {
            "title": "Output-length distribution: vicuna-7b's own answers to Alpaca prompts, in LLaMA tokens",
            "served_model": "vicuna-7b (LLaMA tokenizer; answers capped near 512 tokens)",
            "label": {
                "source": "Length of vicuna-7b's answers sampled at temperatures 0.0, 0.3, 0.5 and 0.7 "
                          "(trained on all four as a distribution; scored against their maximum, L_max)",
                "tokenizer": "LLaMA/vicuna SentencePiece",
            },
            "data": {
                "source": "vicuna-7b answer lengths for 20,000 Alpaca prompts (Sequence-Scheduling length files), "
                          "prompts from Stanford Alpaca",
                "licence": "Alpaca prompts CC BY-NC 4.0 (non-commercial use); the length files carry no licence",
                "split_rule": "train = the 10,000-record training file; test = first 1,000 records of the validation "
                              "file; validation = the next 1,000; no prompt text is shared across splits",
            },
        },
    }
    (config.out_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", summary)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Prepare Alpaca prompts labelled with vicuna-7b answer lengths.")
    parser.add_argument("--alpaca-dir", type=Path, required=True, help="folder of alpaca_chinese_part_<k>.json files")
    parser.add_argument("--lengths-dir", type=Path, required=True, help="folder with alpaca-{train,val}-10k-length.json")
    parser.add_argument("--out", type=Path, required=True, help="output folder for the split files")
    parser.add_argument("--censor-at", type=int, default=DEFAULT_CENSOR_AT, help="answers of at least this many tokens are censored")
    parser.add_argument("--limit", type=int, default=None, help="keep only the first N records of each length file")
    args = parser.parse_args(argv)
    configure()
    prepare_vicuna(VicunaConfig(alpaca_dir=args.alpaca_dir, lengths_dir=args.lengths_dir, out_dir=args.out,
                                censor_at=args.censor_at, limit=args.limit))


if __name__ == "__main__":
    main()
