"""The Comparisons page: one section per KPI, each a chart with its table beneath.

Every figure in a table links to the line its source fact was printed on
(provenance.py); a figure computed from several facts links to the first of
them (the numerator), and its title says how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pipelines.foundation.swedish_format import format_kronor, format_percent, plain
from pipelines.report import tables as t
from pipelines.report.charts import (
    Chart,
    draw,
    grouped_bars,
    heatmap,
    lines_with_rule,
    stacked_shares,
)
from pipelines.report.data import ReportData, Row
from pipelines.report.provenance import Provenance, href
from pipelines.report.tables import ReportTable

FULFILMENT_ORDER = ("met", "partial", "not_met", "unknown")
CHART_YEARS = 3  # the charts show the latest years (the tables every year): 80 federations stay readable
EQUITY_CHART_YEARS = 11  # equity is compared over time
SCENARIO_PREFERENCE = ("outcome", "budget", "plan")


def recent(rows: list[Row], years: int = CHART_YEARS) -> list[Row]:
    """The rows of the latest `years` fiscal years among `rows`."""
    latest = sorted({row["fiscal_year"] for row in rows})[-years:]
    return [row for row in rows if row["fiscal_year"] in latest]


def one_scenario_each(rows: list[Row]) -> set[tuple]:
    """(federation, year, scenario) charted per federation-year: outcome, else budget, else plan."""

    def rank(scenario: str) -> int:
        return SCENARIO_PREFERENCE.index(scenario) if scenario in SCENARIO_PREFERENCE else 9

    best: dict[tuple, str] = {}
    for row in sorted(rows, key=lambda r: rank(r["scenario"])):
        best.setdefault((row["federation_id"], row["fiscal_year"]), row["scenario"])
    return {(*key, scenario) for key, scenario in best.items()}


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
        values = [
            {
                "År": str(r["fiscal_year"]),
                "Förbund": self.data.name(r["federation_id"]),
                "värde": float(r["cost_per_participant_sek"]),
                "beskrivning": self._describe(
                    r, "kostnad per deltagare", format_kronor(r["cost_per_participant_sek"])
                ),
            }
            for r in recent(rows)
            if r.get("cost_per_participant_sek") is not None
        ]
        drawn = self._draw_if(
            chart and values,
            "kostnad-per-deltagare",
            "Kostnad per deltagare (kr)",
            "Stapeldiagram: kostnad per deltagare i kronor per förbund och år.",
            lambda: grouped_bars(values, "År", "värde", "Förbund", "kr per deltagare", ",.0f"),
        )
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
        values = [
            {
                "År": str(r["fiscal_year"]),
                "Förbund": self.data.name(r["federation_id"]),
                "värde": float(r["equity_pct"]),
                "beskrivning": self._describe(
                    r, "eget kapital", format_percent(r["equity_pct"]) + " av medlemsbidragen"
                ),
            }
            for r in recent(rows, EQUITY_CHART_YEARS)
            if r.get("equity_pct") is not None
        ]
        recommended = self.data.recommended_max_pct
        rule_label = f"Rekommenderat högst {plain(format_percent(recommended, None))}" if recommended else ""
        drawn = self._draw_if(
            chart and values,
            "eget-kapital",
            "Eget kapital i procent av medlemsbidragen",
            "Linjediagram: eget kapital i procent av årets medlemsbidrag per förbund och år, "
            f"med den rekommenderade högsta nivån {plain(format_percent(recommended, None))} "
            "som streckad linje.",
            lambda: lines_with_rule(values, recommended, rule_label, "Eget kapital, % av bidragen"),
        )
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
        counts: dict[tuple, int] = {}
        charted = {row["fiscal_year"] for row in recent(rows)}
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
            if row["fiscal_year"] in charted:
                key = (self.data.name(row["federation_id"]), row["fiscal_year"], area, row.get("fulfilment"))
                counts[key] = counts.get(key, 0) + 1
        values = [
            {
                "rad": f"{name} {year} · {area}",
                "status": self.data.sv("fulfilment", status),
                "procent": n,
                "ordning": FULFILMENT_ORDER.index(status) if status in FULFILMENT_ORDER else 9,
                "beskrivning": f"{name} {year}, {area}: {n} indikator{'er' if n != 1 else ''} "
                f"{self.data.sv('fulfilment', status)}",
            }
            for (name, year, area, status), n in sorted(counts.items(), key=lambda kv: tuple(map(str, kv[0])))
        ]
        parts = [self.data.sv("fulfilment", status) for status in FULFILMENT_ORDER]
        drawn = None
        if chart and values:
            spec = stacked_shares(values, "rad", "status", parts, "Antal indikatorer")
            axis = spec["layer"][0]["encoding"]["x"]
            axis.pop("scale")
            axis["axis"] = {"format": "d", "tickMinStep": 1}
            drawn = draw(
                "maluppfyllelse",
                "Indikatorer per målområde och bedömning",
                "Liggande staplar: antal indikatorer per förbund, år och målområde, uppdelat på "
                "uppfylld, delvis uppfylld, ej uppfylld och okänd.",
                spec,
            )
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
        values = []
        charted = {row["fiscal_year"] for row in recent(rows)}
        shown = one_scenario_each(rows)
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
            if (
                row["fiscal_year"] not in charted
                or (row["federation_id"], row["fiscal_year"], scenario) not in shown
            ):
                continue
            label = f"{self.data.name(row['federation_id'])} {row['fiscal_year']} "
            label += self.data.sv("scenario", scenario)
            parts = [
                ("Staten", row.get("state_pct")),
                ("Regionen", row.get("region_pct")),
                ("Kommunerna", row.get("municipalities_pct")),
            ]
            if row.get("region_pct") is None and row.get("municipalities_pct") is None:
                parts[1:] = [("Region och kommuner", row.get("region_municipalities_pct"))]
            for order, (part, share) in enumerate(parts):
                if share is not None:
                    values.append(
                        {
                            "rad": label,
                            "del": part,
                            "procent": float(share),
                            "ordning": order,
                            "beskrivning": f"{label}: {part.lower()} {format_percent(share)}",
                        }
                    )
        drawn = None
        if chart and values:
            drawn = draw(
                "finansiering",
                "Andel av medlemsbidragen per finansiär",
                "Liggande staplar: statens, regionens och kommunernas andel av medlemsbidragen per förbund, "
                "år och scenario; den streckade linjen vid 50 % är statens andel enligt lagen.",
                stacked_shares(
                    values,
                    "rad",
                    "del",
                    ["Staten", "Regionen", "Kommunerna", "Region och kommuner"],
                    "Andel av medlemsbidragen, %",
                    rule=50,
                ),
            )
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
        values = []
        charted = {row["fiscal_year"] for row in recent(rows)}
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
            if (
                row.get("diff_pct") is not None
                and self._is_main_cost_line(code, item)
                and row["fiscal_year"] in charted
            ):
                group = f"{self.data.name(row['federation_id'])} {row['fiscal_year']}"
                values.append(
                    {
                        "rad": group,
                        "kolumn": label,
                        "procent": float(row["diff_pct"]),
                        "etikett": plain(format_percent(row["diff_pct"], 0)),
                        "beskrivning": f"{group}, {label}: {plain(format_percent(row['diff_pct']))} "
                        "mot budget",
                    }
                )
        lines = [self.data.label("budget_line", code) for code in self.data.main_cost_lines]
        drawn = self._draw_if(
            chart and values,
            "budget-mot-utfall",
            "Kostnadsrader: utfall mot budget, %",
            "Rutnät: för varje förbund och år (rader) och kostnadsrad (kolumner) hur mycket utfallet "
            "avviker från budgeten i procent; rött över budget, blått under.",
            lambda: heatmap(
                values,
                "rad",
                "kolumn",
                "procent",
                "etikett",
                [c for c in lines if c in {v["kolumn"] for v in values}],
            ),
        )
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
        values = []
        charted = {row["fiscal_year"] for row in recent(rows)}
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
            if row["fiscal_year"] in charted:
                values.extend(self._exit_parts(row))
        drawn = None
        if chart and values:
            parts = ["Arbete", "Studier", "Arbete eller studier", "Annat"]
            drawn = draw(
                "avslut",
                "Avslut efter vart deltagarna gick, %",
                "Liggande staplar: andel av årets avslut till arbete, till studier och till annat per "
                "förbund och år; där små antal är dolda visas arbete och studier tillsammans.",
                stacked_shares(values, "rad", "del", parts, "Andel av avsluten, %"),
            )
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

    def _exit_parts(self, row: Row) -> list[dict]:
        label = f"{self.data.name(row['federation_id'])} {row['fiscal_year']}"
        work, studies, positive = row.get("work_pct"), row.get("studies_pct"), row.get("positive_exit_pct")
        if work is not None and studies is not None:
            parts = [("Arbete", work), ("Studier", studies)]
            rest = Decimal(100) - work - studies
        elif positive is not None:
            parts = [("Arbete eller studier", positive)]
            rest = Decimal(100) - positive
        else:
            return []
        parts.append(("Annat", rest))
        return [
            {
                "rad": label,
                "del": part,
                "procent": float(share),
                "ordning": order,
                "beskrivning": f"{label}: {part.lower()} {format_percent(share)}",
            }
            for order, (part, share) in enumerate(parts)
        ]

    # --- helpers ------------------------------------------------------------------------
    def _first_fact(self, row: Row, scenario: str, record_type: str, code: str):
        return self.provenance.first_current(
            row["federation_id"], row["fiscal_year"], scenario, record_type, code
        )

    def _is_main_cost_line(self, code: str, item: str) -> bool:
        return not item and code in self.data.main_cost_lines

    def _describe(self, row: Row, what: str, shown: str) -> str:
        return f"{self.data.name(row['federation_id'])} {row['fiscal_year']}: {what} {plain(shown)}"

    @staticmethod
    def _draw_if(condition, chart_id: str, title: str, description: str, spec) -> Chart | None:
        return draw(chart_id, title, description, spec()) if condition else None
