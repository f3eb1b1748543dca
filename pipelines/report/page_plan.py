"""Every page of the report, known before any is made, and how each page's tables and context are made.

The plan (`planned_pages`) names each page's path, template, title and the
digest of its own inputs (page_inputs.py), so that the build can link the
published pages it may before it makes anything; `PageContents` makes the
rest when a page is rendered. A page that shows charts says which
(`PlannedPage.charts`, from its rows alone), so that they are drawing in a
second process while the build reads provenance and makes the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import duckdb

from pipelines.foundation.swedish_format import MISSING, format_count, format_kronor, format_percent
from pipelines.report.charts import Chart
from pipelines.report.data import ReportData
from pipelines.report.document_rows import DocumentRows
from pipelines.report.page_inputs import PageInputs
from pipelines.report.pages import ReviewRows, federation_charts, federation_page, overview, read_review
from pipelines.report.provenance import FactVersion, Provenance, document_page, read_document_facts
from pipelines.report.section_charts import SectionCharts
from pipelines.report.sections import SectionBuilder
from pipelines.report.tables import HIDDEN_TEXT, ReportTable

# document pages rendered at a time: only their facts and lines are held as records (all were 0.5 GB)
DOCUMENTS_AT_ONCE = 400
COMPARISONS = (  # the comparisons page's sections in order: (SectionBuilder and SectionCharts method, mart)
    ("cost_per_participant", "rpt_cost_per_participant"),
    ("equity", "rpt_equity"),
    ("goal_fulfilment", "rpt_indicator_status"),
    ("financing", "rpt_financing_split"),
    ("budget_vs_outcome", "rpt_budget_vs_outcome"),
    ("exits", "rpt_exit_outcomes"),
)


@dataclass(frozen=True)
class PlannedPage:
    """A page of the report before anything of it is made: where it goes and what it is made from."""

    path: str
    template: str
    title: str
    current: str
    inputs: str  # the digest of its own inputs (page_inputs.py)
    contents: Callable[[PageContents, PlannedPage], Page]
    charts: Callable[[SectionCharts], list[Chart | None]] | None = None  # of a page that shows charts
    document: tuple[str, str] | None = None  # the document a document's page shows


def planned_pages(data: ReportData, inputs: PageInputs) -> list[PlannedPage]:
    every, sources = inputs.everything, inputs.sources
    return [
        PlannedPage(
            "index.html", "report_index.html.j2", "Översikt", "oversikt", every, PageContents.overview
        ),
        PlannedPage(
            "jamforelser.html",
            "report_comparisons.html.j2",
            "Jämförelser",
            "jamforelser",
            every,
            PageContents.comparisons,
            charts=partial(comparison_charts, data=data),
        ),
        *(
            PlannedPage(
                f"forbund/{federation.federation_id}.html",
                "report_federation.html.j2",
                federation.name,
                "",
                inputs.federation(federation.federation_id),
                partial(PageContents.federation, federation_id=federation.federation_id),
                charts=partial(federation_charts, data=data, federation_id=federation.federation_id),
            )
            for federation in data.federations
        ),
        PlannedPage(
            "kallor.html", "report_sources.html.j2", "Källor", "kallor", sources, PageContents.sources
        ),
        *(
            PlannedPage(
                document_page(*key),
                "report_document.html.j2",
                key[1],
                "kallor",
                digest,
                partial(PageContents.document, key=key),
                document=key,
            )
            for key, digest in inputs.documents.items()
        ),
        PlannedPage("om.html", "report_about.html.j2", "Om rapporten", "om", "", PageContents.about),
    ]


def comparison_charts(charts: SectionCharts, data: ReportData) -> list[Chart | None]:
    return [getattr(charts, kpi)(data.rows(table)) for kpi, table in COMPARISONS]


def charts_of(pages: list[PlannedPage], data: ReportData) -> list[Chart]:
    """The charts `pages` show, those with more values first (their pages are rendered first)."""
    charts = SectionCharts(data)
    found = [chart for page in pages if page.charts for chart in page.charts(charts) if chart is not None]
    return sorted(found, key=values_drawn, reverse=True)


@dataclass
class Page:
    """A page to render: its template, its tables (their CSV files are written beside it) and its context."""

    planned: PlannedPage
    tables: list[ReportTable]
    context: dict[str, Any]

    @property
    def path(self) -> str:
        return self.planned.path

    @property
    def charts(self) -> list[Chart]:
        sections = self.context.get("sections") or getattr(self.context.get("page"), "sections", [])
        return [section.chart for section in sections if section.chart is not None]

    @property
    def chart_values(self) -> int:
        return sum(map(values_drawn, self.charts))


def values_drawn(chart: Chart) -> int:
    """Rows of a chart's data: what its drawing takes grows with them."""
    return len(chart.spec.get("data", {}).get("values", []))


class PageContents:
    """Makes each kind of page's tables and context from the report's data and provenance."""

    def __init__(
        self, data: ReportData, provenance: Provenance, connection: duckdb.DuckDBPyConnection, facts: str
    ):
        self.data, self.provenance, self.connection, self.facts = data, provenance, connection, facts
        self.rows: DocumentRows | None = None

    def documents(self, rendered: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
        """`rendered` documents in batches, each batch's facts and lines read before it is yielded."""
        every = len(rendered) == len(self.provenance.documents)
        batches = read_document_facts(self.connection, self.facts, rendered, every, DOCUMENTS_AT_ONCE)
        for batch, facts in batches:
            self.rows = DocumentRows(facts, partial(label_of, self.data), fact_value, self.data.sv)
            yield batch
        self.rows = None

    def overview(self, planned: PlannedPage) -> Page:
        summary = overview(self.data, self.provenance)
        return Page(planned, [summary], {"overview": summary, "federations": self.data.federations})

    def comparisons(self, planned: PlannedPage) -> Page:
        builder = SectionBuilder(self.data, self.provenance)
        sections = [getattr(builder, kpi)(self.data.rows(table)) for kpi, table in COMPARISONS]
        return Page(planned, [s.table for s in sections], {"sections": sections})

    def federation(self, planned: PlannedPage, federation_id: str) -> Page:
        page = federation_page(self.data, self.provenance, federation_id, self._review)
        tables = [page.kpis, *(s.table for s in page.sections), *([page.review] if page.review else [])]
        return Page(planned, tables, {"page": page})

    @cached_property
    def _review(self) -> ReviewRows | None:
        """Every federation's review list, read once for all their pages."""
        return read_review(self.connection)

    def sources(self, planned: PlannedPage) -> Page:
        return Page(
            planned, [], {"federations": self.data.federations, "documents": self.provenance.documents}
        )

    def document(self, planned: PlannedPage, key: tuple[str, str]) -> Page:
        document = self.provenance.document(*key)
        context = {
            "document": document,
            "federation_name": self.data.name(document.federation_id),
            "rows": self.rows.render(document) if self.rows is not None else [],
        }
        return Page(planned, [], context)

    def about(self, planned: PlannedPage) -> Page:
        return Page(planned, [], {"recommended": self.data.recommended_max_pct})


def label_of(data: ReportData, fact: FactVersion) -> str:
    return data.label(fact.record_type, fact.code, fact.item, fact.federation_id)


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
