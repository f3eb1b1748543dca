"""What the report shows, read from the warehouse with small counts hidden as the NNS export hides them.

Every mart passes through `suppressed_marts` (pipelines/export), one fiscal
year at a time, the same call the export makes; the report keeps the rows of
the reports it draws and, of `fct_fact_versions`, only which cells were hidden.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.export.package import exit_categories, exported_tables, suppressed_marts
from pipelines.export.reuse import ExportInputs, year_digests
from pipelines.foundation.shared_text import SharedText
from pipelines.foundation.swedish_format import short_federation_name

REPORT_TABLES = (
    "rpt_federation_year",
    "rpt_cost_per_participant",
    "rpt_equity",
    "rpt_goal_fulfilment",
    "rpt_indicator_status",
    "rpt_financing_split",
    "rpt_budget_vs_outcome",
    "rpt_exit_outcomes",
)
Row = dict[str, Any]  # one mart row, columns as the contract names them
READ_COLUMNS = {"fct_fact_versions": ["fact_version_id", "suppressed"]}  # of a table the report reads in part


@dataclass(frozen=True)
class Federation:
    federation_id: str
    name: str  # short: "Södra Lappland"
    full_name: str
    county: str | None


@dataclass
class ReportData:
    federations: list[Federation]
    tables: dict[str, list[Row]]  # REPORT_TABLES, suppressed, every year
    hidden_facts: dict[str, dict[str, str]]  # fact_version_id -> hidden column -> why
    code_labels: dict[tuple[str, str], str]  # (record_type, code) -> label_sv
    main_cost_lines: list[str]  # total_costs and the budget lines that sum into it, in the seed's order
    member_names: dict[tuple[str, str], str]  # (federation_id, member_id) -> name_sv
    value_labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (domain, value) -> label_sv
    recommended_max_pct: Decimal | None = None
    years: list[int] = field(default_factory=list)

    def rows(self, table: str, federation_id: str | None = None) -> list[Row]:
        if federation_id is None:
            return self.tables.get(table, [])
        return self.rows_by_federation.get((table, federation_id), [])

    def name(self, federation_id: str) -> str:
        return self._names.get(federation_id, federation_id)

    @cached_property
    def rows_by_federation(self) -> dict[tuple[str, str], list[Row]]:
        """(table, federation) -> its rows in the table's order: a page per federation reads its own."""
        found: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for table, rows in self.tables.items():
            for row in rows:
                found[(table, row["federation_id"])].append(row)
        return dict(found)

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for federation in self.federations:
            names.setdefault(federation.federation_id, federation.name)  # the first, as a search would
        return names

    def sv(self, domain: str, value: str | None) -> str:
        """The Swedish word for a code value (seeds/value_labels.csv): outcome -> utfall."""
        return self.value_labels.get((domain, value or ""), value or "")

    def label(self, record_type: str, code: str, item: str = "", federation_id: str | None = None) -> str:
        """The Swedish label of a code; for a member or an intervention, its name."""
        if item:
            member = self.member_names.get((federation_id or "", item))
            return member or item.replace("_", " ").capitalize()
        return self.code_labels.get((record_type, code), code)


def read_report_data(connection: duckdb.DuckDBPyConnection, export: Path | None = None) -> ReportData:
    """The report's rows, each mart's small counts hidden as the NNS export hides them.

    `export` is the NNS export this refresh wrote: a year it wrote from the
    rows the warehouse holds now is read from its Parquet files (the same
    suppressed tables, without suppressing them again); other years are
    suppressed here.
    """
    tables = exported_tables(connection)
    categories = exit_categories(connection)
    kept: dict[str, list[Row]] = defaultdict(list)
    hidden: dict[str, dict[str, str]] = {}
    digests = year_digests(connection, tables)
    exported = ExportInputs.of(export)
    written = exported.years if exported is not None else {}
    years = list(digests)
    shared = SharedText()  # the rows are kept for the whole build: one object per repeated text
    for year in years:
        if written.get(year) == digests[year]:
            marts = _exported_year(export / str(year), [*REPORT_TABLES, "fct_fact_versions"])
        else:
            marts = suppressed_marts(connection, year, tables, categories)
        for name in REPORT_TABLES:
            if name in marts:
                kept[name].extend(shared.records(marts[name].to_pylist()))
        if "fct_fact_versions" in marts:
            hidden.update(_hidden_cells(marts["fct_fact_versions"]))
    for rows in kept.values():
        rows.sort(key=lambda row: (row["federation_id"], row["fiscal_year"], *map(str, row.values())))
    recommended = next(
        (r["recommended_max_pct"] for r in kept["rpt_federation_year"] if r.get("recommended_max_pct")), None
    )
    return ReportData(
        federations=_federations(connection),
        tables=dict(kept),
        hidden_facts=hidden,
        code_labels=_code_labels(connection),
        main_cost_lines=_main_cost_lines(connection),
        member_names=_member_names(connection),
        value_labels=_value_labels(connection),
        recommended_max_pct=recommended,
        years=years,
    )


def _exported_year(folder: Path, tables: list[str]) -> dict[str, pa.Table]:
    """The export's tables of one year (a table without rows that year has no file).

    Of fct_fact_versions only which cells were hidden is read (READ_COLUMNS):
    its other columns held some 60 MB for no page.
    """
    return {
        table: pq.read_table(folder / f"{table}.parquet", columns=READ_COLUMNS.get(table))
        for table in tables
        if (folder / f"{table}.parquet").exists()
    }


def _hidden_cells(table) -> dict[str, dict[str, str]]:
    notes = table.column("suppressed").to_pylist()
    ids = table.column("fact_version_id").to_pylist()
    hidden = {}
    for fact_version_id, note in zip(ids, notes, strict=True):
        if note:
            hidden[fact_version_id] = dict(part.split(":", 1) for part in note.split())
    return hidden


def _federations(connection) -> list[Federation]:
    rows = connection.execute(
        """
        select federation_id, any_value(name_sv), any_value(county)
        from marts.dim_federations group by federation_id order by federation_id
        """
    ).fetchall()
    return [
        Federation(fid, short_federation_name(name, fid), name or fid, county) for fid, name, county in rows
    ]


def _code_labels(connection) -> dict[tuple[str, str], str]:
    rows = connection.execute("select record_type, code, label_sv from reference.codes").fetchall()
    return {(record_type, code): label for record_type, code, label in rows if label}


def _member_names(connection) -> dict[tuple[str, str], str]:
    rows = connection.execute(
        "select distinct federation_id, member_id, name_sv from marts.dim_members"
    ).fetchall()
    return {(fid, member): name for fid, member, name in rows if name}


def _value_labels(connection) -> dict[tuple[str, str], str]:
    rows = connection.execute("select domain, value, label_sv from reference.value_labels").fetchall()
    return {(domain, value): label for domain, value, label in rows}


def _main_cost_lines(connection) -> list[str]:
    rows = connection.execute(
        "select code from reference.codes where record_type = 'budget_line' "
        "and (code = 'total_costs' or usual_parent = 'total_costs')"
    ).fetchall()
    codes = [code for (code,) in rows]
    return sorted(codes, key=lambda code: code != "total_costs")
