"""`finsam sql` for Swedish Excel: an .xlsx with typed columns and Swedish number formats, and
`--csv-dialect sv` as the export writes it."""

from __future__ import annotations

import codecs
import datetime

import duckdb
import openpyxl
import pytest

from pipelines.sql import main_sql
from pipelines.sql.workbook import number_format

QUERY = "select * from analyst.prov order by forbund_id"


@pytest.fixture()
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema analyst")
        connection.execute(
            """
            create table analyst.prov as select * from (values
                ('sodra_lappland', 2025, 4244000::decimal(18,0), 53.64::decimal(18,2), 40, true,
                 date '2026-03-26', '=SUM(A1)'),
                ('solleftea', 2024, null, 49.37::decimal(18,2), null, false, null, 'Sollefteå')
            ) as t(forbund_id, rakenskapsar, totala_kostnader_kr, eget_kapital_procent, antal_deltagare,
                   over_rekommendation, dokumentdatum, anteckning)
            """
        )
    return path


def test_xlsx_has_typed_cells_and_swedish_reading_formats(warehouse, tmp_path, capsys):
    output = tmp_path / "ut" / "prov.xlsx"
    code = main_sql([QUERY, "--warehouse", str(warehouse), "--format", "xlsx", "--output", str(output)])
    assert code == 0, capsys.readouterr().err
    assert "Wrote 2 rows" in capsys.readouterr().err
    sheet = openpyxl.load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "forbund_id",
        "rakenskapsar",
        "totala_kostnader_kr",
        "eget_kapital_procent",
        "antal_deltagare",
        "over_rekommendation",
        "dokumentdatum",
        "anteckning",
    )
    assert rows[1] == (
        "sodra_lappland",
        2025,
        4244000,
        53.64,
        40,
        True,
        datetime.datetime(2026, 3, 26),
        "=SUM(A1)",
    )
    assert rows[2][2] is None and rows[2][6] is None  # NULL is an empty cell, never 0
    cells = {cell.column_letter: cell for cell in sheet[2]}
    assert cells["B"].number_format == "0"  # a year, not 2 025
    assert cells["C"].number_format == '#,##0 "kr"' and cells["C"].data_type == "n"
    assert cells["D"].number_format == '#,##0.00 "%"' and cells["D"].data_type == "n"
    assert cells["E"].number_format == "#,##0"
    assert cells["F"].data_type == "b"
    assert cells["G"].is_date and cells["G"].number_format == "yyyy-mm-dd"
    assert cells["H"].data_type == "s"  # formula-like text stays text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H3"


def test_number_formats_follow_the_column_name_and_type():
    assert number_format("medlemsbidrag_kr", "DECIMAL(18,0)") == '#,##0 "kr"'
    assert number_format("equity_pct", "DECIMAL(18,2)") == '#,##0.00 "%"'
    assert number_format("antal", "BIGINT") == "#,##0"
    assert number_format("kvot", "DOUBLE") == "#,##0.00"
    assert number_format("namn", "VARCHAR") is None


def test_xlsx_needs_an_output_file(warehouse, capsys):
    assert main_sql([QUERY, "--warehouse", str(warehouse), "--format", "xlsx"]) == 2
    assert "--format xlsx needs --output FILE" in capsys.readouterr().err


def test_swedish_csv_has_semicolons_decimal_commas_and_a_bom_in_a_file(warehouse, tmp_path, capsys):
    output = tmp_path / "prov.csv"
    arguments = [QUERY, "--warehouse", str(warehouse), "--format", "csv", "--csv-dialect", "sv"]
    assert main_sql([*arguments, "--output", str(output)]) == 0
    data = output.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == "sodra_lappland;2025;4244000;53,64;40;true;2026-03-26;'=SUM(A1)"
    assert lines[2] == "solleftea;2024;;49,37;;false;;Sollefteå"
    capsys.readouterr()
    assert main_sql(arguments) == 0
    printed = capsys.readouterr().out
    assert not printed.startswith("\ufeff") and "sodra_lappland;2025;4244000;53,64" in printed


def test_csv_dialect_goes_with_csv_only(warehouse, capsys):
    assert main_sql([QUERY, "--warehouse", str(warehouse), "--csv-dialect", "sv"]) == 2
    assert "--csv-dialect goes with --format csv" in capsys.readouterr().err
