"""Prepare, train, evaluate, export and check parity on a tiny random encoder and 300 real records."""

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from transformers import AutoTokenizer

from s3len.data import PrepareConfig, prepare, read_split
from s3len.evaluate import evaluate
from s3len.export import VARIANTS, export, onnx_logits
from s3len.train import TrainConfig, train

FIXTURE = Path(__file__).parent / "fixtures" / "alpaca-sample"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    data_dir = root / "data"
    summary = prepare(PrepareConfig(alpaca_dir=FIXTURE, out_dir=data_dir, validation_fraction=0.1, test_fraction=0.1))
    log = train(TrainConfig(data_dir=data_dir, out_dir=root / "run", base_model="random:tiny", epochs=1,
                            batch_size=16, eval_every=8, max_prompt_tokens=64))
    card = export(root / "run" / "best", data_dir, root / "shipped", root / "work", "tiny-test", 64,
                  "pytest", "Alpaca sample fixture")
    return root, summary, log, card


def test_prepare_splits_by_prompt(pipeline):
    root, summary, _, _ = pipeline
    assert summary["records"] == 300
    assert sum(summary["split_sizes"].values()) == 300
    splits = {name: read_split(root / "data", name) for name in ("train", "validation", "test")}
    prompts = {name: {row["prompt"] for row in rows} for name, rows in splits.items()}
    assert not prompts["train"] & prompts["test"]
    assert not prompts["train"] & prompts["validation"]
    first = next(row for rows in splits.values() for row in rows if row["id"] == 0)
    # "1.Eat a balanced diet ..." answer of Alpaca record 0, counted with GPT-2 BPE.
    assert first["prompt"] == "Give three tips for staying healthy."
    assert first["output_tokens"] == 45


def test_train_keeps_best_checkpoint(pipeline):
    root, _, log, _ = pipeline
    assert (root / "run" / "best" / "model.safetensors").is_file()
    losses = [entry["validation_loss"] for entry in log["history"]]
    assert log["best_validation_loss"] == min(losses)


def test_evaluate_reports_baseline(pipeline):
    root, _, _, _ = pipeline
    report = evaluate(root / "run" / "best", root / "data", "test", 64)
    assert report["rows"] == len(read_split(root / "data", "test"))
    assert 0.0 <= report["model"]["exact_accuracy"] <= 1.0
    assert report["majority_baseline"]["bucket"] == 0
    assert sum(map(sum, report["confusion_matrix"])) == report["rows"]


def test_export_writes_card_and_variants(pipeline):
    root, _, _, card = pipeline
    shipped = root / "shipped"
    for variant in VARIANTS:
        assert (shipped / variant.file).is_file()
    assert json.loads((shipped / "model-card.json").read_text()) == card
    assert card["buckets"]["edges"][-1] == 2048
    assert card["onnx"]["fp32_vs_pytorch_max_abs_logit_diff"] < 1e-4
    assert {v["name"] for v in card["variants"]} == {"q4", "int8"}
    assert (shipped / "tokenizer.json").is_file()


def test_parity_fixture_reproduces(pipeline):
    root, _, _, _ = pipeline
    shipped = root / "shipped"
    parity = json.loads((shipped / "parity.json").read_text())
    tokenizer = AutoTokenizer.from_pretrained(shipped)
    assert len(parity["prompts"]) == len(parity["input_ids"])
    for variant in VARIANTS:
        again = onnx_logits(shipped / variant.file, tokenizer, parity["prompts"], parity["max_prompt_tokens"])
        np.testing.assert_allclose(again, np.asarray(parity["logits"][variant.name]), atol=1e-5)
    assert ort.get_available_providers()
