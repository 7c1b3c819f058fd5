"""Length-prediction metrics written out in NumPy, so each one is checked against scikit-learn or SciPy.

Censoring: an answer that hit the generation cap is at least as long as its observed length. For such
a row, a prediction at or above the observed length has zero error, and only a prediction below it counts.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def _arrays(*columns: Sequence[float]) -> list[np.ndarray]:
    arrays = [np.asarray(column) for column in columns]
    if len({array.shape for array in arrays}) != 1 or arrays[0].ndim != 1:
        raise ValueError(f"expected 1-D arrays of one length, got shapes {[array.shape for array in arrays]}")
    if arrays[0].size == 0:
        raise ValueError("cannot score an empty set of predictions")
    return arrays


def absolute_errors(true: Sequence[float], predicted: Sequence[float], censored: Sequence[bool] | None = None) -> np.ndarray:
    """Return |true - predicted| per row, or max(0, true - predicted) for censored rows."""
    true_array, predicted_array = _arrays(true, predicted)
    errors = np.abs(true_array.astype(float) - predicted_array.astype(float))
    if censored is not None:
        censored_array = np.asarray(censored, dtype=bool)
        errors = np.where(censored_array, np.maximum(0.0, true_array - predicted_array), errors)
    return errors


def confusion_counts(true: Sequence[int], predicted: Sequence[int], num_classes: int) -> np.ndarray:
    """Return counts with rows = true class and columns = predicted class."""
    true_array, predicted_array = _arrays(true, predicted)
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (true_array, predicted_array), 1)
    return matrix


def macro_f1(true: Sequence[int], predicted: Sequence[int]) -> float:
    """Return the unweighted mean F1 over classes present in ``true`` or ``predicted`` (F1 = 0 where undefined)."""
    true_array, predicted_array = _arrays(true, predicted)
    labels = np.union1d(true_array, predicted_array)
    scores = []
    for label in labels:
        tp = np.sum((predicted_array == label) & (true_array == label))
        fp = np.sum((predicted_array == label) & (true_array != label))
        fn = np.sum((predicted_array != label) & (true_array == label))
        denominator = 2 * tp + fp + fn
        scores.append(0.0 if denominator == 0 else 2 * tp / denominator)
    return float(np.mean(scores))


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Return Kendall's tau-b, which corrects for ties in either variable (O(n^2) pairs, fine for a few thousand rows)."""
    x_array, y_array = (array.astype(float) for array in _arrays(x, y))
    dx = np.sign(x_array[:, None] - x_array[None, :])
    dy = np.sign(y_array[:, None] - y_array[None, :])
    upper = np.triu_indices(x_array.size, k=1)
    dx, dy = dx[upper], dy[upper]
    concordance = np.sum(dx * dy)
    pairs_x = np.sum(dx != 0)
    pairs_y = np.sum(dy != 0)
    if pairs_x == 0 or pairs_y == 0:
        return float("nan")
    return float(concordance / np.sqrt(pairs_x * pairs_y))


def regression_metrics(
    true: Sequence[float], predicted: Sequence[float], censored: Sequence[bool] | None = None
) -> dict[str, float]:
    """Return mean absolute error, share within 50 and 100 tokens, and Kendall's tau-b."""
    errors = absolute_errors(true, predicted, censored)
    return {
        "mae_tokens": float(np.mean(errors)),
        "within_50": float(np.mean(errors <= 50)),
        "within_100": float(np.mean(errors <= 100)),
        "kendall_tau": kendall_tau_b(true, predicted),
    }


def allocation_metrics(
    true: Sequence[float], allocated: Sequence[float], censored: Sequence[bool] | None = None
) -> dict[str, float]:
    """Return the under-allocation rate and the mean reserved-but-unused tokens per request.

    A censored row is under-allocated only if its allocation is below the observed (capped) length.
    """
    true_array, allocated_array = (array.astype(float) for array in _arrays(true, allocated))
    under = allocated_array < true_array
    over = np.where(under, 0.0, allocated_array - true_array)
    if censored is not None:
        over = np.where(np.asarray(censored, dtype=bool), 0.0, over)
    return {"under_allocation_rate": float(np.mean(under)), "over_reserved_tokens_mean": float(np.mean(over))}


def bucket_metrics(true: Sequence[int], predicted: Sequence[int], num_classes: int) -> dict[str, object]:
    """Return exact and within-one-bucket accuracy, macro-F1 and the confusion matrix."""
    true_array, predicted_array = _arrays(true, predicted)
    return {
        "exact_accuracy": float(np.mean(true_array == predicted_array)),
        "within_one_accuracy": float(np.mean(np.abs(true_array - predicted_array) <= 1)),
        "macro_f1": macro_f1(true_array, predicted_array),
        "confusion_matrix": confusion_counts(true_array, predicted_array, num_classes).tolist(),
    }


def calibration(probabilities: np.ndarray, true: Sequence[int], bins: int = 10) -> dict[str, object]:
    """Return a reliability table of the top-class probability and the expected calibration error."""
    probabilities = np.asarray(probabilities, dtype=float)
    true_array = np.asarray(true)
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == true_array
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    table = []
    ece = 0.0
    for b in range(bins):
        mask = index == b
        if not mask.any():
            continue
        mean_confidence = float(confidence[mask].mean())
        accuracy = float(correct[mask].mean())
        ece += mask.mean() * abs(mean_confidence - accuracy)
        table.append({"low": float(edges[b]), "high": float(edges[b + 1]), "rows": int(mask.sum()),
                      "mean_confidence": mean_confidence, "accuracy": accuracy})
    return {"bins": table, "expected_calibration_error": float(ece)}
