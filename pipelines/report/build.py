"""Writing the report folder: every page, every table's CSV, no script and nothing to fetch.

index.html            Overview: the latest year per federation, changes, flags
jamforelser.html      Comparisons: a chart and its table per KPI
forbund/<id>.html     one page per federation
kallor.html           the documents; dokument/<federation>--<file>.html, one view each
om.html               the KPI definitions, small counts, formats
data/<table>.csv      every table, for Swedish Excel
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from pipelines.export.package import exported_tables
from pipelines.foundation.html_pages import render, stylesheet
from pipelines.foundation.linked_copies import linked_tree
from pipelines.foundation.swedish_format import MISSING, format_count, format_kronor, format_percent
from pipelines.report.charts import Chart, ChartDrawer
from pipelines.report.data import ReportData, read_report_data
from pipelines.report.document_rows import DocumentRows
from pipelines.report.fingerprint import Fingerprints
from pipelines.report.page_reuse import PageDigests, PageReuse, common_digest
from pipelines.report.pages import federation_page, overview
from pipelines.report.provenance import FactVersion, Provenance, read_provenance
from pipelines.report.reuse import ReportInputs, product_digest, report_digest
from pipelines.report.sections import SectionBuilder
from pipelines.report.tables import HIDDEN_TEXT, ReportTable


@dataclass(frozen=True)
class BuiltReport:
    folder: Path
    pages: int
    charts: int
    figures_linked: int
    reused: bool = False  # the published report's files, linked: its inputs had not changed
    pages_linked: int = 0  # pages taken from the published report (page_reuse.py)


def build_report(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    published: Path | None = None,
    export: Path | None = None,
) -> BuiltReport:
    """Build the whole report from the warehouse into `folder` (emptied first).

    When the `published` report was built from the same inputs by the same
    code (reuse.py), its files are linked instead. `export` is the NNS export
    of the same refresh, whose suppressed tables the report reads (data.py).
    """
    digest = report_digest(connection, exported_tables(connection))
    previous = ReportInputs.of(published)
    previous_pages = PageDigests.of(published)
    shutil.rmtree(folder, ignore_errors=True)
    if previous is not None and previous.digest == digest and published is not None:
        linked_tree(published, folder)
        previous.write(folder)
        if previous_pages is not None:
            previous_pages.write(folder)
        return BuiltReport(
            folder, previous.pages, previous.charts, previous.figures_linked, True, previous.pages
        )
    built = _build(connection, folder, export, published)
    ReportInputs(digest, built.pages, built.charts, built.figures_linked).write(folder)
    return built


def _build(
    connection: duckdb.DuckDBPyConnection, folder: Path, export: Path | None, published: Path | None = None
) -> BuiltReport:
    """Every page, each rendered unless the `published` report has it rendered from the same inputs."""
    data = read_report_data(connection, export)
    provenance = read_provenance(connection, data.hidden_facts)
    fingerprints = Fingerprints()
    common = common_digest(fingerprints, product_digest(), data)
    writer = _Writer(folder, data, provenance, PageReuse(folder, published, common, fingerprints))
    builder = SectionBuilder(data, provenance)
    sections = [
        builder.cost_per_participant(data.rows("rpt_cost_per_participant")),
        builder.equity(data.rows("rpt_equity")),
        builder.goal_fulfilment(data.rows("rpt_indicator_status")),
        builder.financing(data.rows("rpt_financing_split")),
        builder.budget_vs_outcome(data.rows("rpt_budget_vs_outcome")),
        builder.exits(data.rows("rpt_exit_outcomes")),
    ]
    summary = overview(data, provenance)
    writer.page(
        "index.html",
        "report_index.html.j2",
        "Översikt",
        "oversikt",
        [summary],
        overview=summary,
        federations=data.federations,
    )
    writer.page(
        "jamforelser.html",
        "report_comparisons.html.j2",
        "Jämförelser",
        "jamforelser",
        [s.table for s in sections],
        sections=sections,
    )
    writer.charts += sum(s.chart is not None for s in sections)
    for federation in data.federations:
        page = federation_page(data, provenance, federation.federation_id, connection)
        tables = [page.kpis, *(s.table for s in page.sections), *([page.review] if page.review else [])]
        writer.page(
            f"forbund/{federation.federation_id}.html",
            "report_federation.html.j2",
            federation.name,
            "",
            tables,
            page=page,
        )
        writer.charts += sum(s.chart is not None for s in page.sections)
    writer.page(
        "kallor.html",
        "report_sources.html.j2",
        "Källor",
        "kallor",
        [],
        federations=data.federations,
        documents=provenance.documents,
    )
    rows = DocumentRows(provenance, writer.label, fact_value, data.sv)
    for document in provenance.documents:
        writer.page(
            document.page,
            "report_document.html.j2",
            document.source_file,
            "kallor",
            [],
            lazy={"rows": partial(rows.render, document)},
            lazy_inputs=[fingerprints.versions(provenance.versions(fact)) for fact in document.facts],
            document=document,
            federation_name=data.name(document.federation_id),
        )
    writer.page(
        "om.html", "report_about.html.j2", "Om rapporten", "om", [], recommended=data.recommended_max_pct
    )
    writer.finish()
    writer.reuse.write()
    return BuiltReport(folder, writer.pages, writer.charts, writer.links, pages_linked=writer.reuse.reused)


@dataclass
class _Page:
    """A page to render: its template and what it is rendered from."""

    path: str
    template: str
    title: str
    current: str
    tables: list[ReportTable]
    lazy: dict[str, Callable[[], Any]]
    context: dict[str, Any]

    @property
    def charts(self) -> list[Chart]:
        sections = self.context.get("sections") or getattr(self.context.get("page"), "sections", [])
        return [section.chart for section in sections if section.chart is not None]

    @property
    def chart_values(self) -> int:
        return sum(len(chart.spec.get("data", {}).get("values", [])) for chart in self.charts)


class _Writer:
    """Writes pages (with the helpers the templates call) and each table's CSV."""

    def __init__(self, folder: Path, data: ReportData, provenance: Provenance, reuse: PageReuse):
        shutil.rmtree(folder, ignore_errors=True)
        for sub in ("forbund", "dokument", "data"):
            (folder / sub).mkdir(parents=True)
        self.folder, self.data, self.provenance, self.reuse = folder, data, provenance, reuse
        self.css = stylesheet()
        self.pages = self.charts = self.links = 0
        self._with_charts: list[_Page] = []

    def page(
        self,
        path: str,
        template: str,
        title: str,
        current: str,
        tables: list[ReportTable],
        lazy: dict[str, Callable[[], Any]] | None = None,
        lazy_inputs: Any = (),
        **context,
    ):
        """Render a page from `context` (and `lazy` parts, made only when it is rendered), or link it.

        The page's digest covers its path, template, title, `context` and
        `lazy_inputs`: whatever the `lazy` parts are made from besides
        `context` and what every page shares (page_reuse.common_digest). The
        helpers below show a fact from its own fields and those shared names.
        """
        digest = self.reuse.digest(path, template, title, current, context, lazy_inputs)
        self.pages += 1
        self.links += sum(table.links for table in tables)
        if self.reuse.take(path, digest, [table.csv_name for table in tables]):
            return
        page = _Page(path, template, title, current, tables, lazy or {}, context)
        if page.charts:
            self._with_charts.append(page)  # rendered last, by finish(), while the charts are drawn
        else:
            self._render(page)

    def finish(self) -> None:
        """Render the pages with charts, small charts first: their pages are written while large ones draw."""
        pages = sorted(self._with_charts, key=lambda page: page.chart_values)
        drawer = ChartDrawer()
        try:
            drawer.start([chart for page in pages for chart in page.charts])
            for page in pages:
                self._render(page)
        finally:
            drawer.close()
        self._with_charts = []

    def _render(self, page: _Page) -> None:
        prefix = "../" * page.path.count("/")
        html = render(
            page.template,
            title=page.title,
            current=page.current,
            prefix=prefix,
            css=self.css,
            sv=self.data.sv,
            label=self.label,
            value=fact_value,
            href=lambda fact: self.provenance.href(fact, prefix),
            **page.context,
            **{name: make() for name, make in page.lazy.items()},
        )
        (self.folder / page.path).write_text(html, encoding="utf-8")
        for table in page.tables:
            (self.folder / table.csv_name).write_bytes(table.csv())

    def label(self, fact: FactVersion) -> str:
        return self.data.label(fact.record_type, fact.code, fact.item, fact.federation_id)


def fact_value(fact: FactVersion) -> str:
    """A fact's value in its unit, Swedish style; `dolt` when the export hides it."""
    if "value" in fact.hidden:
        return HIDDEN_TEXT
    if fact.value is None:
        return MISSING
    if fact.unit == "sek":
        return format_kronor(fact.value)
    if fact.unit == "pct":
        return format_percent(fact.value, None)
    if fact.unit == "bool":
        return "ja" if fact.value else "nej"
    return format_count(fact.value)
