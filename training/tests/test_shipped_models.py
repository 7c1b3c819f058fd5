"""Re-score every shipped model on its held-out slice with native onnxruntime and compare with its card."""

import json
from pathlib import Path

import pytest

from s3len.heldout import rescore

MODELS_DIR = Path(__file__).resolve().parents[2] / "public" / "models"
MODEL_DIRS = sorted(path.parent for path in MODELS_DIR.glob("*/model-card.json"))


def test_models_are_shipped():
    assert MODEL_DIRS, f"no model-card.json under {MODELS_DIR}"


@pytest.mark.parametrize("model_dir", MODEL_DIRS, ids=[path.name for path in MODEL_DIRS])
def test_held_out_metrics_match_card(model_dir):
    card = json.loads((model_dir / "model-card.json").read_text())
    assert "held_out_check" in card, f"{model_dir.name}: card has no held_out_check; run python -m s3len.heldout"
    recomputed, recorded = rescore(model_dir)
    assert recomputed.keys() == recorded.keys()
    for name, value in recorded.items():
        assert recomputed[name] == pytest.approx(value, abs=1e-6), f"{model_dir.name}: {name}"
