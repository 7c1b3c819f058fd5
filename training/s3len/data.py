"""Prepare Alpaca prompts with GPT-2 BPE answer lengths and a split by prompt.

Run ``python -m s3len.data --help`` for options.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .logs import configure
from .prompts import format_prompt
from .tokencount import DEFAULT_COUNTER, count_tokens

logger = logging.getLogger(__name__)

LABEL_TOKENIZER_NAMES = {
    "gpt2": "GPT-2 BPE (js-tiktoken gpt2 ranks), the tokenizer of GPT-J 6B",
    "llama": "LLaMA SentencePiece (llama-tokenizer-js), the tokenizer of LLaMA 1/2 and vicuna-7b",
}
PART_PATTERN = re.compile(r"alpaca_chinese_part_(\d+)\.json$")
SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class PrepareConfig:
    """Options of the data preparation step."""

    alpaca_dir: Path
    """Folder of alpaca_chinese_part_<k>.json files with en_instruction, en_input and en_output fields."""
    out_dir: Path
    """Folder that receives train.jsonl, validation.jsonl, test.jsonl and summary.json."""
    seed: int = 20231
    """Seed of the permutation of unique prompts that assigns them to splits."""
    validation_fraction: float = 0.05
    test_fraction: float = 0.05
    limit: int | None = None
    """Keep only the first N records (tests and quick trials)."""
    token_counter: str = DEFAULT_COUNTER
    """Command that counts tokens (JSON lines in, counts out)."""
    label_tokenizer: str = "gpt2"
    """Tokenizer of the served model that the labels are counted in: gpt2 (GPT-J 6B) or llama (LLaMA, vicuna)."""

    def __post_init__(self) -> None:
        if not 0 < self.validation_fraction < 1 or not 0 < self.test_fraction < 1:
            raise ValueError("validation_fraction and test_fraction must lie in (0, 1)")
        if self.validation_fraction + self.test_fraction >= 1:
            raise ValueError("validation_fraction + test_fraction must be < 1")
        if self.limit is not None and self.limit < 10:
            raise ValueError(f"limit must be at least 10 records, got {self.limit}")


def load_alpaca(alpaca_dir: Path) -> list[dict[str, str]]:
    """Load every part in numeric order, so that row k is Alpaca record k (0-based)."""
    parts = sorted(
        (int(match.group(1)), path)
        for path in alpaca_dir.iterdir()
        if (match := PART_PATTERN.search(path.name))
    )
    if not parts:
        raise FileNotFoundError(f"no alpaca_chinese_part_<k>.json files in {alpaca_dir}")
    records: list[dict[str, str]] = []
    for _, path in parts:
        with path.open(encoding="utf-8") as handle:
            rows = json.load(handle)
        for row_number, row in enumerate(rows):
            for field in ("en_instruction", "en_input", "en_output"):
                if not isinstance(row.get(field), str):
                    raise ValueError(f"{path}: record {row_number}: field {field!r} missing or not a string")
            records.append(row)
    logger.info("read %d Alpaca records from %d files in %s", len(records), len(parts), alpaca_dir)
    return records


def assign_splits(prompts: list[str], seed: int, validation_fraction: float, test_fraction: float) -> list[str]:
    """Assign each record a split so that identical prompts always share one split."""
    unique = sorted(set(prompts))
    order = np.random.default_rng(seed).permutation(len(unique))
    n_test = round(len(unique) * test_fraction)
    n_validation = round(len(unique) * validation_fraction)
    split_of: dict[str, str] = {}
    for rank, index in enumerate(order):
        if rank < n_test:
            split_of[unique[index]] = "test"
        elif rank < n_test + n_validation:
            split_of[unique[index]] = "validation"
        else:
            split_of[unique[index]] = "train"
    return [split_of[prompt] for prompt in prompts]


def prepare(config: PrepareConfig) -> dict[str, object]:
    """Write the three splits as JSON lines and return a summary."""
    records = load_alpaca(config.alpaca_dir)
    if config.limit is not None:
        records = records[: config.limit]
    prompts = [format_prompt(row["en_instruction"], row["en_input"]) for row in records]
    output_tokens = count_tokens([row["en_output"] for row in records], config.token_counter, config.label_tokenizer)
    prompt_tokens = count_tokens(prompts, config.token_counter, config.label_tokenizer)
    splits = assign_splits(prompts, config.seed, config.validation_fraction, config.test_fraction)

    config.out_dir.mkdir(parents=True, exist_ok=True)
    handles = {name: (config.out_dir / f"{name}.jsonl").open("w", encoding="utf-8") for name in SPLITS}
    sizes = dict.fromkeys(SPLITS, 0)
    try:
        for index, (prompt, split) in enumerate(zip(prompts, splits)):
            row = {
                "id": index,
                "prompt": prompt,
                "prompt_tokens": prompt_tokens[index],
                "output_tokens": output_tokens[index],
            }
            handles[split].write(json.dumps(row, ensure_ascii=False) + "\n")
            sizes[split] += 1
    finally:
        for handle in handles.values():
            handle.close()

    summary = {
        "source": str(config.alpaca_dir),
        "records": len(records),
        "unique_prompts": len(set(prompts)),
        "split_sizes": sizes,
        "label_tokenizer": LABEL_TOKENIZER_NAMES[config.label_tokenizer],
        "prompt_format": "instruction, then a blank line and the input when the input is not empty",
        "config": {key: str(value) if isinstance(value, Path) else value for key, value in asdict(config).items()},
    }
    (config.out_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s to %s", sizes, config.out_dir)
    return summary


def read_split(data_dir: Path, split: str) -> list[dict[str, object]]:
    """Read one split written by :func:`prepare`."""
    path = data_dir / f"{split}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Prepare Alpaca prompts with GPT-2 BPE answer lengths.")
    parser.add_argument("--alpaca-dir", type=Path, required=True, help="folder of alpaca_chinese_part_<k>.json files")
    parser.add_argument("--out", type=Path, required=True, help="output folder for the split files")
    parser.add_argument("--seed", type=int, default=PrepareConfig.seed, help="seed of the split permutation")
    parser.add_argument("--validation-fraction", type=float, default=PrepareConfig.validation_fraction)
    parser.add_argument("--test-fraction", type=float, default=PrepareConfig.test_fraction)
    parser.add_argument("--limit", type=int, default=None, help="keep only the first N records")
    parser.add_argument("--token-counter", default=DEFAULT_COUNTER, help="command that counts tokens")
    parser.add_argument("--label-tokenizer", default="gpt2", choices=sorted(LABEL_TOKENIZER_NAMES),
                        help="tokenizer of the served model that labels are counted in")
    args = parser.parse_args(argv)
    configure()
    prepare(
        PrepareConfig(
            alpaca_dir=args.alpaca_dir,
            out_dir=args.out,
            seed=args.seed,
            validation_fraction=args.validation_fraction,
            test_fraction=args.test_fraction,
            limit=args.limit,
            token_counter=args.token_counter,
            label_tokenizer=args.label_tokenizer,
        )
    )


if __name__ == "__main__":
    main()
