"""Each section's chart, from the section's rows alone.

A chart needs no link to a document's line, so a build can make the charts
of the pages it renders (and start drawing them, charts.ChartDrawer) before
it reads where each fact was printed; the sections (sections.py) make the
same charts again beside their tables. The charts show the latest years, the
tables every year, so that 80 federations stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from pipelines.foundation.swedish_format import format_kronor, format_percent, plain
from pipelines.report.charts import Chart, draw, grouped_bars, heatmap, lines_with_rule, stacked_shares
from pipelines.report.data import ReportData, Row

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


class SectionCharts:
    """The chart of each section (None when it has nothing to show), made from the report's data."""

    def __init__(self, data: ReportData):
        self.data = data

    def cost_per_participant(self, rows: list[Row]) -> Chart | None:
        values = self._per_federation_and_year(
            recent(rows), "cost_per_participant_sek", "kostnad per deltagare", format_kronor
        )
        if not values:
            return None
        return draw(
            "kostnad-per-deltagare",
            "Kostnad per deltagare (kr)",
            "Stapeldiagram: kostnad per deltagare i kronor per förbund och år.",
            grouped_bars(values, "År", "värde", "Förbund", "kr per deltagare", ",.0f"),
        )

    def equity(self, rows: list[Row]) -> Chart | None:
        values = self._per_federation_and_year(
            recent(rows, EQUITY_CHART_YEARS),
            "equity_pct",
            "eget kapital",
            lambda share: format_percent(share) + " av medlemsbidragen",
        )
        if not values:
            return None
        recommended = self.data.recommended_max_pct
        rule_label = f"Rekommenderat högst {plain(format_percent(recommended, None))}" if recommended else ""
        return draw(
            "eget-kapital",
            "Eget kapital i procent av medlemsbidragen",
            "Linjediagram: eget kapital i procent av årets medlemsbidrag per förbund och år, "
            f"med den rekommenderade högsta nivån {plain(format_percent(recommended, None))} "
            "som streckad linje.",
            lines_with_rule(values, recommended, rule_label, "Eget kapital, % av bidragen"),
        )

    def goal_fulfilment(self, rows: list[Row]) -> Chart | None:
        counts: dict[tuple, int] = {}
        for row in recent(rows):
            area = self.data.sv("goal_area", row.get("goal_area"))
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
        if not values:
            return None
        parts = [self.data.sv("fulfilment", status) for status in FULFILMENT_ORDER]
        spec = stacked_shares(values, "rad", "status", parts, "Antal indikatorer")
        axis = spec["layer"][0]["encoding"]["x"]
        axis.pop("scale")
        axis["axis"] = {"format": "d", "tickMinStep": 1}
        return draw(
            "maluppfyllelse",
            "Indikatorer per målområde och bedömning",
            "Liggande staplar: antal indikatorer per förbund, år och målområde, uppdelat på "
            "uppfylld, delvis uppfylld, ej uppfylld och okänd.",
            spec,
        )

    def financing(self, rows: list[Row]) -> Chart | None:
        values = []
        shown = one_scenario_each(rows)
        for row in recent(rows):
            scenario = row["scenario"]
            if (row["federation_id"], row["fiscal_year"], scenario) not in shown:
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
        if not values:
            return None
        return draw(
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

    def budget_vs_outcome(self, rows: list[Row]) -> Chart | None:
        values = []
        for row in recent(rows):
            code, item = row["code"], row.get("item") or ""
            if row.get("diff_pct") is None or item or code not in self.data.main_cost_lines:
                continue
            label = self.data.label("budget_line", code, item, row["federation_id"])
            group = f"{self.data.name(row['federation_id'])} {row['fiscal_year']}"
            values.append(
                {
                    "rad": group,
                    "kolumn": label,
                    "procent": float(row["diff_pct"]),
                    "etikett": plain(format_percent(row["diff_pct"], 0)),
                    "beskrivning": f"{group}, {label}: {plain(format_percent(row['diff_pct']))} mot budget",
                }
            )
        if not values:
            return None
        shown = {value["kolumn"] for value in values}
        lines = [self.data.label("budget_line", code) for code in self.data.main_cost_lines]
        return draw(
            "budget-mot-utfall",
            "Kostnadsrader: utfall mot budget, %",
            "Rutnät: för varje förbund och år (rader) och kostnadsrad (kolumner) hur mycket utfallet "
            "avviker från budgeten i procent; rött över budget, blått under.",
            heatmap(
                values,
                "rad",
                "kolumn",
                "procent",
                "etikett",
                [line for line in lines if line in shown],
            ),
        )

    def exits(self, rows: list[Row]) -> Chart | None:
        values = [part for row in recent(rows) for part in self._exit_parts(row)]
        if not values:
            return None
        parts = ["Arbete", "Studier", "Arbete eller studier", "Annat"]
        return draw(
            "avslut",
            "Avslut efter vart deltagarna gick, %",
            "Liggande staplar: andel av årets avslut till arbete, till studier och till annat per "
            "förbund och år; där små antal är dolda visas arbete och studier tillsammans.",
            stacked_shares(values, "rad", "del", parts, "Andel av avsluten, %"),
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

    def _per_federation_and_year(
        self, rows: list[Row], column: str, what: str, shown: Callable[[Decimal], str]
    ) -> list[dict]:
        """A value per federation and year of `column`, described in words for screen readers."""
        return [
            {
                "År": str(row["fiscal_year"]),
                "Förbund": self.data.name(row["federation_id"]),
                "värde": float(row[column]),
                "beskrivning": f"{self.data.name(row['federation_id'])} {row['fiscal_year']}: "
                f"{what} {plain(shown(row[column]))}",
            }
            for row in rows
            if row.get(column) is not None
        ]
