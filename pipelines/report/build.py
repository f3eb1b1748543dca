"""Writing the report folder: every page, every table's CSV, no script and nothing to fetch.

index.html            Overview: the latest year per federation, changes, flags
jamforelser.html      Comparisons: a chart and its table per KPI
forbund/<id>.html     one page per federation
kallor.html           the documents; dokument/<federation>--<file>.html, one view each
om.html               the KPI definitions, small counts, formats
data/<table>.csv      every table, for Swedish Excel
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from pipelines.report.page_inputs import PageInputs, read_page_inputs
from pipelines.report.page_reuse import PageDigests, PageRecord, PageReuse, common_digest
from pipelines.report.pages import federation_page, overview
from pipelines.report.provenance import (
    FactVersion,
    Provenance,
    document_page,
    href,
    read_document_facts,
    read_provenance,
    shown_facts,
)
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
    with _no_cycle_collection():
        built = _build(connection, folder, export, published)
    ReportInputs(digest, built.pages, built.charts, built.figures_linked).write(folder)
    return built


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the report builds, resumed after.

    A national build makes a few million small objects that live until it
    ends (fact versions, rows, cells); the collector went through all of them
    again and again, some 2 s of a 15 s build. They hold no reference cycles
    to speak of: memory grows by about 2 % without it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    connection: duckdb.DuckDBPyConnection, folder: Path, export: Path | None, published: Path | None = None
) -> BuiltReport:
    """Every page, each rendered unless the `published` report has it made from the same inputs.

    Which pages are linked is settled first, from digests DuckDB sums up
    (page_inputs.py): the facts, lines and tables of a linked page are never
    read into Python, and when every page is linked, no provenance is read.
    """
    data = read_report_data(connection, export)
    writer = _Writer(folder, data, PageReuse(folder, published, common_digest(product_digest(), data)))
    with shown_facts(connection, data.hidden_facts) as facts:
        inputs = read_page_inputs(connection, facts, data)
        to_render = [page for page in _planned_pages(data, inputs) if not writer.take(page)]
        if to_render:
            writer.render(to_render, _Contents(data, read_provenance(connection, facts), connection, facts))
    writer.reuse.write()
    return BuiltReport(folder, writer.pages, writer.charts, writer.links, pages_linked=writer.reuse.reused)


# document pages rendered at a time: only their facts and lines are held as records (all were 0.5 GB)
DOCUMENTS_AT_ONCE = 400


@dataclass(frozen=True)
class _Planned:
    """A page of the report before anything of it is made: where it goes and what it is made from."""

    path: str
    template: str
    title: str
    current: str
    inputs: str  # the digest of its own inputs (page_inputs.py)
    contents: Callable[[_Contents, _Planned], _Page]
    charted: bool = False  # it may show charts: made before the other pages, so that they draw meanwhile
    document: tuple[str, str] | None = None  # the document a document's page shows


def _planned_pages(data: ReportData, inputs: PageInputs) -> list[_Planned]:
    every, sources = inputs.everything, inputs.sources
    return [
        _Planned("index.html", "report_index.html.j2", "Översikt", "oversikt", every, _Contents.overview),
        _Planned(
            "jamforelser.html",
            "report_comparisons.html.j2",
            "Jämförelser",
            "jamforelser",
            every,
            _Contents.comparisons,
            charted=True,
        ),
        *(
            _Planned(
                f"forbund/{federation.federation_id}.html",
                "report_federation.html.j2",
                federation.name,
                "",
                inputs.federation(federation.federation_id),
                partial(_Contents.federation, federation_id=federation.federation_id),
                charted=True,
            )
            for federation in data.federations
        ),
        _Planned("kallor.html", "report_sources.html.j2", "Källor", "kallor", sources, _Contents.sources),
        *(
            _Planned(
                document_page(*key),
                "report_document.html.j2",
                key[1],
                "kallor",
                digest,
                partial(_Contents.document, key=key),
                document=key,
            )
            for key, digest in inputs.documents.items()
        ),
        _Planned("om.html", "report_about.html.j2", "Om rapporten", "om", "", _Contents.about),
    ]


@dataclass
class _Page:
    """A page to render: its template, its tables (their CSV files are written beside it) and its context."""

    planned: _Planned
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
        return sum(len(chart.spec.get("data", {}).get("values", [])) for chart in self.charts)


class _Contents:
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

    def overview(self, planned: _Planned) -> _Page:
        summary = overview(self.data, self.provenance)
        return _Page(planned, [summary], {"overview": summary, "federations": self.data.federations})

    def comparisons(self, planned: _Planned) -> _Page:
        data, builder = self.data, SectionBuilder(self.data, self.provenance)
        sections = [
            builder.cost_per_participant(data.rows("rpt_cost_per_participant")),
            builder.equity(data.rows("rpt_equity")),
            builder.goal_fulfilment(data.rows("rpt_indicator_status")),
            builder.financing(data.rows("rpt_financing_split")),
            builder.budget_vs_outcome(data.rows("rpt_budget_vs_outcome")),
            builder.exits(data.rows("rpt_exit_outcomes")),
        ]
        return _Page(planned, [s.table for s in sections], {"sections": sections})

    def federation(self, planned: _Planned, federation_id: str) -> _Page:
        page = federation_page(self.data, self.provenance, federation_id, self.connection)
        tables = [page.kpis, *(s.table for s in page.sections), *([page.review] if page.review else [])]
        return _Page(planned, tables, {"page": page})

    def sources(self, planned: _Planned) -> _Page:
        return _Page(
            planned, [], {"federations": self.data.federations, "documents": self.provenance.documents}
        )

    def document(self, planned: _Planned, key: tuple[str, str]) -> _Page:
        document = self.provenance.document(*key)
        context = {
            "document": document,
            "federation_name": self.data.name(document.federation_id),
            "rows": self.rows.render(document) if self.rows is not None else "",
        }
        return _Page(planned, [], context)

    def about(self, planned: _Planned) -> _Page:
        return _Page(planned, [], {"recommended": self.data.recommended_max_pct})


class _Writer:
    """Links or renders pages (with the helpers the templates call), each table's CSV beside them."""

    def __init__(self, folder: Path, data: ReportData, reuse: PageReuse):
        shutil.rmtree(folder, ignore_errors=True)
        for sub in ("forbund", "dokument", "data"):
            (folder / sub).mkdir(parents=True)
        self.folder, self.data, self.reuse = folder, data, reuse
        self.css = stylesheet()
        self.pages = self.charts = self.links = 0
        self._digests: dict[str, str] = {}

    def take(self, planned: _Planned) -> bool:
        """Link the published page when it was made from the same inputs; count it either way."""
        digest = self.reuse.digest(
            planned.path, planned.template, planned.title, planned.current, planned.inputs
        )
        self._digests[planned.path] = digest
        self.pages += 1
        record = self.reuse.take(planned.path, digest)
        if record is not None:
            self.links += record.links
            self.charts += record.charts
        return record is not None

    def render(self, planned: list[_Planned], contents: _Contents) -> None:
        """Render `planned` pages; those with charts last, small charts first, drawn meanwhile elsewhere."""
        charted = sorted(
            (page.contents(contents, page) for page in planned if page.charted), key=lambda p: p.chart_values
        )
        documents = {page.document: page for page in planned if page.document is not None}
        drawer = ChartDrawer()
        try:
            drawer.start([chart for page in charted for chart in page.charts])
            for page in planned:
                if not page.charted and page.document is None:
                    self._render(page.contents(contents, page))
            for batch in contents.documents(list(documents)):
                for key in batch:
                    self._render(documents[key].contents(contents, documents[key]))
            for page in charted:
                self._render(page)
        finally:
            drawer.close()

    def _render(self, page: _Page) -> None:
        prefix = "../" * page.path.count("/")
        html = render(
            page.planned.template,
            title=page.planned.title,
            current=page.planned.current,
            prefix=prefix,
            css=self.css,
            sv=self.data.sv,
            label=partial(label_of, self.data),
            value=fact_value,
            href=partial(href, prefix=prefix),
            **page.context,
        )
        (self.folder / page.path).write_text(html, encoding="utf-8")
        for table in page.tables:
            (self.folder / table.csv_name).write_bytes(table.csv())
        links, charts = sum(table.links for table in page.tables), len(page.charts)
        self.links += links
        self.charts += charts
        files = tuple(table.csv_name for table in page.tables)
        self.reuse.record(page.path, PageRecord(self._digests[page.path], files, links, charts))


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
