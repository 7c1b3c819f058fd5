"""Operations on a predicted length distribution over fine buckets.

A model outputs probabilities over fine buckets (for example 16-token bins). Summing them
serves every coarser scheme whose edges are also fine edges. The same distribution also
gives a point estimate (a quantile) and an allocation.
The TypeScript twin of these rules is ``src/predictor/distribution.ts``.
"""

from __future__ import annotations

import numpy as np

from .buckets import BucketScheme


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def coarse_index(fine: BucketScheme, coarse: BucketScheme) -> np.ndarray:
    """Return, per fine bucket, the coarse bucket that contains it.

    Every coarse edge below the fine scheme's maximum must be a fine edge, otherwise a fine bucket
    would straddle two coarse buckets and summing would misplace probability.
    """
    fine_edges = set(fine.edges)
    straddling = [edge for edge in coarse.edges[1:-1] if edge < fine.max_length and edge not in fine_edges]
    if straddling:
        raise ValueError(f"coarse edges {straddling} are not fine edges {list(fine.edges)}; choose fine edges that include them")
    return np.asarray([coarse.bucket_of(low) for low in fine.edges[:-1]])


def coarsen(probabilities: np.ndarray, fine: BucketScheme, coarse: BucketScheme) -> np.ndarray:
    """Sum fine-bucket probabilities (rows = prompts) into the coarse scheme's buckets."""
    index = coarse_index(fine, coarse)
    out = np.zeros((probabilities.shape[0], coarse.num_buckets))
    for fine_bucket, coarse_bucket in enumerate(index):
        out[:, coarse_bucket] += probabilities[:, fine_bucket]
    return out


def max_of_samples(probabilities: np.ndarray, samples: float) -> np.ndarray:
    """Return the distribution of the largest of ``samples`` independent draws (CDF raised to that power).

    ``samples`` may be fractional: answers to one prompt are correlated, so the max of four of them
    behaves like the max of fewer independent draws, and the power can be fitted on validation data.
    """
    if samples < 1:
        raise ValueError(f"samples must be >= 1, got {samples}")
    if samples == 1:
        return probabilities
    cdf = np.clip(np.cumsum(probabilities, axis=1), 0.0, 1.0) ** samples
    return np.diff(np.concatenate([np.zeros((cdf.shape[0], 1)), cdf], axis=1), axis=1)


def quantile(probabilities: np.ndarray, scheme: BucketScheme, q: float) -> np.ndarray:
    """Return the q-quantile of each row's length, interpolating linearly inside the bucket where it falls."""
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie in (0, 1), got {q}")
    cdf = np.cumsum(probabilities, axis=1)
    edges = np.asarray(scheme.edges, dtype=float)
    bucket = np.minimum((cdf < q).sum(axis=1), scheme.num_buckets - 1)
    rows = np.arange(probabilities.shape[0])
    below = np.where(bucket > 0, cdf[rows, np.maximum(bucket - 1, 0)], 0.0)
    mass = probabilities[rows, bucket]
    fraction = np.where(mass > 0, (q - below) / np.where(mass > 0, mass, 1.0), 0.5)
    return edges[bucket] + np.clip(fraction, 0.0, 1.0) * (edges[bucket + 1] - edges[bucket])


def allocate(probabilities: np.ndarray, scheme: BucketScheme, rule: str, epsilon: float = 0.1) -> np.ndarray:
    """Return the tokens reserved per row.

    ``most-likely``: the upper edge of the most probable bucket, as S³ does.
    ``cumulative``: the smallest upper edge whose cumulative probability reaches 1 - epsilon,
    which under-allocates less often and reserves more memory.
    """
    edges = np.asarray(scheme.edges)
    if rule == "most-likely":
        return edges[probabilities.argmax(axis=1) + 1]
    if rule == "cumulative":
        if not 0.0 < epsilon < 1.0:
            raise ValueError(f"epsilon must lie in (0, 1), got {epsilon}")
        cdf = np.cumsum(probabilities, axis=1)
        bucket = np.minimum((cdf < 1.0 - epsilon - 1e-9).sum(axis=1), scheme.num_buckets - 1)
        return edges[bucket + 1]
    raise ValueError(f"unknown allocation rule {rule!r}; expected most-likely or cumulative")
