"""Fine-tune an encoder to classify a prompt's future answer length into buckets.

Run ``python -m s3len.train --help`` for options. The checkpoint with the lowest
validation loss is kept in ``OUT/best``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from .logs import configure
from .buckets import BucketScheme, parse_scheme
from .data import read_split
from .encoders import DEFAULT_BASE_MODEL, load_encoder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    """Options of the fine-tuning step."""

    data_dir: Path
    """Folder written by ``s3len.data`` (train.jsonl, validation.jsonl)."""
    out_dir: Path
    base_model: str = DEFAULT_BASE_MODEL
    buckets: str = "equal:2048:10"
    """Bucket scheme: equal:MAX:N, log:MAX:N[:FIRST_EDGE], quantile:MAX:N or explicit edges such as 0,128,256."""
    head: str = "buckets"
    """Output head. ``buckets``: cross-entropy over the scheme's buckets. ``log-length``: one output
    regressed on log(1 + length) with an L1 loss, so it estimates the median length. With
    ``log-length`` the scheme serves only the reported bucket accuracy."""
    epochs: float = 2.0
    """Passes over the training split; a fraction stops part-way through the last pass."""
    batch_size: int = 32
    learning_rate: float = 5e-5
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    max_prompt_tokens: int = 256
    """Predictor tokens kept per prompt; longer prompts are truncated."""
    eval_every: int = 400
    """Optimizer steps between validation passes (one also runs at the end)."""
    seed: int = 20231
    threads: int = 0
    """CPU threads for PyTorch; 0 keeps PyTorch's default."""
    limit_train: int | None = None
    limit_validation: int | None = None

    def __post_init__(self) -> None:
        if self.epochs <= 0:
            raise ValueError(f"epochs must be > 0, got {self.epochs}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size}")
        if self.eval_every < 1:
            raise ValueError(f"eval_every must be >= 1, got {self.eval_every}")
        if self.head not in ("buckets", "log-length"):
            raise ValueError(f"head must be buckets or log-length, got {self.head!r}")


def length_grouped_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, then sort within windows of 50 batches by length, so batches need little padding."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda index: lengths[index])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def encode(tokenizer, prompts: list[str], max_tokens: int) -> dict[str, torch.Tensor]:
    return tokenizer(prompts, padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")


def head_loss(logits: torch.Tensor, targets: torch.Tensor, log_samples: torch.Tensor, head: str, reduction: str = "mean") -> torch.Tensor:
    """Return the training loss: soft cross-entropy over buckets, or L1 on log length averaged over samples.

    ``log_samples`` contains log(1 + length) per sampled answer, NaN-padded where a row has fewer samples.
    """
    if head == "buckets":
        return F.cross_entropy(logits, targets, reduction=reduction)
    errors = torch.abs(logits[:, :1] - log_samples)
    per_row = torch.nanmean(errors, dim=1)
    return per_row.sum() if reduction == "sum" else per_row.mean()


def predicted_buckets(logits: torch.Tensor, scheme: BucketScheme, head: str) -> torch.Tensor:
    if head == "buckets":
        return logits.argmax(-1)
    lengths = torch.expm1(logits[:, 0]).clamp(min=0).tolist()
    return torch.tensor([scheme.bucket_of(int(length)) for length in lengths])


@torch.no_grad()
def validation_loss(
    model, tokenizer, prompts: list[str], labels: list[int], targets: torch.Tensor, log_samples: torch.Tensor,
    scheme: BucketScheme, config: TrainConfig,
) -> tuple[float, float]:
    """Return the mean cross-entropy against the soft targets and the exact-bucket accuracy."""
    model.eval()
    order = sorted(range(len(prompts)), key=lambda index: len(prompts[index]))
    total_loss, correct = 0.0, 0
    for start in range(0, len(order), 64):
        batch = order[start : start + 64]
        inputs = encode(tokenizer, [prompts[i] for i in batch], config.max_prompt_tokens)
        logits = model(**inputs).logits
        total_loss += head_loss(logits, targets[batch], log_samples[batch], config.head, reduction="sum").item()
        correct += (predicted_buckets(logits, scheme, config.head) == torch.tensor([labels[i] for i in batch])).sum().item()
    model.train()
    return total_loss / len(prompts), correct / len(prompts)


def target_distribution(row: dict[str, object], scheme: BucketScheme) -> list[float]:
    """Return the training target of one row: the share of its sampled answer lengths in each bucket.

    A row with ``samples`` (several answers of the served model to one prompt) spreads its mass over
    their buckets, so the model learns the distribution of one answer's length. A row with only
    ``output_tokens`` puts all mass on that length's bucket.
    """
    samples = row.get("samples") or [row["output_tokens"]]
    target = [0.0] * scheme.num_buckets
    for length in samples:
        target[scheme.bucket_of(int(length))] += 1.0 / len(samples)
    return target


def log_sample_lengths(rows: list[dict[str, object]]) -> torch.Tensor:
    """Return log(1 + length) of each row's sampled answers, NaN-padded to the widest row."""
    samples = [row.get("samples") or [row["output_tokens"]] for row in rows]
    width = max(len(values) for values in samples)
    padded = [[math.log1p(int(v)) for v in values] + [math.nan] * (width - len(values)) for values in samples]
    return torch.tensor(padded, dtype=torch.float32)


def load_labelled(
    rows: list[dict[str, object]], scheme: BucketScheme
) -> tuple[list[str], list[int], torch.Tensor, torch.Tensor]:
    """Return prompts, the bucket of each row's evaluation label, the soft bucket targets and the log lengths."""
    prompts = [str(row["prompt"]) for row in rows]
    labels = [scheme.bucket_of(int(row["output_tokens"])) for row in rows]
    targets = torch.tensor([target_distribution(row, scheme) for row in rows], dtype=torch.float32)
    return prompts, labels, targets, log_sample_lengths(rows)


def train(config: TrainConfig) -> dict[str, object]:
    """Fine-tune, keep the best checkpoint by validation loss and return the training log."""
    if config.threads > 0:
        torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    train_rows = read_split(config.data_dir, "train")[: config.limit_train]
    validation_rows = read_split(config.data_dir, "validation")[: config.limit_validation]
    scheme = parse_scheme(config.buckets, lengths=[int(row["output_tokens"]) for row in train_rows])

    train_prompts, _, train_targets, train_log_samples = load_labelled(train_rows, scheme)
    val_prompts, val_labels, val_targets, val_log_samples = load_labelled(validation_rows, scheme)
    logger.info("train %d prompts, validation %d prompts, %d buckets", len(train_prompts), len(val_prompts), scheme.num_buckets)

    encoder = load_encoder(config.base_model, scheme.num_buckets if config.head == "buckets" else 1)
    model, tokenizer = encoder.model, encoder.tokenizer
    model.train()
    token_lengths = [len(ids) for ids in tokenizer(train_prompts, truncation=True, max_length=config.max_prompt_tokens)["input_ids"]]

    steps_per_epoch = math.ceil(len(train_prompts) / config.batch_size)
    total_steps = max(1, math.ceil(steps_per_epoch * config.epochs))
    warmup_steps = max(1, round(total_steps * config.warmup_fraction))
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup_steps, max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))),
    )

    best_dir = config.out_dir / "best"
    best_dir.mkdir(parents=True, exist_ok=True)
    history: list[dict[str, float]] = []
    best_loss = math.inf
    step = 0
    started = time.monotonic()
    running_loss = 0.0

    def evaluate_and_keep() -> None:
        nonlocal best_loss
        loss, accuracy = validation_loss(model, tokenizer, val_prompts, val_labels, val_targets, val_log_samples, scheme, config)
        record = {"step": step, "epoch": step / steps_per_epoch, "validation_loss": loss, "validation_accuracy": accuracy,
                  "train_loss": running_loss / max(1, min(step, config.eval_every)), "elapsed_s": time.monotonic() - started}
        history.append(record)
        improved = loss < best_loss
        if improved:
            best_loss = loss
            model.save_pretrained(best_dir)
            tokenizer.save_pretrained(best_dir)
            (best_dir / "length_buckets.json").write_text(json.dumps({**scheme.to_json(), "head": config.head}, indent=2) + "\n")
        logger.info("step %d/%d epoch %.2f validation loss %.4f accuracy %.4f%s", step, total_steps, record["epoch"],
                    loss, accuracy, " (best, saved)" if improved else "")
        write_log()

    def write_log() -> dict[str, object]:
        """Write the training log; called after every validation pass so an interrupted run keeps one."""
        log = {
            "config": {key: str(value) if isinstance(value, Path) else value for key, value in asdict(config).items()},
            "encoder": encoder.description,
            "bucket_scheme": scheme.to_json(),
            "split_sizes": {"train": len(train_prompts), "validation": len(val_prompts)},
            "steps": step,
            "planned_steps": total_steps,
            "best_validation_loss": best_loss,
            "train_seconds": time.monotonic() - started,
            "torch_threads": torch.get_num_threads(),
            "history": history,
        }
        (config.out_dir / "train-log.json").write_text(json.dumps(log, indent=2) + "\n")
        return log

    while step < total_steps:
        for batch in length_grouped_batches(token_lengths, config.batch_size, rng):
            inputs = encode(tokenizer, [train_prompts[i] for i in batch], config.max_prompt_tokens)
            loss = head_loss(model(**inputs).logits, train_targets[batch], train_log_samples[batch], config.head)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            running_loss += loss.item()
            step += 1
            if step % 50 == 0:
                logger.info("step %d/%d loss %.4f (%.2f s/step)", step, total_steps, loss.item(), (time.monotonic() - started) / step)
            if step % config.eval_every == 0:
                evaluate_and_keep()
                running_loss = 0.0
            if step >= total_steps:
                break
    if step % config.eval_every != 0:
        evaluate_and_keep()

    log = write_log()
    return log


def main(argv: list[str] | None = None) -> None:
    defaults = TrainConfig(data_dir=Path("."), out_dir=Path("."))
    parser = argparse.ArgumentParser(description="Fine-tune an encoder to classify output length into buckets.")
    parser.add_argument("--data", type=Path, required=True, help="folder written by s3len.data")
    parser.add_argument("--out", type=Path, required=True, help="output folder (best checkpoint in OUT/best)")
    parser.add_argument("--base-model", default=defaults.base_model, help="package:NAME, random:tiny, or a hub name or folder")
    parser.add_argument("--buckets", default=defaults.buckets,
                        help="equal:MAX:N, log:MAX:N[:FIRST_EDGE], quantile:MAX:N or explicit edges such as 0,128,256")
    parser.add_argument("--head", default=defaults.head, choices=["buckets", "log-length"],
                        help="bucket distribution (cross-entropy) or log-length regression (L1)")
    parser.add_argument("--epochs", type=float, default=defaults.epochs, help="passes over the training split")
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    parser.add_argument("--max-prompt-tokens", type=int, default=defaults.max_prompt_tokens, help="predictor tokens kept per prompt")
    parser.add_argument("--eval-every", type=int, default=defaults.eval_every, help="optimizer steps between validation passes")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--threads", type=int, default=defaults.threads, help="PyTorch CPU threads (0 = default)")
    parser.add_argument("--limit-train", type=int, default=None, help="use only the first N training prompts")
    parser.add_argument("--limit-validation", type=int, default=None, help="use only the first N validation prompts")
    args = parser.parse_args(argv)
    configure()
    train(TrainConfig(
        data_dir=args.data, out_dir=args.out, base_model=args.base_model, buckets=args.buckets, head=args.head, epochs=args.epochs,
        batch_size=args.batch_size, learning_rate=args.learning_rate, max_prompt_tokens=args.max_prompt_tokens,
        eval_every=args.eval_every, seed=args.seed, threads=args.threads, limit_train=args.limit_train,
        limit_validation=args.limit_validation,
    ))


if __name__ == "__main__":
    main()
