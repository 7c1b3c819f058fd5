"""Length buckets over the served model's output length, as in S3 (NeurIPS 2023).

A scheme is a list of integer edges ``e_0 = 0 < e_1 < ... < e_n``. Bucket ``i``
contains output lengths ``L`` with ``e_i <= L < e_{i+1}``; lengths at or past
``e_n`` (the served model's maximum sequence length) fall in the last bucket.
The allocation for bucket ``i`` is its upper edge ``e_{i+1}`` tokens, which
covers every length in the bucket because the upper edge is exclusive.
The TypeScript twin of this module is ``src/predictor/buckets.ts``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BucketScheme:
    """Bucket edges in tokens of the served model's tokenizer."""

    edges: tuple[int, ...]
    name: str = "custom"

    def __post_init__(self) -> None:
        if len(self.edges) < 2:
            raise ValueError(f"a bucket scheme needs at least 2 edges, got {list(self.edges)}")
        if self.edges[0] != 0:
            raise ValueError(f"the first bucket edge must be 0, got {self.edges[0]}")
        for low, high in zip(self.edges, self.edges[1:]):
            if high <= low:
                raise ValueError(f"bucket edges must increase strictly, got {low} then {high}")

    @property
    def num_buckets(self) -> int:
        return len(self.edges) - 1

    @property
    def max_length(self) -> int:
        return self.edges[-1]

    def bucket_of(self, length: int) -> int:
        """Return the bucket index of an output length in tokens."""
        if length < 0:
            raise ValueError(f"output length must be >= 0, got {length}")
        return min(bisect.bisect_right(self.edges, length) - 1, self.num_buckets - 1)

    def allocation(self, bucket: int) -> int:
        """Return the tokens reserved for a request predicted in ``bucket``."""
        if not 0 <= bucket < self.num_buckets:
            raise ValueError(f"bucket must be in [0, {self.num_buckets}), got {bucket}")
        return self.edges[bucket + 1]

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "edges": list(self.edges), "max_length": self.max_length}


def equal_width(max_length: int, num_buckets: int) -> BucketScheme:
    """Split [0, max_length) into ``num_buckets`` buckets of equal width, rounding edges to tokens.

    S3's default is ``equal_width(2048, 10)``: edges 0, 205, 410, 614, ..., 2048.
    """
    if num_buckets < 1:
        raise ValueError(f"num_buckets must be >= 1, got {num_buckets}")
    if max_length < num_buckets:
        raise ValueError(f"max_length ({max_length}) must be >= num_buckets ({num_buckets})")
    edges = tuple(round(i * max_length / num_buckets) for i in range(num_buckets + 1))
    return BucketScheme(edges=edges, name=f"equal-width-{num_buckets}x{max_length}")


def logarithmic(max_length: int, num_buckets: int, first_edge: int = 16) -> BucketScheme:
    """Split [0, max_length) into a first bucket [0, first_edge) and geometric buckets up to max_length.

    Edges grow by a constant factor, so short answers get narrow buckets and long ones wide buckets.
    """
    if num_buckets < 2:
        raise ValueError(f"a logarithmic scheme needs at least 2 buckets, got {num_buckets}")
    if not 0 < first_edge < max_length:
        raise ValueError(f"first_edge must lie in (0, max_length={max_length}), got {first_edge}")
    ratio = (max_length / first_edge) ** (1 / (num_buckets - 1))
    edges = [0] + [round(first_edge * ratio**i) for i in range(num_buckets)]
    for i in range(1, len(edges)):
        edges[i] = max(edges[i], edges[i - 1] + 1)
    if edges[-1] != max_length:
        raise ValueError(f"cannot fit {num_buckets} logarithmic buckets of whole tokens below {max_length}")
    return BucketScheme(edges=tuple(edges), name=f"log-{num_buckets}x{max_length}")


def quantile_edges(lengths: list[int], max_length: int, num_buckets: int) -> BucketScheme:
    """Place edges at quantiles of the training lengths, so each bucket contains about the same share of answers.

    Repeated quantiles (many answers of one length) are merged, so the scheme may have fewer buckets.
    """
    if not lengths:
        raise ValueError("a quantile scheme needs training lengths")
    capped = np.minimum(np.asarray(lengths), max_length - 1)
    inner = np.quantile(capped, np.linspace(0, 1, num_buckets + 1)[1:-1], method="higher")
    edges = sorted({0, max_length, *(int(edge) for edge in inner if 0 < edge < max_length)})
    return BucketScheme(edges=tuple(edges), name=f"quantile-{len(edges) - 1}x{max_length}")


def parse_scheme(spec: str, lengths: list[int] | None = None) -> BucketScheme:
    """Parse a bucket scheme.

    Forms: ``equal:MAX:N``, ``log:MAX:N[:FIRST_EDGE]``, ``quantile:MAX:N`` (needs the training
    ``lengths``), or an explicit comma-separated edge list such as ``0,128,256,512``.
    """
    kind, _, rest = spec.partition(":")
    if kind in ("equal", "log", "quantile"):
        parts = rest.split(":")
        try:
            numbers = [int(part) for part in parts]
        except ValueError as error:
            raise ValueError(f"invalid bucket scheme {spec!r}: expected integers after {kind}:") from error
        if kind == "equal" and len(numbers) == 2:
            return equal_width(*numbers)
        if kind == "log" and len(numbers) in (2, 3):
            return logarithmic(*numbers)
        if kind == "quantile" and len(numbers) == 2:
            if lengths is None:
                raise ValueError(f"bucket scheme {spec!r} needs training lengths")
            return quantile_edges(lengths, *numbers)
        raise ValueError(f"invalid bucket scheme {spec!r}: expected equal:MAX:N, log:MAX:N[:FIRST_EDGE] or quantile:MAX:N")
    try:
        edges = tuple(int(part) for part in spec.split(","))
    except ValueError as error:
        raise ValueError(f"invalid bucket scheme {spec!r}: expected equal:MAX:N or integers like 0,128,256") from error
    return BucketScheme(edges=edges)
