"""Export a checkpoint to ONNX, quantize it, score every variant and write the shipped folder.

The folder (``public/models/<model-id>/`` in the app) receives the quantized ONNX
files, the tokenizer files, ``model-card.json`` and ``parity.json``: prompts with
the logits that native onnxruntime gives for each shipped file, which the browser
tests must reproduce. Run ``python -m s3len.export --help`` for options.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from .heldout import write_held_out_check
from .logs import configure
from .buckets import BucketScheme
from .data import read_split
from .encoders import ENCODER_NAMES
from .evaluate import load_scheme, predict_logits, score
from .metrics import classification_metrics

logger = logging.getLogger(__name__)

ONNX_OPSET = 17
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json")
PARITY_PROMPTS = 40


@dataclass(frozen=True)
class Variant:
    name: str
    file: str
    quantization: str
    backends: tuple[str, ...]
    """Backends of onnxruntime-web that run this file correctly (checked by the browser parity tests)."""


# Both files matched native onnxruntime on onnxruntime-web 1.31.1's WebGPU
# (SwiftShader) and WASM backends in the browser parity tests. int8 dynamic
# quantization has given wrong logits on WebGPU in other onnxruntime-web releases,
# so those tests keep checking every file on every backend listed here.
VARIANTS = (
    Variant("q4", "model.q4.onnx", "4-bit weight-only MatMulNBits (block 32, symmetric); embeddings fp32", ("webgpu", "wasm")),
    Variant("int8", "model.int8.onnx", "int8 dynamic quantization (QInt8 weights, activations quantized at run time)", ("webgpu", "wasm")),
)
# MatMulNBits has WebGPU kernels; on WASM the int8 file ran 2.5x faster than q4 in Chromium.
PREFERRED_VARIANT = {"webgpu": "q4", "wasm": "int8"}


class LogitsOnly(torch.nn.Module):
    """Wrap a sequence classifier so the exported graph takes ids and mask and returns logits."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=input_ids, attention_mask=attention_mask).logits


def export_fp32(checkpoint: Path, path: Path) -> None:
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    sample = tokenizer(["Write a haiku about KV caches.", "Hi"], padding=True, return_tensors="pt")
    torch.onnx.export(
        LogitsOnly(model),
        (sample["input_ids"], sample["attention_mask"]),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                      "logits": {0: "batch"}},
        opset_version=ONNX_OPSET,
        dynamo=False,
    )
    onnx.checker.check_model(str(path))
    logger.info("exported %s (%d bytes)", path, path.stat().st_size)


def quantize(fp32_path: Path, variant: Variant, out_path: Path) -> None:
    if variant.name == "q4":
        quantizer = MatMulNBitsQuantizer(onnx.load(str(fp32_path)), block_size=32, is_symmetric=True)
        quantizer.process()
        quantizer.model.save_model_to_file(str(out_path), use_external_data_format=False)
    elif variant.name == "int8":
        quantize_dynamic(str(fp32_path), str(out_path), weight_type=QuantType.QInt8)
    else:
        raise ValueError(f"unknown variant {variant.name!r}; known: {[v.name for v in VARIANTS]}")
    logger.info("quantized %s -> %s (%d bytes)", variant.name, out_path, out_path.stat().st_size)


def onnx_logits(path: Path, tokenizer, prompts: list[str], max_prompt_tokens: int) -> np.ndarray:
    """Return native onnxruntime logits, one prompt at a time as the browser runs them."""
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    rows = []
    for prompt in prompts:
        encoded = tokenizer(prompt, truncation=True, max_length=max_prompt_tokens, return_tensors="np")
        feeds = {"input_ids": encoded["input_ids"].astype(np.int64), "attention_mask": encoded["attention_mask"].astype(np.int64)}
        rows.append(session.run(["logits"], feeds)[0][0])
    return np.asarray(rows, dtype=np.float32)


def parity_prompts(rows: list[dict[str, object]], scheme: BucketScheme) -> list[dict[str, object]]:
    """Pick test prompts for the parity fixture: every bucket that occurs, then the first prompts in file order."""
    chosen: list[dict[str, object]] = []
    seen_buckets: set[int] = set()
    for row in rows:
        bucket = scheme.bucket_of(int(row["output_tokens"]))
        if bucket not in seen_buckets:
            seen_buckets.add(bucket)
            chosen.append(row)
    for row in rows:
        if len(chosen) >= PARITY_PROMPTS:
            break
        if row not in chosen:
            chosen.append(row)
    return chosen


DEFAULT_CARD_TEXT = {
    "title": "Output-length bucket classifier (S³ scheme): Alpaca reference answers in GPT-2 BPE tokens",
    "served_model": (
        "GPT-J 6B, for its tokenizer (GPT-2 BPE) and 2048-token maximum sequence length only: the labels are "
        "the lengths of text-davinci-003's Alpaca answers, not of answers that GPT-J itself wrote"
    ),
    "label": {
        "source": "Length of the Alpaca reference answer (text-davinci-003), field en_output",
        "tokenizer": "GPT-2 BPE (js-tiktoken gpt2 ranks), the tokenizer of GPT-J 6B",
    },
    "data": {
        "licence": "CC BY-NC 4.0 (Stanford Alpaca data; non-commercial use)",
        "split_rule": "unique prompts permuted with the seed; identical prompts always share a split",
    },
}
REPORT_FILE = "report.json"


@dataclass(frozen=True)
class OutputSpec:
    """Meaning of the logits, and the coarser schemes the app derives from them."""

    kind: str = "buckets"
    """``buckets``: a classifier over the card's buckets. ``length-distribution``: fine buckets read as a distribution."""
    samples_per_prompt: int = 1
    """Answers per training prompt (the logits describe the length of one answer)."""
    label_max_of: str | float = 1.0
    """The scored label is the max of this many independent answers, or ``fit`` to choose it on validation."""
    derived_schemes: tuple[str, ...] = ()
    """``NAME=SPEC`` coarser schemes, for example ``s3-10x2048=equal:2048:10``."""


def export(
    checkpoint: Path, data_dir: Path, out_dir: Path, work_dir: Path, model_id: str, max_prompt_tokens: int,
    rebuild_command: str, data_source: str, limit_test: int | None = None, output: OutputSpec = OutputSpec(),
) -> dict[str, object]:
    """Write the shipped model folder and return its model card."""
    scheme = load_scheme(checkpoint)
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    test_rows = read_split(data_dir, "test")
    if limit_test is not None:
        test_rows = test_rows[:limit_test]
    train_rows = read_split(data_dir, "train")
    prompts = [str(row["prompt"]) for row in test_rows]
    lengths = [int(row["output_tokens"]) for row in test_rows]
    true_buckets = [scheme.bucket_of(length) for length in lengths]

    work_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32_path = work_dir / "model.fp32.onnx"
    export_fp32(checkpoint, fp32_path)

    torch_logits = predict_logits(checkpoint, prompts, max_prompt_tokens)
    checkpoint_report = score(torch_logits.argmax(axis=1).tolist(), test_rows, train_rows, scheme)
    fp32_logits = onnx_logits(fp32_path, tokenizer, prompts, max_prompt_tokens)
    fp32_gap = float(np.max(np.abs(fp32_logits - torch_logits)))
    logger.info("fp32 ONNX vs PyTorch: max |logit difference| %.2e", fp32_gap)

    parity_rows = parity_prompts(test_rows, scheme)
    parity_texts = [str(row["prompt"]) for row in parity_rows]
    parity: dict[str, object] = {
        "model_id": model_id,
        "max_prompt_tokens": max_prompt_tokens,
        "prompts": parity_texts,
        "input_ids": [tokenizer(text, truncation=True, max_length=max_prompt_tokens)["input_ids"] for text in parity_texts],
        "logits": {},
        "generator": f"onnxruntime {ort.__version__} CPUExecutionProvider",
    }

    from .report import (Rows, build_report, model_prediction, parse_named_schemes, prompt_token_counts,
                         resolve_label_power, score_rows, without_nan)

    label_max_of = resolve_label_power(output.label_max_of, checkpoint, data_dir, scheme, max_prompt_tokens)
    derived = parse_named_schemes(list(output.derived_schemes))
    report_schemes = {"model-buckets": scheme, **derived}
    report_rows = Rows.read(data_dir, "test", limit_test)

    def headline(logits: np.ndarray) -> dict[str, object]:
        """Return the length metrics and each scheme's exact and ±1 accuracy of one file's logits."""
        scores = score_rows(report_rows, model_prediction(logits, scheme, report_schemes, label_max_of), report_schemes, 0.1)
        return {"length": scores["length"],
                "schemes": {name: {key: entry[key] for key in ("exact_accuracy", "within_one_accuracy", "macro_f1")}
                            for name, entry in scores["schemes"].items()}}

    variants_card = []
    for variant in VARIANTS:
        path = out_dir / variant.file
        quantize(fp32_path, variant, path)
        logits = onnx_logits(path, tokenizer, prompts, max_prompt_tokens)
        predicted = logits.argmax(axis=1).tolist()
        agreement = float(np.mean(np.asarray(predicted) == torch_logits.argmax(axis=1)))
        logger.info("%s: bucket agreement with PyTorch %.4f", variant.name, agreement)
        parity["logits"][variant.name] = onnx_logits(path, tokenizer, parity_texts, max_prompt_tokens).tolist()
        variants_card.append({
            "name": variant.name,
            "file": variant.file,
            "bytes": path.stat().st_size,
            "quantization": variant.quantization,
            "backends": list(variant.backends),
            "bucket_agreement_with_checkpoint": agreement,
            "test_metrics": classification_metrics(true_buckets, predicted, lengths, scheme),
            "report_headline": headline(logits),
        })

    for name in TOKENIZER_FILES:
        shutil.copyfile(checkpoint / name, out_dir / name)
    (out_dir / "parity.json").write_text(json.dumps(parity) + "\n")

    wasm_variant = next(v for v in VARIANTS if v.name == PREFERRED_VARIANT["wasm"])
    held_out = write_held_out_check(out_dir, test_rows, tokenizer, scheme, label_max_of,
                                    wasm_variant.file, wasm_variant.name, max_prompt_tokens)

    report_train = Rows.read(data_dir, "train")
    tokens = (prompt_token_counts(checkpoint, report_train.prompts), prompt_token_counts(checkpoint, report_rows.prompts))
    summary_label = json.loads((data_dir / "summary.json").read_text()).get("label", "output_tokens") if (data_dir / "summary.json").is_file() else "output_tokens"
    report = build_report(report_rows, report_train, torch_logits, scheme, report_schemes,
                          label_max_of, 0.1, tokens,
                          {"model": model_id, "split": "test", "label": summary_label,
                           "logits_from": "PyTorch checkpoint (the card's variants record each shipped ONNX file's metrics on the same rows)"})
    (out_dir / REPORT_FILE).write_text(json.dumps(without_nan(report), allow_nan=False) + "\n")

    train_log_path = checkpoint.parent / "train-log.json"
    train_log = json.loads(train_log_path.read_text()) if train_log_path.is_file() else {}
    prepare_summary_path = data_dir / "summary.json"
    prepare_summary = json.loads(prepare_summary_path.read_text()) if prepare_summary_path.is_file() else {}
    checkpoint_model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
    config = checkpoint_model.config
    base_model = str(train_log.get("config", {}).get("base_model", config.name_or_path))
    encoder_name = ENCODER_NAMES.get(base_model, base_model)
    card_text = {**DEFAULT_CARD_TEXT, **prepare_summary.get("card", {})}
    card_data = {**DEFAULT_CARD_TEXT["data"], **card_text.get("data", {})}
    card = {
        "id": model_id,
        "title": card_text["title"],
        "task": f"Classify a prompt's future answer length into {scheme.num_buckets} buckets of served-model tokens",
        "output": {"kind": output.kind, "point_estimate": "median", "samples_per_prompt": output.samples_per_prompt,
                   "scored_label_max_of": label_max_of},
        "derived_schemes": {name: list(derived_scheme.edges) for name, derived_scheme in derived.items()},
        "report": REPORT_FILE,
        "held_out_check": held_out,
        "base_encoder": {
            "name": encoder_name,
            "source": train_log.get("encoder", base_model),
            "parameters": int(sum(p.numel() for p in checkpoint_model.parameters())),
        },
        "served_model": card_text["served_model"],
        "label": card_text["label"],
        "prompt_format": "instruction, then a blank line and the input when the input is not empty",
        "max_prompt_tokens": max_prompt_tokens,
        "buckets": {"name": scheme.name, "edges": list(scheme.edges)},
        "data": {
            "source": card_data.get("source", data_source),
            "licence": card_data["licence"],
            "records": prepare_summary.get("records", len(train_rows) + len(test_rows)),
            "split_sizes": prepare_summary.get("split_sizes", {}),
            **({"split_seed": int(prepare_summary["config"]["seed"])} if "seed" in prepare_summary.get("config", {}) else {}),
            "split_rule": card_data["split_rule"],
        },
        "test_metrics": checkpoint_report,
        "variants": variants_card,
        "preferred_variant": PREFERRED_VARIANT,
        "onnx": {"opset": ONNX_OPSET, "fp32_vs_pytorch_max_abs_logit_diff": fp32_gap,
                 "inputs": ["input_ids", "attention_mask"], "outputs": ["logits"]},
        "tokenizer_files": list(TOKENIZER_FILES),
        "training": {key: train_log[key] for key in ("config", "steps", "best_validation_loss", "train_seconds", "torch_threads") if key in train_log},
        "rebuild_command": rebuild_command,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    (out_dir / "model-card.json").write_text(json.dumps(card, indent=2) + "\n")
    logger.info("wrote %s", out_dir)
    return card


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Export, quantize and score a checkpoint; write the shipped model folder.")
    parser.add_argument("--checkpoint", type=Path, required=True, help="folder written by s3len.train (OUT/best)")
    parser.add_argument("--data", type=Path, required=True, help="folder written by s3len.data")
    parser.add_argument("--out", type=Path, required=True, help="shipped folder, for example ../public/models/<model-id>")
    parser.add_argument("--work", type=Path, required=True, help="scratch folder for the fp32 ONNX file")
    parser.add_argument("--model-id", required=True)
    parser.add_argument("--max-prompt-tokens", type=int, default=256)
    parser.add_argument("--limit-test", type=int, default=None, help="score only the first N test prompts")
    parser.add_argument("--data-source", default="Stanford Alpaca, 52,002 records (English fields of open-chinese/alpaca-chinese-dataset)")
    parser.add_argument("--rebuild-command", default="bash training/build-model.sh /path/to/alpaca-52k",
                        help="recorded in the model card")
    parser.add_argument("--output-kind", default="buckets", choices=["buckets", "length-distribution"],
                        help="how the app reads the logits")
    parser.add_argument("--samples-per-prompt", type=int, default=1,
                        help="answers per training prompt; the scored label is their max")
    parser.add_argument("--label-max-of", default="1",
                        help="the scored label is the max of this many independent answers, or 'fit' (validation split)")
    parser.add_argument("--derived-scheme", action="append", default=[], help="coarser scheme NAME=SPEC, repeatable")
    args = parser.parse_args(argv)
    configure()
    export(args.checkpoint, args.data, args.out, args.work, args.model_id, args.max_prompt_tokens,
           args.rebuild_command, args.data_source, args.limit_test,
           OutputSpec(args.output_kind, args.samples_per_prompt,
                      args.label_max_of if args.label_max_of == "fit" else float(args.label_max_of),
                      tuple(args.derived_scheme)))


if __name__ == "__main__":
    main()
