"""AlpacaEval labels: one row per (prompt, model), split by prompt, empty answers as length 0."""

import gzip
import json
from collections import defaultdict
from pathlib import Path

import pytest

from s3len.alpacaeval import AlpacaEvalConfig, prepare_alpaca_eval
from s3len.data import read_split
from s3len.tokencount import count_tokens

FIXTURE = Path(__file__).parent / "fixtures" / "alpacaeval-sample"
SPLITS = ("train", "validation", "test")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    out = tmp_path_factory.mktemp("alpacaeval")
    summary = prepare_alpaca_eval(AlpacaEvalConfig(outputs_dir=FIXTURE, out_dir=out, validation_fraction=0.2, test_fraction=0.2))
    return out, summary


def test_rows_per_model(prepared):
    out, summary = prepared
    assert summary["models"] == {"gpt4": 30, "text_davinci_003": 30, "vicuna-7b": 30}
    rows = [row for split in SPLITS for row in read_split(out, split)]
    assert len(rows) == 90
    assert {row["source"] for row in rows} == {"gpt4", "text_davinci_003", "vicuna-7b"}


def test_prompt_answers_share_split(prepared):
    out, _ = prepared
    splits_of = defaultdict(set)
    for split in SPLITS:
        for row in read_split(out, split):
            splits_of[row["prompt"]].add(split)
    assert len(splits_of) == 30
    assert all(len(splits) == 1 for splits in splits_of.values())
    assert {split for splits in splits_of.values() for split in splits} == set(SPLITS)


def test_labels_are_llama_counts(prepared):
    out, _ = prepared
    rows = [row for split in SPLITS for row in read_split(out, split) if row["source"] == "gpt4"]
    with gzip.open(FIXTURE / "gpt4" / "model_outputs.json.gz", "rt") as handle:
        answers = {record["instruction"].strip(): record["output"] for record in json.load(handle)}
    expected = count_tokens([answers[row["prompt"]] for row in rows], tokenizer="llama")
    assert [row["output_tokens"] for row in rows] == expected


def test_empty_answer_has_length_zero(tmp_path):
    folder = tmp_path / "outputs" / "empty-model"
    folder.mkdir(parents=True)
    records = [{"instruction": "Say nothing.", "output": "", "generator": "empty-model"},
               {"instruction": "Say hi.", "output": "Hi!", "generator": "empty-model"}]
    with gzip.open(folder / "model_outputs.json.gz", "wt") as handle:
        json.dump(records, handle)
    prepare_alpaca_eval(AlpacaEvalConfig(outputs_dir=tmp_path / "outputs", out_dir=tmp_path / "data",
                                         validation_fraction=0.4, test_fraction=0.4))
    rows = {row["prompt"]: row for split in SPLITS for row in read_split(tmp_path / "data", split)}
    assert rows["Say nothing."]["output_tokens"] == 0
    assert rows["Say hi."]["output_tokens"] > 0


def test_unknown_model_is_rejected(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-model"):
        prepare_alpaca_eval(AlpacaEvalConfig(outputs_dir=FIXTURE, out_dir=tmp_path, models=("no-such-model",)))
