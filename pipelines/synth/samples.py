"""The bundled sample's workbook, Word file and scan, made from the sample's own transcribed figures.

    .venv/bin/python -m pipelines.synth.samples [LANDING]

So `make run` exercises every reader, landing/ holds one document per new
format, each built here from a hand transcription already in landing/ (the
figures are the documents' facts; the layout is ours):

- `sodra_lappland/sodra-lappland_budget-2024.xlsx`: Södra Lappland's revised
  2024 budget and plan, the years as columns, a formula for each total of its
  parts (`xlsx`);
- `sodra_lappland/sodra-lappland_arsredovisning-2025_utdrag.docx`: Södra
  Lappland's 2025 statements as Word tables, headings merged (`docx_merged`);
- `sodra_lappland/sodra-lappland_arsredovisning-2025_skannad.pdf`: the same
  statements typeset and scanned at 300 dpi (`scan_300`).

Same transcriptions, same bytes (the files carry no clock), so re-running it
changes nothing a refresh would notice.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipelines.extract.model import ExtractedFact
from pipelines.synth.document import Cell, Document, Prose, Row, Table
from pipelines.synth.layouts import LAYOUTS

_TITLES = {
    "kf": "1.1 Flerårsöversikt",
    "rr": "2. Resultaträkning",
    "br": "3. Balansräkning",
    "cf": "4. Kassaflödesanalys",
}
_UNITS = {"sek": "sek", "pct": "pct", "count": "count"}
# The budget's totals; every other line is printed as a part of the total above it, indented.
_TOTALS = {"total_available", "board_total", "office_total", "premises_total", "admin_total"}
_TOTALS |= {"interventions_total", "total_costs"}
_HEADINGS = {"contributions_total": "Finansiering"}  # printed above these lines


@dataclass(frozen=True)
class Sample:
    transcription: str  # landing-relative facts CSV
    source_file: str  # the document it transcribes
    record_type: str
    target: str  # landing-relative file to write
    layout: str
    title: tuple[str, ...]  # the title lines printed first


SAMPLES = (
    Sample(
        "sodra_lappland/sodra-lappland_verksamhetsplan-2024_reviderad.facts.csv",
        "sodra-lappland_verksamhetsplan-2024_reviderad.md",
        "budget_line",
        "sodra_lappland/sodra-lappland_budget-2024.xlsx",
        "xlsx",
        ("Samordningsförbundet Södra Lappland", "Verksamhetsplan 2024 – budget, reviderad 2024.03.21"),
    ),
    Sample(
        "sodra_lappland/sodra-lappland_arsredovisning-2025_ocr.economy.facts.csv",
        "sodra-lappland_arsredovisning-2025_ocr.txt",
        "statement",
        "sodra_lappland/sodra-lappland_arsredovisning-2025_utdrag.docx",
        "docx_merged",
        ("Samordningsförbundet Södra Lappland", "Årsredovisning 2025 (utdrag)"),
    ),
    Sample(
        "sodra_lappland/sodra-lappland_arsredovisning-2025_ocr.economy.facts.csv",
        "sodra-lappland_arsredovisning-2025_ocr.txt",
        "statement",
        "sodra_lappland/sodra-lappland_arsredovisning-2025_skannad.pdf",
        "scan_300",
        ("Samordningsförbundet Södra Lappland", "Årsredovisning 2025 (utdrag)"),
    ),
)


def write_samples(landing: Path) -> list[Path]:
    written = []
    for sample in SAMPLES:
        facts = _facts(landing / sample.transcription, sample.source_file, sample.record_type)
        document = _document(sample, facts)
        layout = LAYOUTS[sample.layout]
        target = landing / sample.target
        layout.write(layout.render(document, random.Random(0)), target)
        written.append(target)
    return written


def _facts(path: Path, source_file: str, record_type: str) -> list[ExtractedFact]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["source_file"] == source_file]
    return [
        ExtractedFact(
            r["record_type"], r["federation_id"], int(r["fiscal_year"]), r["scenario"], r["code"], r["item"],
            Decimal(r["value"]), r["unit"], r["raw_label"], r["source_file"], r["source_line"], "verified",
        )
        for r in rows
        if r["record_type"] == record_type
    ]  # fmt: skip


def _document(sample: Sample, facts: list[ExtractedFact]) -> Document:
    """The transcribed figures as tables: a table per statement (by code prefix) or one budget, a row
    per printed line, a column per year and scenario in printed order."""
    groups: dict[str, list[ExtractedFact]] = defaultdict(list)
    for fact in sorted(facts, key=lambda f: int(f.source_line.split(":")[-1])):
        prefix = fact.code.split("_")[0] if sample.record_type == "statement" else "budget"
        if prefix in (*_TITLES, "budget"):  # the cost distribution is in kronor and öre: left out
            groups[prefix].append(fact)
    tables = tuple(_table(prefix, group) for prefix, group in groups.items())
    first = facts[0]
    title = Prose((*sample.title, ""))
    kind = "verksamhetsplan" if sample.record_type == "budget_line" else "arsredovisning"
    year = max(fact.fiscal_year for fact in facts)
    stem = Path(sample.target).stem
    return Document(stem, kind, first.federation_id, year, "", sample.title[1], (title, *tables))


def _table(prefix: str, facts: list[ExtractedFact]) -> Table:
    columns: list[tuple[int, str]] = []
    rows: dict[str, dict[tuple[int, str], ExtractedFact]] = {}
    for fact in facts:
        column = (fact.fiscal_year, fact.scenario)
        if column not in columns:
            columns.append(column)
        rows.setdefault(fact.source_line, {})[column] = fact
    table_rows = []
    headed: set[str] = set()
    for printed in rows.values():
        any_fact = next(iter(printed.values()))
        heading = _HEADINGS.get(any_fact.code) if prefix == "budget" else None
        if heading and heading not in headed:
            headed.add(heading)
            table_rows.append(Row(heading))
        cells = tuple(_cell(printed.get(column)) for column in columns)
        child = prefix == "budget" and any_fact.code not in _TOTALS
        table_rows.append(Row(any_fact.raw_label, cells, child=child))
    headings = tuple(_heading(year, scenario) for year, scenario in columns)
    title = _TITLES.get(prefix, "Budget")
    return Table(prefix, title, headings, tuple(table_rows), corner="Belopp i tkr")


def _cell(fact: ExtractedFact | None) -> Cell | None:
    if fact is None:
        return None
    return Cell(int(fact.value), _UNITS.get(fact.unit, "count"), fact)


def _heading(year: int, scenario: str) -> str:
    return {"budget": f"Budget {year}", "plan": f"Plan {year}"}.get(scenario, str(year))


def main() -> int:
    landing = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("landing")
    for path in write_samples(landing):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
