"""Bucket-classification metrics used in the model card, with the majority baseline."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
from sklearn.metrics import f1_score

from .buckets import BucketScheme


def classification_metrics(
    true_buckets: Sequence[int], predicted_buckets: Sequence[int], output_tokens: Sequence[int], scheme: BucketScheme
) -> dict[str, float]:
    """Score predicted buckets against true ones and the allocations they imply.

    Allocation error uses the predicted bucket's upper edge against the true length capped at the
    scheme's maximum, because the server never generates past its maximum sequence length.
    """
    true = np.asarray(true_buckets)
    predicted = np.asarray(predicted_buckets)
    if true.shape != predicted.shape or true.shape[0] != len(output_tokens):
        raise ValueError("true_buckets, predicted_buckets and output_tokens must have the same length")
    if true.size == 0:
        raise ValueError("cannot score an empty set of predictions")
    allocation = np.asarray([scheme.allocation(int(bucket)) for bucket in predicted])
    needed = np.minimum(np.asarray(output_tokens), scheme.max_length)
    return {
        "exact_accuracy": float(np.mean(true == predicted)),
        "within_one_accuracy": float(np.mean(np.abs(true - predicted) <= 1)),
        "macro_f1": float(f1_score(true, predicted, average="macro", zero_division=0)),
        "allocation_mae_tokens": float(np.mean(np.abs(allocation - needed))),
        "under_allocation_rate": float(np.mean(allocation < needed)),
    }


def majority_bucket(train_buckets: Sequence[int]) -> int:
    """Return the most frequent training bucket (the smallest index on a tie)."""
    counts = Counter(train_buckets)
    return min(counts, key=lambda bucket: (-counts[bucket], bucket))


def confusion_matrix(true_buckets: Sequence[int], predicted_buckets: Sequence[int], num_buckets: int) -> list[list[int]]:
    """Return counts with rows = true bucket and columns = predicted bucket."""
    matrix = np.zeros((num_buckets, num_buckets), dtype=np.int64)
    for true, predicted in zip(true_buckets, predicted_buckets):
        matrix[true, predicted] += 1
    return matrix.tolist()
