"""The KPI summary printed after a refresh: one line per federation and year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pipelines.foundation.warehouse_file import connect_reader

SUMMARY_COLUMNS = (
    ("federation_id", "federation"),
    ("fiscal_year", "year"),
    ("cost_per_participant_sek", "cost/participant"),
    ("individual_cost_per_participant_sek", "indiv. cost/part."),
    ("equity_pct", "equity %"),
    ("soliditet_pct", "soliditet %"),
    ("fulfilment_pct", "goals %"),
    ("state_pct", "state %"),
    ("region_municipalities_pct", "reg+mun %"),
    ("total_costs_diff_sek", "costs vs budget"),
    ("positive_exit_pct", "positive exits %"),
)


def kpi_rows(warehouse: Path, fiscal_year: int | None = None) -> tuple[list[str], list[tuple]]:
    with connect_reader(warehouse) as connection:
        available = {
            name
            for (name,) in connection.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'rpt_federation_year'"
            ).fetchall()
        }
        columns = [(name, label) for name, label in SUMMARY_COLUMNS if name in available]
        where = "where fiscal_year = ?" if fiscal_year else ""
        rows = connection.execute(
            f"select {', '.join(name for name, _ in columns)} from marts.rpt_federation_year "
            f"{where} order by federation_id, fiscal_year",
            [fiscal_year] if fiscal_year else [],
        ).fetchall()
    return [label for _, label in columns], rows


def format_table(headers: list[str], rows: list[tuple]) -> str:
    cells = [headers] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal) and value.as_tuple().exponent < 0:
        return f"{value:.2f}"
    if isinstance(value, int | Decimal):
        return f"{int(value):,}".replace(",", " ") if abs(value) >= 10000 else str(int(value))
    return str(value)
