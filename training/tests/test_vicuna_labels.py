"""vicuna-7b labels: join, split, censoring, soft targets, both heads and the report, on real records."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from s3len.buckets import parse_scheme
from s3len.data import read_split
from s3len.report import BASELINES, run
from s3len.train import TrainConfig, head_loss, target_distribution, train
from s3len.vicuna import VicunaConfig, prepare_vicuna

FIXTURE = Path(__file__).parent / "fixtures" / "vicuna-sample"
FINE = "0,16,32,48,64,80,96,112,128,160,192,256,384,512,528"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("vicuna") / "data"
    prepare_vicuna(VicunaConfig(alpaca_dir=FIXTURE, lengths_dir=FIXTURE, out_dir=out, test_rows=60, validation_rows=30))
    return out


def test_join_uses_id_minus_one(data_dir):
    summary = json.loads((data_dir / "summary.json").read_text())
    assert summary["join_check"]["correlation_id_minus_one"] > 0.9
    assert summary["join_check"]["correlation_id_as_is"] < 0.5
    # Record id 5 of the training file is Alpaca row 4 (0-based).
    row = next(row for row in read_split(data_dir, "train") if row["id"] == 4)
    assert row["prompt"] == "Describe a time when you had to make a difficult decision."
    assert row["reference_tokens"] == 160
    assert row["samples"] == [115, 142, 277, 220]
    assert row["output_tokens"] == 277


def test_splits_share_no_prompt(data_dir):
    prompts = {split: {row["prompt"] for row in read_split(data_dir, split)} for split in ("train", "validation", "test")}
    assert len(prompts["test"]) == 60
    assert not prompts["train"] & prompts["test"]
    assert not prompts["train"] & prompts["validation"]
    assert not prompts["validation"] & prompts["test"]


def test_censored_rows_are_marked(data_dir):
    rows = [row for split in ("train", "validation", "test") for row in read_split(data_dir, split)]
    censored = [row for row in rows if row["censored"]]
    assert censored, "the fixture holds answers that hit the generation cap"
    assert all(row["output_tokens"] >= 510 for row in censored)
    assert all(not row["censored"] for row in rows if row["output_tokens"] < 510)


def test_soft_target_spreads_samples():
    scheme = parse_scheme("0,100,200,300")
    target = target_distribution({"output_tokens": 250, "samples": [10, 150, 250, 260]}, scheme)
    assert target == [0.25, 0.25, 0.5]
    assert target_distribution({"output_tokens": 150}, scheme) == [0.0, 1.0, 0.0]


def test_log_length_loss_ignores_padding():
    logits = torch.tensor([[np.log1p(100.0)], [0.0]])
    samples = torch.tensor([[np.log1p(100.0), np.log1p(100.0)], [1.0, float("nan")]])
    loss = head_loss(logits, torch.zeros(2, 1), samples, "log-length", reduction="sum")
    assert loss.item() == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("head", ["buckets", "log-length"])
def test_train_and_report(data_dir, tmp_path, head):
    train(TrainConfig(data_dir=data_dir, out_dir=tmp_path / "run", base_model="random:tiny", buckets=FINE, head=head,
                      epochs=1, batch_size=16, eval_every=4, max_prompt_tokens=64))
    report = run(tmp_path / "run" / "best", data_dir, "test", ["8x128=0,128,256,384,512,640,768,896,1024"],
                 label_max_of=4, epsilon=0.1, max_prompt_tokens=64)
    assert report["rows"] == 60
    assert report["censored_rows"] == sum(row["censored"] for row in read_split(data_dir, "test"))
    assert set(report["baselines"]) == set(BASELINES)
    for scored in (report["model"], *report["baselines"].values()):
        length = scored["all"]["length"]
        assert 0 <= length["within_50"] <= length["within_100"] <= 1
        assert length["mae_tokens"] >= 0
        matrix = scored["all"]["schemes"]["8x128"]["confusion_matrix"]
        assert sum(map(sum, matrix)) == 60
    has_probabilities = head == "buckets"
    assert ("cumulative" in report["model"]["all"]["schemes"]["8x128"]["allocation"]) == has_probabilities
    json.dumps(report, allow_nan=False)


def test_reference_labels_in_llama_tokens(tmp_path):
    from s3len.data import PrepareConfig, prepare

    prepare(PrepareConfig(alpaca_dir=FIXTURE, out_dir=tmp_path, label_tokenizer="llama"))
    rows = {row["id"]: row for split in ("train", "validation", "test") for row in read_split(tmp_path, split)}
    # Alpaca row 4's reference answer has L_gt = 160 LLaMA tokens in the vicuna-7b length files.
    assert rows[4]["output_tokens"] == 160
