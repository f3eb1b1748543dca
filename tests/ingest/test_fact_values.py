from decimal import Decimal

import pytest

from pipelines.ingest.fact_values import NotANumber, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3752", Decimal("3752")),
        ("3 752", Decimal("3752")),
        ("1\u00a0876", Decimal("1876")),
        ("2 832 000", Decimal("2832000")),
        ("-206", Decimal("-206")),
        ("−4 244", Decimal("-4244")),
        ("– 4 057", Decimal("-4057")),
        ("17,20", Decimal("17.20")),
        ("23,52 %", Decimal("23.52")),
        ("85%", Decimal("85")),
        ("12.5", Decimal("12.5")),
    ],
)
def test_swedish_notation_is_read_exactly(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "tkr", "3 75", "12 3456", "1,2,3", "O", "3752 kr", "0x10"])
def test_anything_else_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)
