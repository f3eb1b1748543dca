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
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.export.package import exported_tables
from pipelines.foundation.html_pages import stylesheet
from pipelines.foundation.linked_copies import linked_tree
from pipelines.foundation.warehouse_file import database_file
from pipelines.report.charts import ChartDrawer
from pipelines.report.data import ReportData, read_report_data
from pipelines.report.document_helper import (
    HELPER_BATCH,
    HELPER_FROM,
    DocumentBatches,
    DocumentHelper,
    in_batches,
    render_document_batch,
    render_with_helper,
)
from pipelines.report.page_inputs import read_page_inputs
from pipelines.report.page_plan import Page, PageContents, PlannedPage, charts_of, planned_pages
from pipelines.report.page_reuse import PageDigests, PageRecord, PageReuse, common_digest
from pipelines.report.page_writer import PageWritten, write_report_page
from pipelines.report.provenance import read_provenance, shown_facts
from pipelines.report.reuse import ReportInputs, product_digest, report_digest


@dataclass(frozen=True)
class BuiltReport:
    folder: Path
    pages: int
    charts: int
    figures_linked: int
    reused: bool = False  # the published report's files, linked: its inputs had not changed
    pages_linked: int = 0  # pages taken from the published report (page_reuse.py)
    pages_by_helper: int = 0  # document pages the second process wrote (document_helper.py)


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
        to_render = [page for page in planned_pages(data, inputs) if not writer.take(page)]
        if to_render:
            drawer, helper = ChartDrawer(), document_helper(connection, to_render)
            try:
                drawer.start(charts_of(to_render, data))  # drawn elsewhere while the pages are made here
                contents = PageContents(data, read_provenance(connection, facts), connection, facts)
                writer.render(to_render, contents, drawer, helper)
            finally:
                drawer.close()
                if helper is not None:
                    helper.stop()
    writer.reuse.write()
    return BuiltReport(
        folder,
        writer.pages,
        writer.charts,
        writer.links,
        pages_linked=writer.reuse.reused,
        pages_by_helper=writer.by_helper,
    )


def document_helper(connection: duckdb.DuckDBPyConnection, pages: list[PlannedPage]) -> DocumentHelper | None:
    """A second process for the document pages, started now to import while the build reads, when
    there are enough of them, a second core, and a warehouse file it can open too."""
    documents = sum(1 for page in pages if page.document is not None)
    database = database_file(connection)
    if documents < HELPER_FROM or (os.cpu_count() or 1) < 2 or database is None:
        return None
    return DocumentHelper(Path(database))


class _Writer:
    """Links or renders pages (with the helpers the templates call), each table's CSV beside them."""

    def __init__(self, folder: Path, data: ReportData, reuse: PageReuse):
        shutil.rmtree(folder, ignore_errors=True)
        for sub in ("forbund", "dokument", "data"):
            (folder / sub).mkdir(parents=True)
        self.folder, self.data, self.reuse = folder, data, reuse
        self.css = stylesheet()
        self.pages = self.charts = self.links = self.by_helper = 0
        self._digests: dict[str, str] = {}

    def take(self, planned: PlannedPage) -> bool:
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

    def render(
        self,
        planned: list[PlannedPage],
        contents: PageContents,
        drawer: ChartDrawer,
        helper: DocumentHelper | None = None,
    ) -> None:
        """Render `planned` pages; those with charts last, while `drawer` draws them, largest charts first.

        The drawing process draws the largest first (charts_of), the comparisons' national charts,
        while the pages without charts are written here; the comparisons page is then written while
        the small charts are drawn, each federation's page as soon as its chart is there. With
        vl-convert 1.9 (11 s of charts against 9 s of pages) the other order waited 1 to 2 s for the
        last large chart; with 2.0 a national report's charts take 1.3-1.7 s and are drawn before
        the pages that show them are reached. With a `helper` (document_helper.py) the document
        pages are shared with it by batches, and this process's first batch goes before the pages
        with charts.
        """
        charted = sorted(
            (page.contents(contents, page) for page in planned if page.charts),
            key=lambda p: p.chart_values,
            reverse=True,
        )
        for page in charted:
            for chart in page.charts:
                drawer.attach(chart)
        documents = {page.document: page for page in planned if page.document is not None}
        for page in planned:
            if not page.charts and page.document is None:
                self._render(page.contents(contents, page))
        if helper is not None:
            self._render_shared(list(documents.values()), contents, charted, helper)
            return
        for batch in contents.documents(list(documents)):
            for key in batch:
                self._render(documents[key].contents(contents, documents[key]))
        for page in charted:
            self._render(page)

    def _render_shared(
        self,
        documents: list[PlannedPage],
        contents: PageContents,
        charted: list[Page],
        helper: DocumentHelper,
    ) -> None:
        """Document pages shared with the helper by batches; this process's first batch goes before
        the pages with charts, which gives the drawing process time to draw them."""
        batches = DocumentBatches(in_batches(documents, HELPER_BATCH), helper.shared)
        helper.send(self.folder, self.data, contents.provenance.documents, batches.batches, self.css)

        def render_here(index: int) -> list[PageWritten]:
            return render_document_batch(self.folder, batches.batches[index], contents, self.data, self.css)

        first = batches.take()
        if first is not None:
            for written in render_here(first):
                self._record(written)
        for page in charted:
            self._render(page)
        written, self.by_helper = render_with_helper(helper, batches, render_here)
        for each in written:
            self._record(each)

    def _render(self, page: Page) -> None:
        self._record(write_report_page(self.folder, page, self.data, self.css))

    def _record(self, written: PageWritten) -> None:
        self.links += written.links
        self.charts += written.charts
        record = PageRecord(self._digests[written.path], written.files, written.links, written.charts)
        self.reuse.record(written.path, record)
