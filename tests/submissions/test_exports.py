import pytest

from fomo_site.exports import csv_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain title", "Plain title"),
        ("a=b", "a=b"),
        (None, ""),
        (17, "17"),
    ],
)
def test_csv_safe_prefixes_formula_starts(value, expected):
    assert csv_safe(value) == expected
