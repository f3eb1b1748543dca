"""The Overview, the federation pages and the document views, as data for the templates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from pipelines.foundation.swedish_format import format_kronor, format_percent, format_points
from pipelines.foundation.warehouse_file import table_exists
from pipelines.report import tables as t
from pipelines.report.charts import Chart
from pipelines.report.data import ReportData, Row
from pipelines.report.provenance import DocumentView, FactVersion, Provenance, document_page, line_anchor
from pipelines.report.section_charts import SectionCharts
from pipelines.report.sections import Section, SectionBuilder
from pipelines.report.tables import ReportTable

COSTS_ABOVE_BUDGET_PCT = Decimal(5)  # the Overview flags costs more than this far above budget
OUTCOME_KPIS = ("cost_per_participant_sek", "equity_pct", "fulfilment_pct", "total_costs_diff_sek", "exits")
REVIEW_TABLE = "ops.extraction_review"
REVIEW_COLUMNS = ("source_file", "source_line", "raw_label", "raw_values", "reason", "fiscal_year")


@dataclass
class FederationPage:
    federation_id: str
    name: str
    full_name: str
    kpis: ReportTable
    sections: list[Section]
    documents: list[DocumentView]
    status_counts: dict[str, Counter]
    conflicts: list[FactVersion]
    review: ReportTable | None  # None: the warehouse has no ops.extraction_review


# --- Overview ---------------------------------------------------------------------------------
def overview(data: ReportData, provenance: Provenance) -> ReportTable:
    """A row per federation: its latest year with outcome figures, the change from the year before, flags."""
    table = ReportTable(
        "oversikt",
        "Senaste året per förbund",
        [
            "Förbund",
            "År",
            "Kostnad per deltagare",
            "Förändring",
            "Eget kapital %",
            "Förändring",
            "Måluppfyllelse %",
            "Förändring",
            "Staten %",
            "Region och kommuner %",
            "Kostnader mot budget %",
            "Positiva avslut %",
            "Förändring",
            "Att titta på",
        ],
        source="marts.rpt_federation_year",
    )
    builder = SectionBuilder(data, provenance)
    by_federation: dict[str, list[Row]] = {}
    for row in data.rows("rpt_federation_year"):
        by_federation.setdefault(row["federation_id"], []).append(row)
    for federation_id, rows in sorted(by_federation.items(), key=lambda item: data.name(item[0])):
        latest = _latest(rows)
        before = next((r for r in rows if r["fiscal_year"] == latest["fiscal_year"] - 1), None)
        flags = flags_of(latest)
        costs = builder.link(latest, "outcome", "budget_line", "total_costs")
        equity = builder.link(latest, "outcome", "statement", "br_equity_total") or builder.link(
            latest, "outcome", "budget_line", "equity_closing"
        )
        scenario = latest.get("financing_scenario") or "outcome"
        table.rows.append(
            [
                builder.federation_cell(latest),
                t.text(latest["fiscal_year"]),
                t.kronor(latest, "cost_per_participant_sek", costs, "Beräknat: totala kostnader / deltagare"),
                _change(latest, before, "cost_per_participant_sek", format_kronor),
                t.percent(latest, "equity_pct", equity, "Beräknat: eget kapital / medlemsbidrag × 100"),
                _change(latest, before, "equity_pct", format_points),
                t.percent(
                    latest,
                    "fulfilment_pct",
                    f"forbund/{federation_id}.html#maluppfyllelse",
                    "Beräknat ur förbundets indikatorer",
                ),
                _change(latest, before, "fulfilment_pct", format_points),
                t.percent(
                    latest, "state_pct", builder.link(latest, scenario, "budget_line", "contribution_state")
                ),
                t.percent(
                    latest,
                    "region_municipalities_pct",
                    builder.link(latest, scenario, "budget_line", "contribution_region")
                    or builder.link(latest, scenario, "budget_line", "contribution_region_municipalities"),
                ),
                t.percent(
                    latest, "total_costs_diff_pct", costs, "Beräknat: (utfall − budget) / budget × 100"
                ),
                t.percent(
                    latest, "positive_exit_pct", builder.link(latest, "outcome", "outcome", "exits_total")
                ),
                _change(latest, before, "positive_exit_pct", format_points),
                t.Cell("; ".join(flags) if flags else "–", len(flags), flagged=bool(flags)),
            ]
        )
    return table


def flags_of(row: Row) -> list[str]:
    """What is outside its norm: equity over the recommendation, financing off 50/25/25, costs over budget."""
    flags = []
    if row.get("exceeds_recommendation"):
        flags.append(
            f"eget kapital {format_percent(row['equity_pct'])} över rekommenderat högst "
            f"{format_percent(row['recommended_max_pct'], None)}"
        )
    if row.get("deviates_from_statute"):
        flags.append("finansieringen avviker från 50/25/25")
    diff = row.get("total_costs_diff_pct")
    if diff is not None and diff > COSTS_ABOVE_BUDGET_PCT:
        flags.append(f"kostnaderna {format_percent(diff)} över budget")
    return flags


def _latest(rows: list[Row]) -> Row:
    with_outcome = [r for r in rows if any(r.get(kpi) is not None for kpi in OUTCOME_KPIS)]
    return max(with_outcome or rows, key=lambda r: r["fiscal_year"])


def _change(latest: Row, before: Row | None, column: str, formatter) -> t.Cell:
    if before is None or column in t.hidden_columns(latest) or column in t.hidden_columns(before):
        return t.Cell("–", None, numeric=True)
    now, then = latest.get(column), before.get(column)
    if now is None or then is None:
        return t.Cell("–", None, numeric=True)
    difference = now - then
    shown = formatter(difference)
    if formatter is format_kronor and difference > 0:
        shown = "+" + shown
    return t.Cell(shown, difference, title=f"mot {before['fiscal_year']}", numeric=True)


# --- federation pages -------------------------------------------------------------------------
def federation_page(
    data: ReportData, provenance: Provenance, federation_id: str, review: ReviewRows | None
) -> FederationPage:
    """A federation's page; `review` is every federation's review list (read_review), None without one."""
    builder = SectionBuilder(data, provenance, prefix="../")
    federation = next(f for f in data.federations if f.federation_id == federation_id)
    rows = data.rows("rpt_federation_year", federation_id)
    kpis = ReportTable(
        f"{federation_id}-nyckeltal",
        f"Nyckeltal per år, {federation.name}",
        [
            "År",
            "Kostnad per deltagare",
            "Eget kapital %",
            "Soliditet %",
            "Måluppfyllelse %",
            "Staten %",
            "Region och kommuner %",
            "Kostnader mot budget",
            "Positiva avslut %",
            "Att titta på",
        ],
        source="marts.rpt_federation_year",
    )
    for row in rows:
        scenario = row.get("financing_scenario") or "outcome"
        costs = builder.link(row, "outcome", "budget_line", "total_costs")
        equity = builder.link(row, "outcome", "statement", "br_equity_total") or builder.link(
            row, "outcome", "budget_line", "equity_closing"
        )
        flags = flags_of(row)
        kpis.rows.append(
            [
                t.text(row["fiscal_year"]),
                t.kronor(row, "cost_per_participant_sek", costs),
                t.percent(row, "equity_pct", equity),
                t.percent(row, "soliditet_pct", builder.link(row, "outcome", "statement", "br_assets_total")),
                t.percent(row, "fulfilment_pct", "#maluppfyllelse"),
                t.percent(row, "state_pct", builder.link(row, scenario, "budget_line", "contribution_state")),
                t.percent(
                    row,
                    "region_municipalities_pct",
                    builder.link(row, scenario, "budget_line", "contribution_region")
                    or builder.link(row, scenario, "budget_line", "contribution_region_municipalities"),
                ),
                t.kronor(row, "total_costs_diff_sek", costs, "utfall − budget, summa kostnader"),
                t.percent(row, "positive_exit_pct", builder.link(row, "outcome", "outcome", "exits_total")),
                t.Cell("; ".join(flags) if flags else "–", len(flags), flagged=bool(flags)),
            ]
        )
    sections = [
        builder.equity(data.rows("rpt_equity", federation_id)),
        builder.cost_per_participant(data.rows("rpt_cost_per_participant", federation_id), chart=False),
        builder.goal_fulfilment(data.rows("rpt_indicator_status", federation_id), chart=False),
        builder.financing(data.rows("rpt_financing_split", federation_id), chart=False),
        builder.budget_vs_outcome(data.rows("rpt_budget_vs_outcome", federation_id), chart=False),
        builder.exits(data.rows("rpt_exit_outcomes", federation_id), chart=False),
    ]
    for section in sections:
        section.table.table_id = f"{federation_id}-{section.table.table_id}"
    documents = provenance.documents_of(federation_id)
    return FederationPage(
        federation_id,
        federation.name,
        federation.full_name,
        kpis,
        sections,
        documents,
        {d.source_file: d.status_counts for d in documents},
        provenance.conflicts_of(federation_id),
        review_table(review, federation_id),
    )


def federation_charts(charts: SectionCharts, data: ReportData, federation_id: str) -> list[Chart | None]:
    """The charts a federation's page shows (its equity over the years), as federation_page makes them."""
    return [charts.equity(data.rows("rpt_equity", federation_id))]


ReviewRows = dict[str, list[tuple]]  # federation_id -> its REVIEW_COLUMNS rows, by file and line


def read_review(connection: duckdb.DuckDBPyConnection) -> ReviewRows | None:
    """Every federation's figures the extractor could not place, in one query; None without the table.

    Ordered by file and line as the page lists them, then by the other
    columns, so that two figures of one line are always listed alike.
    """
    if not table_exists(connection, REVIEW_TABLE):
        return None
    found: ReviewRows = {}
    for federation_id, *row in connection.execute(
        f"select federation_id, {', '.join(REVIEW_COLUMNS)} from {REVIEW_TABLE} "
        f"order by federation_id, {', '.join(REVIEW_COLUMNS)}"
    ).fetchall():
        found.setdefault(federation_id, []).append(tuple(row))
    return found


def review_table(review: ReviewRows | None, federation_id: str) -> ReportTable | None:
    """Figures the extractor could not place (ops.extraction_review), when the warehouse has that table."""
    if review is None:
        return None
    table = ReportTable(
        f"{federation_id}-granskning",
        "Siffror som inte kunde placeras",
        ["Dokument", "Rad", "Tryckt rubrik", "Tryckta värden", "Varför", "År"],
        source=REVIEW_TABLE,
    )
    for source_file, source_line, label, values, reason, year in review.get(federation_id, []):
        href = (
            f"../{_page_of(federation_id, source_file)}#{line_anchor(str(source_line))}"
            if source_line
            else None
        )
        table.rows.append(
            [
                t.text(source_file),
                t.text(source_line, href),
                t.text(label),
                t.text(values),
                t.text(reason),
                t.text(year),
            ]
        )
    return table


def _page_of(federation_id: str, source_file: str) -> str:
    return document_page(federation_id, source_file)
