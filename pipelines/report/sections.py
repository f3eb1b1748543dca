"""The Comparisons page: one section per KPI, each a chart (section_charts.py) with its table beneath.

Every figure in a table links to the line its source fact was printed on
(provenance.py); a figure computed from several facts links to the first of
them (the numerator), and its title says how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.report import tables as t
from pipelines.report.charts import Chart
from pipelines.report.data import ReportData, Row
from pipelines.report.provenance import Provenance, href
from pipelines.report.section_charts import SectionCharts
from pipelines.report.tables import ReportTable


@dataclass
class Section:
    section_id: str
    title: str
    lead: str
    chart: Chart | None
    table: ReportTable
    note: str = ""


class SectionBuilder:
    """Sections for the whole report (prefix '') or one federation's page (prefix '../')."""

    def __init__(self, data: ReportData, provenance: Provenance, prefix: str = ""):
        self.data = data
        self.provenance = provenance
        self.prefix = prefix
        self.charts = SectionCharts(data)

    def link(self, row: Row, scenario: str, record_type: str, code: str | None, item: str = "") -> str | None:
        if not code:
            return None
        fact = self.provenance.current(
            row["federation_id"], row["fiscal_year"], scenario, record_type, code, item
        )
        return href(fact, self.prefix)

    def federation_cell(self, row: Row) -> t.Cell:
        name = self.data.name(row["federation_id"])
        return t.Cell(name, row["federation_id"], f"{self.prefix}forbund/{row['federation_id']}.html")

    # --- cost per participant -------------------------------------------------------------
    def cost_per_participant(self, rows: list[Row], chart: bool = True) -> Section:
        table = ReportTable(
            "kostnad-per-deltagare",
            "Kostnad per deltagare per förbund och år",
            [
                "Förbund",
                "År",
                "Totala kostnader",
                "Deltagare",
                "Kostnad per deltagare",
                "Individinsatser",
                "Individinsatser per deltagare",
            ],
            source="marts.rpt_cost_per_participant",
        )
        per_participant = "Beräknat: totala kostnader / deltagare"
        for row in rows:
            costs = self.link(row, "outcome", "budget_line", "total_costs")
            individual = self.link(row, "outcome", "statement", "cd_individual")
            table.rows.append(
                [
                    self.federation_cell(row),
                    t.text(row["fiscal_year"]),
                    t.kronor(row, "total_costs_sek", costs),
                    t.count(
                        row, "participants", self.link(row, "outcome", "participants", "participants_total")
                    ),
                    t.kronor(row, "cost_per_participant_sek", costs, per_participant),
                    t.kronor(row, "individual_costs_sek", individual),
                    t.kronor(row, "individual_cost_per_participant_sek", individual, per_participant),
                ]
            )
        drawn = self.charts.cost_per_participant(rows) if chart else None
        return Section(
            "kostnad",
            "Kostnad per deltagare",
            "Årets totala kostnader (utfall) delat med antalet inskrivna deltagare; också för kostnaderna "
            "för individinriktade insatser.",
            drawn,
            table,
        )

    # --- equity ---------------------------------------------------------------------------
    def equity(self, rows: list[Row], chart: bool = True) -> Section:
        table = ReportTable(
            "eget-kapital",
            "Eget kapital i procent av medlemsbidragen, mot rekommendationen",
            [
                "Förbund",
                "År",
                "Eget kapital",
                "Medlemsbidrag",
                "Eget kapital %",
                "Rekommenderat högst",
                "Över rekommendationen",
                "Soliditet %",
            ],
            source="marts.rpt_equity",
        )
        for row in rows:
            basis = row.get("equity_basis")
            equity = self.link(
                row, "outcome", "statement" if basis == "br_equity_total" else "budget_line", basis
            )
            contributions = (
                self.link(row, "outcome", "budget_line", "contributions_total")
                if row.get("contributions_basis") == "printed_total"
                else self.link(row, "outcome", "budget_line", "contribution_state")
            )
            cells = [
                self.federation_cell(row),
                t.text(row["fiscal_year"]),
                t.kronor(row, "equity_sek", equity, self.data.sv("basis", basis)),
                t.kronor(
                    row,
                    "contributions_sek",
                    contributions,
                    self.data.sv("basis", row.get("contributions_basis")),
                ),
                t.percent(row, "equity_pct", equity, "Beräknat: eget kapital / medlemsbidrag × 100"),
                t.percent(row, "recommended_max_pct"),
                t.yes_no(row, "exceeds_recommendation"),
                t.percent(
                    row,
                    "soliditet_pct",
                    self.link(row, "outcome", "statement", "br_assets_total"),
                    "Beräknat: eget kapital / summa tillgångar × 100",
                ),
            ]
            table.rows.append(cells)
        drawn = self.charts.equity(rows) if chart else None
        return Section(
            "eget-kapital",
            "Eget kapital mot rekommendationen",
            "Eget kapital vid årets slut i procent av årets medlemsbidrag, jämfört med den rekommenderade "
            "högsta nivån (streckad linje).",
            drawn,
            table,
        )

    # --- goal fulfilment ------------------------------------------------------------------
    def goal_fulfilment(self, rows: list[Row], chart: bool = True) -> Section:
        table = ReportTable(
            "maluppfyllelse",
            "Måluppfyllelse per indikator och målområde",
            ["Förbund", "År", "Målområde", "Indikator", "Målvärde", "Utfall", "Enhet", "Uppfyllelse"],
            source="marts.rpt_indicator_status",
        )
        for row in rows:
            item = row["item"]
            target = next(
                (
                    href
                    for scenario in ("outcome", "budget", "plan")
                    if (href := self.link(row, scenario, "indicator", "target", item))
                ),
                None,
            )
            actual = self.link(row, "outcome", "indicator", "actual", item)
            unit = row.get("unit")
            number = t.percent if unit == "pct" else t.count
            area = self.data.sv("goal_area", row.get("goal_area"))
            table.rows.append(
                [
                    self.federation_cell(row),
                    t.text(row["fiscal_year"]),
                    t.Cell(area, row.get("goal_area")),
                    t.text(row.get("indicator")),
                    number(row, "target", target),
                    number(row, "actual", actual),
                    t.Cell(self.data.sv("unit", unit), unit),
                    t.Cell(self.data.sv("fulfilment", row.get("fulfilment")), row.get("fulfilment")),
                ]
            )
        drawn = self.charts.goal_fulfilment(rows) if chart else None
        return Section(
            "maluppfyllelse",
            "Måluppfyllelse per målområde",
            "Varje indikator bedöms som uppfylld (utfall minst målvärdet eller dokumentets egen bedömning), "
            "delvis uppfylld, ej uppfylld eller okänd (inget utfall).",
            drawn,
            table,
        )

    # --- financing split ------------------------------------------------------------------
    def financing(self, rows: list[Row], chart: bool = True) -> Section:
        table = ReportTable(
            "finansiering",
            "Finansieringsfördelning mot lagens 50 / 25 / 25",
            [
                "Förbund",
                "År",
                "Scenario",
                "Medlemsbidrag",
                "Staten %",
                "Regionen %",
                "Kommunerna %",
                "Region och kommuner %",
                "Avviker från 50/25/25",
            ],
            source="marts.rpt_financing_split",
        )
        for row in rows:
            scenario = row["scenario"]
            first_municipality = self._first_fact(row, scenario, "budget_line", "contribution_municipality")
            table.rows.append(
                [
                    self.federation_cell(row),
                    t.text(row["fiscal_year"]),
                    t.Cell(self.data.sv("scenario", scenario), scenario),
                    t.kronor(
                        row,
                        "contributions_sek",
                        self.link(row, scenario, "budget_line", "contributions_total"),
                    ),
                    t.percent(
                        row, "state_pct", self.link(row, scenario, "budget_line", "contribution_state")
                    ),
                    t.percent(
                        row, "region_pct", self.link(row, scenario, "budget_line", "contribution_region")
                    ),
                    t.percent(
                        row,
                        "municipalities_pct",
                        href(first_municipality, self.prefix),
                        "Summan av kommunernas bidrag; länken går till den första kommunens rad",
                    ),
                    t.percent(
                        row,
                        "region_municipalities_pct",
                        self.link(row, scenario, "budget_line", "contribution_region_municipalities"),
                    ),
                    t.yes_no(row, "deviates_from_statute"),
                ]
            )
        drawn = self.charts.financing(rows) if chart else None
        return Section(
            "finansiering",
            "Finansiering mot 50 / 25 / 25",
            "Staten betalar hälften, regionen och kommunerna en fjärdedel var (lag 2003:1210). "
            "En andel som avviker mer än en procentenhet flaggas.",
            drawn,
            table,
        )

    # --- budget against outcome -----------------------------------------------------------
    def budget_vs_outcome(self, rows: list[Row], chart: bool = True) -> Section:
        table = ReportTable(
            "budget-mot-utfall",
            "Budget mot utfall per rad",
            ["Förbund", "År", "Rad", "Budget", "Utfall", "Avvikelse", "Avvikelse %"],
            source="marts.rpt_budget_vs_outcome",
        )
        for row in rows:
            code, item = row["code"], row.get("item") or ""
            label = self.data.label("budget_line", code, item, row["federation_id"])
            outcome = self.link(row, "outcome", "budget_line", code, item)
            table.rows.append(
                [
                    self.federation_cell(row),
                    t.text(row["fiscal_year"]),
                    t.Cell(label, f"{code}:{item}" if item else code),
                    t.kronor(row, "budget_sek", self.link(row, "budget", "budget_line", code, item)),
                    t.kronor(row, "outcome_sek", outcome),
                    t.kronor(row, "diff_sek", outcome, "Beräknat: utfall − budget"),
                    t.percent(row, "diff_pct", outcome, "Beräknat: (utfall − budget) / budget × 100"),
                ]
            )
        drawn = self.charts.budget_vs_outcome(rows) if chart else None
        return Section(
            "budget",
            "Budget mot utfall",
            "Utfall minus budget per rad och år, i kronor och i procent av budgeten. Diagrammet visar "
            "kostnadsraderna; tabellen alla rader med både budget och utfall.",
            drawn,
            table,
        )

    # --- exits ----------------------------------------------------------------------------
    def exits(self, rows: list[Row], chart: bool = True) -> Section:
        table = ReportTable(
            "avslut",
            "Avslut till arbete, studier och annat",
            [
                "Förbund",
                "År",
                "Avslut",
                "Till arbete",
                "Till studier",
                "Arbete %",
                "Studier %",
                "Arbete eller studier %",
            ],
            source="marts.rpt_exit_outcomes",
        )
        for row in rows:
            exits = self.link(row, "outcome", "outcome", "exits_total")
            table.rows.append(
                [
                    self.federation_cell(row),
                    t.text(row["fiscal_year"]),
                    t.count(row, "exits", exits),
                    t.count(row, "exits_to_work", self.link(row, "outcome", "outcome", "work_unsubsidized")),
                    t.count(row, "exits_to_studies", self.link(row, "outcome", "outcome", "studies")),
                    t.percent(row, "work_pct", exits),
                    t.percent(row, "studies_pct", exits),
                    t.percent(
                        row,
                        "positive_exit_pct",
                        exits,
                        "Beräknat: avslut till arbete eller studier / alla avslut",
                    ),
                ]
            )
        drawn = self.charts.exits(rows) if chart else None
        note = ""
        if any(t.hidden_columns(row) for row in rows):
            note = (
                "Antal under 5 och andelar av färre än 10 personer är dolda (”dolt”) precis som i "
                "NNS-exporten; där arbete och studier var för sig är dolda visar diagrammet dem tillsammans."
            )
        return Section(
            "avslut",
            "Avslut till arbete, studier och annat",
            "Andel av årets avslutade deltagare som gick till arbete, till studier eller till annat.",
            drawn,
            table,
            note,
        )

    def _first_fact(self, row: Row, scenario: str, record_type: str, code: str):
        return self.provenance.first_current(
            row["federation_id"], row["fiscal_year"], scenario, record_type, code
        )
