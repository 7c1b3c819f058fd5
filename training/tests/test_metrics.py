import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from s3len.buckets import equal_width
from s3len.metrics import classification_metrics, confusion_matrix, majority_bucket

SCHEME = equal_width(2048, 10)
TRUE = [0, 0, 0, 1, 2, 0, 9, 1]
PREDICTED = [0, 1, 0, 1, 0, 0, 9, 3]
LENGTHS = [10, 150, 204, 300, 500, 0, 3000, 210]


def test_metrics_match_scikit_learn():
    metrics = classification_metrics(TRUE, PREDICTED, LENGTHS, SCHEME)
    assert metrics["exact_accuracy"] == accuracy_score(TRUE, PREDICTED)
    assert metrics["macro_f1"] == f1_score(TRUE, PREDICTED, average="macro", zero_division=0)
    assert metrics["within_one_accuracy"] == 6 / 8


def test_allocation_error_and_under_allocation():
    metrics = classification_metrics(TRUE, PREDICTED, LENGTHS, SCHEME)
    allocations = np.array([205, 410, 205, 410, 205, 205, 2048, 819])
    needed = np.minimum(LENGTHS, 2048)
    assert metrics["allocation_mae_tokens"] == np.mean(np.abs(allocations - needed))
    # Only the bucket-2 prompt (500 tokens) predicted as bucket 0 (205 tokens) is under-allocated.
    assert metrics["under_allocation_rate"] == 1 / 8


def test_majority_and_confusion():
    assert majority_bucket([1, 0, 1, 0]) == 0
    assert majority_bucket([2, 2, 0]) == 2
    matrix = confusion_matrix(TRUE, PREDICTED, 10)
    assert matrix[0][0] == 3
    assert matrix[0][1] == 1
    assert sum(map(sum, matrix)) == len(TRUE)
