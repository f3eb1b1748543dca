"""Rows the report keeps share one string per text, and every other value keeps its type and form."""

from decimal import Decimal

from pipelines.foundation.shared_text import SharedText


def test_equal_texts_become_one_object_and_other_values_are_left_as_they_are():
    shared = SharedText()
    first_id = "".join(["sodra_", "lappland"])  # built at run time: two distinct equal strings
    second_id = "".join(["sodra_", "lappland"])
    assert first_id is not second_id
    first, second = shared.rows([(first_id, 2025, Decimal("1.0")), (second_id, 1, Decimal("1.00"))])
    assert first[0] is second[0]
    assert first == ("sodra_lappland", 2025, Decimal("1.0"))
    assert second == ("sodra_lappland", 1, Decimal("1.00"))
    assert str(second[2]) == "1.00" and type(second[1]) is int  # 1 == Decimal('1.0'), yet not merged


def test_records_keep_their_keys_and_share_texts_with_rows_read_before():
    shared = SharedText()
    (row,) = shared.rows([("".join(["ab", "c"]), None)])
    (record,) = shared.records([{"federation_id": "".join(["ab", "c"]), "value": True, "n": 1}])
    assert record == {"federation_id": "abc", "value": True, "n": 1}
    assert record["federation_id"] is row[0]
    assert record["value"] is True  # True == 1, kept as the bool it was
