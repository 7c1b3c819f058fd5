import pytest

from s3len.buckets import BucketScheme, equal_width, parse_scheme


def test_equal_width_s3_default_edges():
    scheme = equal_width(2048, 10)
    assert scheme.edges == (0, 205, 410, 614, 819, 1024, 1229, 1434, 1638, 1843, 2048)


@pytest.mark.parametrize(
    ("length", "bucket"),
    [(0, 0), (204, 0), (205, 1), (409, 1), (410, 2), (1842, 8), (1843, 9), (2047, 9), (2048, 9), (10_000, 9)],
)
def test_bucket_of_edges(length, bucket):
    assert equal_width(2048, 10).bucket_of(length) == bucket


def test_allocation_is_upper_edge():
    scheme = equal_width(2048, 10)
    assert scheme.allocation(0) == 205
    assert scheme.allocation(9) == 2048
    for length in range(0, 2048, 7):
        assert scheme.allocation(scheme.bucket_of(length)) > length


def test_invalid_schemes_raise():
    with pytest.raises(ValueError, match="first bucket edge must be 0"):
        BucketScheme(edges=(1, 2))
    with pytest.raises(ValueError, match="increase strictly"):
        BucketScheme(edges=(0, 5, 5))
    with pytest.raises(ValueError, match="must be >= 0"):
        equal_width(2048, 10).bucket_of(-1)
    with pytest.raises(ValueError, match="expected equal"):
        parse_scheme("0,a,3")


def test_parse_scheme_forms():
    assert parse_scheme("equal:1024:8").edges == equal_width(1024, 8).edges
    assert parse_scheme("0,128,256,512").edges == (0, 128, 256, 512)
