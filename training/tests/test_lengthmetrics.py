"""Length metrics and distribution rules, checked against scikit-learn, SciPy and hand-worked cases."""

import numpy as np
import pytest
from scipy.stats import kendalltau
from sklearn.metrics import confusion_matrix, f1_score, mean_absolute_error

from s3len.buckets import BucketScheme, parse_scheme
from s3len.distribution import allocate, coarsen, max_of_samples, quantile
from s3len.lengthmetrics import (
    absolute_errors,
    allocation_metrics,
    bucket_metrics,
    calibration,
    kendall_tau_b,
    macro_f1,
    regression_metrics,
)

RNG = np.random.default_rng(7)
TRUE_LENGTHS = RNG.integers(0, 600, size=300)
PREDICTED_LENGTHS = np.clip(TRUE_LENGTHS + RNG.normal(0, 80, size=300), 0, None).round()
TRUE_BUCKETS = RNG.integers(0, 6, size=300)
PREDICTED_BUCKETS = np.where(RNG.random(300) < 0.6, TRUE_BUCKETS, RNG.integers(0, 7, size=300))


def test_macro_f1_matches_sklearn():
    expected = f1_score(TRUE_BUCKETS, PREDICTED_BUCKETS, average="macro", zero_division=0)
    assert macro_f1(TRUE_BUCKETS, PREDICTED_BUCKETS) == pytest.approx(expected, abs=1e-12)


def test_confusion_matches_sklearn():
    ours = np.asarray(bucket_metrics(TRUE_BUCKETS, PREDICTED_BUCKETS, 7)["confusion_matrix"])
    np.testing.assert_array_equal(ours, confusion_matrix(TRUE_BUCKETS, PREDICTED_BUCKETS, labels=range(7)))


def test_mae_matches_sklearn():
    ours = regression_metrics(TRUE_LENGTHS, PREDICTED_LENGTHS)["mae_tokens"]
    assert ours == pytest.approx(mean_absolute_error(TRUE_LENGTHS, PREDICTED_LENGTHS), abs=1e-9)


@pytest.mark.parametrize("pair", [(TRUE_LENGTHS, PREDICTED_LENGTHS), (TRUE_BUCKETS, PREDICTED_BUCKETS)])
def test_kendall_tau_b_matches_scipy(pair):
    x, y = pair
    assert kendall_tau_b(x, y) == pytest.approx(kendalltau(x, y, variant="b").statistic, abs=1e-12)


def test_within_counts_exact_boundaries():
    metrics = regression_metrics([100, 100, 100, 100], [150, 151, 0, 201])
    assert metrics["within_50"] == 0.25
    assert metrics["within_100"] == 0.75


def test_censored_rows_only_penalize_underprediction():
    errors = absolute_errors([512, 512, 100], [600, 400, 150], censored=[True, True, False])
    np.testing.assert_array_equal(errors, [0, 112, 50])


def test_allocation_metrics_censored():
    metrics = allocation_metrics([100, 512, 300], [128, 512, 256], censored=[False, True, False])
    assert metrics["under_allocation_rate"] == pytest.approx(1 / 3)
    assert metrics["over_reserved_tokens_mean"] == pytest.approx(28 / 3)


def test_calibration_perfect_confidence():
    probabilities = np.eye(3)[[0, 1, 2, 0]]
    table = calibration(probabilities, [0, 1, 2, 0])
    assert table["expected_calibration_error"] == pytest.approx(0.0)
    assert table["bins"][-1]["rows"] == 4


FINE = parse_scheme("0,16,32,48,64")
COARSE = BucketScheme(edges=(0, 32, 64))


def test_coarsen_sums_probabilities():
    fine = np.asarray([[0.1, 0.2, 0.3, 0.4]])
    np.testing.assert_allclose(coarsen(fine, FINE, COARSE), [[0.3, 0.7]])


def test_coarsen_rejects_straddling_edges():
    with pytest.raises(ValueError, match="are not fine edges"):
        coarsen(np.ones((1, 4)) / 4, FINE, BucketScheme(edges=(0, 40, 64)))


def test_max_of_samples_raises_cdf():
    probabilities = np.asarray([[0.5, 0.5, 0.0, 0.0]])
    np.testing.assert_allclose(max_of_samples(probabilities, 2), [[0.25, 0.75, 0.0, 0.0]])


def test_quantile_interpolates_inside_bucket():
    probabilities = np.asarray([[0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]])
    np.testing.assert_allclose(quantile(probabilities, FINE, 0.5), [24.0, 32.0])


def test_allocate_rules():
    probabilities = np.asarray([[0.5, 0.3, 0.15, 0.05]])
    assert allocate(probabilities, FINE, "most-likely")[0] == 16
    assert allocate(probabilities, FINE, "cumulative", epsilon=0.1)[0] == 48
    assert allocate(probabilities, FINE, "cumulative", epsilon=0.2)[0] == 32
