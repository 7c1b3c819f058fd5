"""Score a length predictor beside three baselines and write the evaluation report as JSON.

The model is a PyTorch checkpoint folder (written by ``s3len.train``) or a shipped folder with ONNX
files (scored with native onnxruntime). Its output is a distribution over fine buckets; every
scheme in the report is derived from it by summing probabilities. Baselines are fitted on the
training split and scored on the same rows:

- ``majority``: the most frequent training bucket, and the training median as the length;
- ``prompt-length``: linear regression of log length, and logistic regression of the bucket,
  on the prompt's length in predictor tokens;
- ``tfidf``: TF-IDF over word 1- and 2-grams, ridge regression of log length and logistic
  regression of the bucket.

Run ``python -m s3len.report --help`` for options.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge

from .buckets import BucketScheme, parse_scheme
from .data import read_split
from .distribution import allocate, coarsen, max_of_samples, quantile, softmax
from .lengthmetrics import allocation_metrics, bucket_metrics, calibration, regression_metrics
from .logs import configure

logger = logging.getLogger(__name__)

SCATTER_POINTS = 1000
BASELINES = ("majority", "prompt-length", "tfidf")


@dataclass(frozen=True)
class Rows:
    """Rows of one split with the columns the report needs."""

    prompts: list[str]
    lengths: np.ndarray
    censored: np.ndarray
    sources: list[str]

    @classmethod
    def read(cls, data_dir: Path, split: str, limit: int | None = None) -> Rows:
        rows = read_split(data_dir, split)[:limit]
        return cls(
            prompts=[str(row["prompt"]) for row in rows],
            lengths=np.asarray([int(row["output_tokens"]) for row in rows]),
            censored=np.asarray([bool(row.get("censored", False)) for row in rows]),
            sources=[str(row.get("source", "alpaca-reference")) for row in rows],
        )


@dataclass(frozen=True)
class Prediction:
    """A predictor's output on the scored rows: a length per row and a bucket distribution per scheme."""

    lengths: np.ndarray
    buckets: dict[str, np.ndarray]
    probabilities: dict[str, np.ndarray | None]


def score_rows(rows: Rows, prediction: Prediction, schemes: dict[str, BucketScheme], epsilon: float) -> dict[str, object]:
    """Return regression metrics on the lengths and, per scheme, bucket and allocation metrics."""
    result: dict[str, object] = {"length": regression_metrics(rows.lengths, prediction.lengths, rows.censored), "schemes": {}}
    for name, scheme in schemes.items():
        true = np.asarray([scheme.bucket_of(int(length)) for length in rows.lengths])
        predicted = prediction.buckets[name]
        needed = np.minimum(rows.lengths, scheme.max_length)
        entry: dict[str, object] = bucket_metrics(true, predicted, scheme.num_buckets)
        entry["allocation"] = {"most-likely": allocation_metrics(needed, np.asarray(scheme.edges)[predicted + 1], rows.censored)}
        probabilities = prediction.probabilities.get(name)
        if probabilities is not None:
            entry["allocation"]["cumulative"] = {
                "epsilon": epsilon,
                **allocation_metrics(needed, allocate(probabilities, scheme, "cumulative", epsilon), rows.censored),
            }
            entry["calibration"] = calibration(probabilities, true)
        result["schemes"][name] = entry
    return result


def score_by_source(rows: Rows, prediction: Prediction, schemes: dict[str, BucketScheme], epsilon: float) -> dict[str, object]:
    """Return :func:`score_rows` for all rows and for each data source on its own."""
    out = {"all": score_rows(rows, prediction, schemes, epsilon)}
    sources = sorted(set(rows.sources))
    if len(sources) > 1:
        for source in sources:
            mask = np.asarray([s == source for s in rows.sources])
            subset = Rows([p for p, keep in zip(rows.prompts, mask) if keep], rows.lengths[mask], rows.censored[mask],
                          [source] * int(mask.sum()))
            sub_prediction = Prediction(
                prediction.lengths[mask],
                {name: buckets[mask] for name, buckets in prediction.buckets.items()},
                {name: None if p is None else p[mask] for name, p in prediction.probabilities.items()},
            )
            out[source] = score_rows(subset, sub_prediction, schemes, epsilon)
    return out


def model_prediction(
    logits: np.ndarray, fine: BucketScheme, schemes: dict[str, BucketScheme], label_max_of: float
) -> Prediction:
    """Turn fine-bucket logits into the median length and each scheme's most likely bucket.

    A single output column is a log-length regression head: its length is expm1 of the output and
    its buckets are those of that length, with no probabilities.
    """
    if logits.shape[1] == 1:
        lengths = np.maximum(np.expm1(logits[:, 0].astype(float)), 0.0)
        return Prediction(
            lengths=lengths,
            buckets={name: np.asarray([scheme.bucket_of(int(length)) for length in lengths]) for name, scheme in schemes.items()},
            probabilities=dict.fromkeys(schemes),
        )
    probabilities = max_of_samples(softmax(logits.astype(float)), label_max_of)
    coarse = {name: coarsen(probabilities, fine, scheme) for name, scheme in schemes.items()}
    return Prediction(
        lengths=quantile(probabilities, fine, 0.5),
        buckets={name: p.argmax(axis=1) for name, p in coarse.items()},
        probabilities=coarse,
    )


LABEL_POWERS = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)


def fit_label_power(logits: np.ndarray, rows: Rows, fine: BucketScheme, powers: tuple[float, ...] = LABEL_POWERS) -> float:
    """Return the power k (label = max of k independent answers) whose median has the lowest MAE on ``rows``.

    Fit it on the validation split, never on the scored split.
    """
    probabilities = softmax(logits.astype(float))
    errors = {
        power: regression_metrics(rows.lengths, quantile(max_of_samples(probabilities, power), fine, 0.5), rows.censored)["mae_tokens"]
        for power in powers
    }
    best = min(errors, key=errors.get)
    logger.info("validation MAE by label power: %s; using %.1f", {k: round(v, 2) for k, v in errors.items()}, best)
    return best


def baseline_predictions(
    train: Rows, rows: Rows, schemes: dict[str, BucketScheme], prompt_tokens: tuple[np.ndarray, np.ndarray]
) -> dict[str, Prediction]:
    """Fit the three baselines on ``train`` and predict ``rows``."""
    train_log = np.log1p(train.lengths)
    train_tokens, row_tokens = (tokens.reshape(-1, 1).astype(float) for tokens in prompt_tokens)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    train_text = tfidf.fit_transform(train.prompts)
    row_text = tfidf.transform(rows.prompts)

    out: dict[str, Prediction] = {}
    majority_buckets: dict[str, np.ndarray] = {}
    length_buckets: dict[str, np.ndarray] = {}
    length_probabilities: dict[str, np.ndarray | None] = {}
    tfidf_buckets: dict[str, np.ndarray] = {}
    tfidf_probabilities: dict[str, np.ndarray | None] = {}
    for name, scheme in schemes.items():
        train_buckets = np.asarray([scheme.bucket_of(int(length)) for length in train.lengths])
        counts = np.bincount(train_buckets, minlength=scheme.num_buckets)
        majority_buckets[name] = np.full(len(rows.prompts), int(counts.argmax()))
        for features, test_features, buckets, probabilities in (
            (train_tokens, row_tokens, length_buckets, length_probabilities),
            (train_text, row_text, tfidf_buckets, tfidf_probabilities),
        ):
            if len(np.unique(train_buckets)) < 2:
                buckets[name] = np.full(len(rows.prompts), int(train_buckets[0]))
                probabilities[name] = None
                continue
            classifier = LogisticRegression(max_iter=2000, C=10.0 if features is train_text else 1.0)
            classifier.fit(features, train_buckets)
            full = np.zeros((len(rows.prompts), scheme.num_buckets))
            full[:, classifier.classes_] = classifier.predict_proba(test_features)
            buckets[name] = full.argmax(axis=1)
            probabilities[name] = full

    out["majority"] = Prediction(np.full(len(rows.prompts), float(np.median(train.lengths))), majority_buckets,
                                 dict.fromkeys(schemes))
    linear = LinearRegression().fit(train_tokens, train_log)
    out["prompt-length"] = Prediction(np.expm1(linear.predict(row_tokens)), length_buckets, length_probabilities)
    ridge = Ridge(alpha=1.0).fit(train_text, train_log)
    out["tfidf"] = Prediction(np.expm1(ridge.predict(row_text)), tfidf_buckets, tfidf_probabilities)
    return out


def scatter(rows: Rows, lengths: np.ndarray) -> list[list[float]]:
    """Return up to SCATTER_POINTS (true, predicted) pairs, evenly spaced through the rows."""
    step = max(1, len(rows.prompts) // SCATTER_POINTS)
    return [[int(rows.lengths[i]), round(float(lengths[i]), 1)] for i in range(0, len(rows.prompts), step)][:SCATTER_POINTS]


def build_report(
    rows: Rows, train: Rows, logits: np.ndarray, fine: BucketScheme, schemes: dict[str, BucketScheme],
    label_max_of: float, epsilon: float, prompt_tokens: tuple[np.ndarray, np.ndarray], description: dict[str, object],
) -> dict[str, object]:
    """Return the whole report: the model's metrics, each baseline's, and plot data."""
    model = model_prediction(logits, fine, schemes, label_max_of)
    baselines = baseline_predictions(train, rows, schemes, prompt_tokens)
    return {
        **description,
        "rows": len(rows.prompts),
        "censored_rows": int(rows.censored.sum()),
        "label_max_of_samples": label_max_of,
        "point_estimate": "median of the predicted length distribution",
        "fine_buckets": list(fine.edges),
        "schemes": {name: list(scheme.edges) for name, scheme in schemes.items()},
        "model": score_by_source(rows, model, schemes, epsilon),
        "baselines": {name: score_by_source(rows, prediction, schemes, epsilon) for name, prediction in baselines.items()},
        "scatter": {"model": scatter(rows, model.lengths), "tfidf": scatter(rows, baselines["tfidf"].lengths)},
    }


def without_nan(value: object) -> object:
    """Replace NaN (for example Kendall's tau of a constant prediction) by None, since JSON has no NaN."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nan(item) for item in value]
    return value


def parse_named_schemes(specs: list[str]) -> dict[str, BucketScheme]:
    """Parse ``NAME=SPEC`` arguments, for example ``s3=equal:2048:10``."""
    schemes = {}
    for spec in specs:
        name, sep, body = spec.partition("=")
        if not sep or not name:
            raise ValueError(f"invalid --scheme {spec!r}: expected NAME=SPEC, for example s3=equal:2048:10")
        schemes[name] = parse_scheme(body)
    return schemes


def checkpoint_logits(model_dir: Path, prompts: list[str], max_prompt_tokens: int) -> np.ndarray:
    """Return logits from a PyTorch checkpoint folder, or from a shipped folder's preferred WASM file."""
    if (model_dir / "model.safetensors").is_file():
        from .evaluate import predict_logits

        return predict_logits(model_dir, prompts, max_prompt_tokens)
    from transformers import AutoTokenizer

    from .export import onnx_logits

    card = json.loads((model_dir / "model-card.json").read_text())
    variant = card.get("preferred_variant", {}).get("wasm", card["variants"][0]["name"])
    file = next(v["file"] for v in card["variants"] if v["name"] == variant)
    return onnx_logits(model_dir / file, AutoTokenizer.from_pretrained(model_dir), prompts, max_prompt_tokens)


def fine_scheme_of(model_dir: Path) -> BucketScheme:
    path = model_dir / "length_buckets.json"
    spec = json.loads(path.read_text()) if path.is_file() else json.loads((model_dir / "model-card.json").read_text())["buckets"]
    return BucketScheme(edges=tuple(spec["edges"]), name=spec.get("name", "custom"))


def prompt_token_counts(model_dir: Path, prompts: list[str]) -> np.ndarray:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    return np.asarray([len(ids) for ids in tokenizer(prompts)["input_ids"]])


def resolve_label_power(
    label_max_of: str | float, model_dir: Path, data_dir: Path, fine: BucketScheme, max_prompt_tokens: int
) -> float:
    """Return a fixed power as given, or fit it on the validation split when ``label_max_of`` is ``fit``."""
    if label_max_of != "fit":
        return float(label_max_of)
    validation = Rows.read(data_dir, "validation")
    return fit_label_power(checkpoint_logits(model_dir, validation.prompts, max_prompt_tokens), validation, fine)


def run(
    model_dir: Path, data_dir: Path, split: str, scheme_specs: list[str], label_max_of: str | float, epsilon: float,
    max_prompt_tokens: int, limit: int | None = None,
) -> dict[str, object]:
    fine = fine_scheme_of(model_dir)
    schemes = {"model-buckets": fine, **parse_named_schemes(scheme_specs)}
    label_max_of = resolve_label_power(label_max_of, model_dir, data_dir, fine, max_prompt_tokens)
    rows = Rows.read(data_dir, split, limit)
    train = Rows.read(data_dir, "train")
    logits = checkpoint_logits(model_dir, rows.prompts, max_prompt_tokens)
    tokens = (prompt_token_counts(model_dir, train.prompts), prompt_token_counts(model_dir, rows.prompts))
    summary_path = data_dir / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.is_file() else {}
    logits_from = ("PyTorch checkpoint" if (model_dir / "model.safetensors").is_file()
                   else "preferred WASM ONNX file, native onnxruntime CPUExecutionProvider")
    description = {"model": str(model_dir.name), "split": split, "label": summary.get("label", "output_tokens"),
                   "logits_from": logits_from}
    return without_nan(build_report(rows, train, logits, fine, schemes, label_max_of, epsilon, tokens, description))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score a length predictor beside three baselines; write JSON.")
    parser.add_argument("--model", type=Path, required=True, help="checkpoint folder (OUT/best) or shipped model folder")
    parser.add_argument("--data", type=Path, required=True, help="folder with train.jsonl and the scored split")
    parser.add_argument("--split", default="test", choices=["validation", "test"])
    parser.add_argument("--scheme", action="append", default=[], help="extra bucket scheme NAME=SPEC, repeatable")
    parser.add_argument("--label-max-of", default="1",
                        help="the label is the max of this many independent answers (the one-answer CDF is raised to "
                             "this power), or 'fit' to choose it on the validation split")
    parser.add_argument("--epsilon", type=float, default=0.1, help="cumulative allocation rule: reach 1 - epsilon")
    parser.add_argument("--max-prompt-tokens", type=int, default=256)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N rows of the split")
    parser.add_argument("--out", type=Path, required=True, help="report JSON path")
    args = parser.parse_args(argv)
    configure()
    label_max_of = args.label_max_of if args.label_max_of == "fit" else float(args.label_max_of)
    report = run(args.model, args.data, args.split, args.scheme, label_max_of, args.epsilon, args.max_prompt_tokens, args.limit)
    args.out.write_text(json.dumps(without_nan(report), allow_nan=False) + "\n")
    headline = report["model"]["all"]["length"]
    logger.info("model: %s", headline)
    for name in BASELINES:
        logger.info("%s: %s", name, report["baselines"][name]["all"]["length"])


if __name__ == "__main__":
    main()
