"""CSV of the NNS export: formula injection neutralised, RFC 4180 and the Swedish Excel dialect."""

import codecs
import csv
import datetime
import io
from decimal import Decimal

import pyarrow as pa
import pytest

from pipelines.export.csv_format import RFC4180, SWEDISH_EXCEL, csv_bytes, csv_dialect, neutralise


def table() -> pa.Table:
    return pa.table(
        {
            "raw_label": [
                "=SUM(A1)",
                "-ESF",
                "+46 70",
                "@home",
                "\tTab",
                "Summa, netto",
                'say "hi"',
                "",
                None,
            ],
            "value": pa.array(
                [
                    Decimal(v) if v is not None else None
                    for v in ("-206000", "58.08", "0", "1", "2", "3", "4", "5", None)
                ],
                pa.decimal128(18, 2),
            ),
            "is_current": [True, False, True, True, True, True, True, True, None],
            "document_date": [datetime.date(2026, 3, 26)] * 8 + [None],
        }
    )


def read(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_text_that_could_run_as_a_formula_is_neutralised_and_numbers_are_not():
    rows = read(csv_bytes(table(), RFC4180), ",")
    labels = [row[0] for row in rows[1:]]
    assert labels[:5] == ["'=SUM(A1)", "'-ESF", "'+46 70", "'@home", "'\tTab"]
    assert labels[5:7] == ["Summa, netto", 'say "hi"']
    assert rows[1][1] == "-206000.00", "a negative number stays a number"
    assert neutralise("Summa") == "Summa" and neutralise("-206000 + 2179000") == "'-206000 + 2179000"


def test_rfc_4180():
    data = csv_bytes(table(), RFC4180)
    assert not data.startswith(codecs.BOM_UTF8)
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0] == "raw_label,value,is_current,document_date"
    assert lines[1] == "'=SUM(A1),-206000.00,true,2026-03-26"
    assert lines[2] == "'-ESF,58.08,false,2026-03-26"
    assert lines[6] == '"Summa, netto",3.00,true,2026-03-26'
    assert lines[7] == '"say ""hi""",4.00,true,2026-03-26'
    assert lines[8] == '"",5.00,true,2026-03-26', "an empty string is quoted"
    assert lines[9] == ",,,", "NULL is an empty field"
    assert lines[10] == "" and len(lines) == 11, "every line ends in CRLF"


def test_the_swedish_excel_dialect_reads_back_with_semicolons_and_decimal_commas():
    data = csv_bytes(table(), SWEDISH_EXCEL)
    assert data.startswith(codecs.BOM_UTF8)
    rows = read(data, ";")
    assert rows[0] == ["raw_label", "value", "is_current", "document_date"]
    assert rows[1] == ["'=SUM(A1)", "-206000,00", "true", "2026-03-26"]
    assert rows[2][1] == "58,08"
    assert rows[6][0] == "Summa, netto", "a comma needs no quotes when the separator is ;"
    assert b'"Summa, netto"' not in data


def test_swedish_text_survives_with_the_bom():
    data = csv_bytes(pa.table({"name_sv": ["Samordningsförbundet Södra Lappland"]}), SWEDISH_EXCEL)
    assert data == codecs.BOM_UTF8 + "name_sv\r\nSamordningsförbundet Södra Lappland\r\n".encode()


def test_dialects_by_name():
    assert csv_dialect("sv") is SWEDISH_EXCEL and csv_dialect("rfc4180") is RFC4180
    with pytest.raises(ValueError, match="choose one of rfc4180, sv"):
        csv_dialect("excel")


def test_every_kind_of_column_prints_as_python_prints_it_whatever_the_chunks():
    """Arrow formats the usual columns; floats and timestamps go through Python (Arrow prints them
    otherwise: 100.0 as 100, a timestamp with a space)."""
    columns = {
        "n": pa.chunked_array([pa.array([12, -3], pa.int32()), pa.array([None, 0], pa.int32())]),
        "amount": pa.chunked_array(
            [pa.array([Decimal("-0.50"), Decimal("1234567.00")], pa.decimal128(18, 2))]
            + [pa.array([Decimal("0.00"), None], pa.decimal128(18, 2))]
        ),
        "whole": pa.array([Decimal("5"), Decimal("-206000"), None, Decimal("0")], pa.decimal128(18, 0)),
        "ratio": [100.0, 0.1, None, 1e20],
        "at": [datetime.datetime(2026, 3, 26, 12, 0), None, datetime.datetime(2026, 1, 1, 0, 0, 5), None],
        "text": pa.array(["a\nb", "x;y", "-1", None], pa.large_string()),
    }
    rfc = csv_bytes(pa.table(columns), RFC4180).decode().split("\r\n")
    assert rfc[1:5] == [
        '12,-0.50,5,100.0,2026-03-26T12:00:00,"a\nb"',
        "-3,1234567.00,-206000,0.1,,x;y",
        ",0.00,,,2026-01-01T00:00:05,'-1",
        "0,,0,1e+20,,",
    ]
    sv = csv_bytes(pa.table(columns), SWEDISH_EXCEL).decode("utf-8-sig").split("\r\n")
    assert sv[2] == '-3;1234567,00;-206000;0,1;;"x;y"'
    assert csv_bytes(pa.table({"a": pa.array([], pa.string())}), RFC4180) == b"a\r\n"


def small_table() -> pa.Table:
    """Every type the small-table path writes, with the fields a dialect must quote or neutralise."""
    return pa.table(
        {
            "text": ["=SUM(A1)", "a;b", "a,b", 'say "hi"', "line\nbreak", "cr\r", "", None, "-ESF", "Ö"],
            "whole": pa.array([1, -2, None, 0, 10**12, 3, 4, 5, 6, 7], pa.int64()),
            "share": [Decimal("1.5"), Decimal("-0.50"), None, 2, Decimal("58.08"), 0, 1, 2, 3, 4],
            "flag": [True, False, None, True, True, True, True, True, True, False],
            "empty": pa.array([None] * 10, pa.null()),
        }
    )


@pytest.mark.parametrize("dialect", [RFC4180, SWEDISH_EXCEL], ids=lambda d: d.name)
def test_a_small_table_written_in_python_is_what_arrow_writes(dialect):
    from pipelines.export.csv_format import _rows, _small_rows

    small = small_table()
    assert _small_rows(small, dialect) == _rows(small, dialect)
    expected_sv = ["'=SUM(A1);1;1,50;true;", '"a;b";-2;-0,50;false;', "a,b;;;;"]
    if dialect is SWEDISH_EXCEL:
        assert _small_rows(small, dialect)[:3] == expected_sv  # the decimals at the column's scale
    assert _small_rows(small.slice(0, 0), dialect) == _rows(small.slice(0, 0), dialect) == []


def test_a_table_with_another_type_or_many_rows_is_written_by_arrow(monkeypatch):
    import pipelines.export.csv_format as csv_format

    assert csv_format._small_rows(table(), SWEDISH_EXCEL) is None  # a date column
    monkeypatch.setattr(csv_format, "SMALL_TABLE", 0)
    written_by_arrow = csv_bytes(small_table(), SWEDISH_EXCEL)
    monkeypatch.undo()
    assert csv_bytes(small_table(), SWEDISH_EXCEL) == written_by_arrow
