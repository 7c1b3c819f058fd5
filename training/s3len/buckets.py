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


def parse_scheme(spec: str) -> BucketScheme:
    """Parse ``equal:MAX:N`` or an explicit comma-separated edge list such as ``0,128,256,512``."""
    if spec.startswith("equal:"):
        parts = spec.split(":")
        if len(parts) != 3:
            raise ValueError(f"invalid bucket scheme {spec!r}: expected equal:MAX_LENGTH:NUM_BUCKETS")
        return equal_width(int(parts[1]), int(parts[2]))
    try:
        edges = tuple(int(part) for part in spec.split(","))
    except ValueError as error:
        raise ValueError(f"invalid bucket scheme {spec!r}: expected equal:MAX:N or integers like 0,128,256") from error
    return BucketScheme(edges=edges)
