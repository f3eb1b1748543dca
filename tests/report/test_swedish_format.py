"""Numbers as Swedish readers write them: the report's and the quality page's formatting."""

from decimal import Decimal

from pipelines.foundation.swedish_format import (
    format_kronor,
    format_number,
    format_percent,
    format_points,
    plain,
    short_federation_name,
)


def test_thousands_are_grouped_with_a_space_that_never_wraps():
    assert format_number(1234567) == "1\u202f234\u202f567"
    assert plain(format_number(1234567)) == "1 234 567"
    assert format_number(999) == "999"
    assert plain(format_number(1000)) == "1 000"


def test_decimals_take_a_comma_and_round_half_up_as_the_marts_do():
    assert format_number(Decimal("53.64"), 1) == "53,6"
    assert format_number(Decimal("0.05"), 1) == "0,1"  # half up, not to even
    assert format_number(Decimal("58.08"), 2) == "58,08"
    assert plain(format_number(Decimal("1234.5"), 2)) == "1 234,50"


def test_kronor_and_percent_carry_their_unit_after_a_no_break_space():
    assert format_kronor(106100) == "106\u202f100\u00a0kr"
    assert plain(format_kronor(Decimal("4244000"))) == "4 244 000 kr"
    assert plain(format_percent(Decimal("53.64"))) == "53,6 %"
    assert plain(format_percent(Decimal("20.00"), None)) == "20 %"  # a whole number without decimals
    assert plain(format_percent(Decimal("49.37"), None)) == "49,4 %"


def test_negatives_take_a_minus_sign_and_changes_a_plus():
    assert plain(format_kronor(-102000)) == "-102 000 kr"
    assert format_kronor(-102000).startswith("\u2212")  # a real minus, not a hyphen
    assert plain(format_points(Decimal("4.44"))) == "+4,4 p.e."
    assert plain(format_points(Decimal("-4.44"))) == "-4,4 p.e."
    assert format_number(Decimal("-0.04"), 1) == "0,0"  # no minus zero


def test_a_missing_figure_is_a_dash_never_zero():
    assert format_kronor(None) == format_percent(None) == format_number(None) == "–"


def test_federations_are_named_without_the_common_prefix():
    assert short_federation_name("Samordningsförbundet i Sollefteå", "solleftea") == "Sollefteå"
    assert short_federation_name("Samordningsförbundet Södra Lappland", "x") == "Södra Lappland"
    assert short_federation_name(None, "okand") == "okand"
