"""The report's document pages rendered by two processes: the build's and a helper's beside it.

A national report renders some 1 800 document pages (every line of a
document, a card for each figure read on it): about 5.5 s of a cold build's
10 s, on one core while the other was idle. The pages are cut into batches of
whole federations (a fact's versions are all its federation's); the build and
the helper each take the next batch neither has taken, from a counter they
share, so neither idles while a batch is left. The helper opens the warehouse
read-only (DuckDB lets several processes read a file no one writes), reads
its batches' facts and lines itself, and writes their pages through the same
`write_report_page` as the build: a page is the same file whichever process
made it. It gets from the build what every page may show (the names, labels
and hidden cells of `ReportData`, without its tables) and the documents'
views; when no batch is left it answers with the batches it wrote and what
each of their pages counted.

A helper that fails or dies leaves its batches to the build, which renders
them as it would have without one.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from pipelines.foundation.spawned import SPAWN, spawn_with_pipe, stop_spawned, tell
from pipelines.report.data import ReportData
from pipelines.report.page_plan import PageContents, PlannedPage
from pipelines.report.page_writer import PageWritten, write_report_page
from pipelines.report.provenance import DocumentView, Provenance, shown_facts

HELPER_FROM = 150  # document pages to render before a helper pays for its start (0.5-0.7 s of imports)
HELPER_BATCH = 100  # documents a batch (whole federations): small enough to share the last ones out
SHARED_MAX = 2**31 - 1  # the shared counter's largest value: no batch left to take

log = logging.getLogger(__name__)


class DocumentBatches:
    """The document pages to render, in batches of whole federations, each taken once by one process."""

    def __init__(self, batches: list[list[PlannedPage]], shared: Synchronized):
        self.batches = batches
        self._shared = shared  # the counter both processes take from
        self.mine: list[int] = []  # the batches this process took

    def take(self) -> int | None:
        """The next batch nobody has taken (noted as this process's), or None when all are taken."""
        with self._shared.get_lock():
            index = self._shared.value
            if index >= len(self.batches):
                return None
            self._shared.value = index + 1
        self.mine.append(index)
        return index


def in_batches(pages: list[PlannedPage], at_once: int) -> list[list[PlannedPage]]:
    """`pages` (ordered by federation) in batches of at least `at_once`, each ending with a federation."""
    batches: list[list[PlannedPage]] = []
    batch: list[PlannedPage] = []
    federation = None
    for page in pages:
        if len(batch) >= at_once and page.document[0] != federation:
            batches.append(batch)
            batch = []
        batch.append(page)
        federation = page.document[0]
    if batch:
        batches.append(batch)
    return batches


def render_document_batch(
    folder: Path, pages: list[PlannedPage], contents: PageContents, data: ReportData, css: str
) -> list[PageWritten]:
    """Write the pages of one batch of documents, their facts and lines read for them alone."""
    by_key = {page.document: page for page in pages}
    written = []
    for keys in contents.documents(list(by_key)):
        for key in keys:
            page = by_key[key]
            written.append(write_report_page(folder, page.contents(contents, page), data, css))
    return written


@dataclass(frozen=True)
class DocumentJob:
    """What the helper renders its batches from: all of it picklable, none of the report's tables."""

    database: Path
    folder: Path
    data: ReportData
    documents: list[DocumentView]  # every document of the report, as the build's provenance lists them
    batches: list[list[PlannedPage]]
    css: str


@dataclass(frozen=True)
class HelperAnswer:
    written: list[PageWritten]  # what each page it wrote counted
    done: set[int]  # the batches it wrote; none when it failed
    failure: str | None  # its traceback, or why it did not answer


class DocumentHelper:
    """One spawned process: it imports while the build reads, then renders the batches it takes."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.shared = SPAWN.Value("i", 0)
        self._process, self._connection = spawn_with_pipe(serve, "finsam-report-documents", self.shared)

    def send(self, folder: Path, data: ReportData, documents: list[DocumentView], batches, css: str) -> None:
        """The job: the batches to take and what their pages are made from (the tables left out)."""
        job = DocumentJob(self.database, folder, replace(data, tables={}), list(documents), batches, css)
        tell(self._connection, job)  # a dead helper: the build renders every batch

    def answer(self) -> HelperAnswer:
        """Everything the helper wrote, once it has ended (or died).

        One answer at the end rather than one a batch: answers the build did not
        read while it rendered would fill the pipe and stop the helper.
        """
        try:
            done, written, failure = self._connection.recv()
        except (EOFError, OSError):
            done, written, failure = (), [], "the helper ended without a word"
        self.stop()
        return HelperAnswer(written, set(done), failure)

    def stop(self) -> None:
        """End the helper and wait for it; killed when it does not end in time.

        Every batch is marked taken first, so a helper stopped early (the build
        failed) ends after the batch it is writing."""
        with self.shared.get_lock():
            self.shared.value = SHARED_MAX
        tell(self._connection, None)
        stop_spawned(self._process, self._connection)


def render_with_helper(
    helper: DocumentHelper,
    batches: DocumentBatches,
    render_here: Callable[[int], list[PageWritten]],
) -> tuple[list[PageWritten], int]:
    """The build's part: batches until none is left, then the helper's pages and any it left unfinished.

    Returns what every document page written counted and how many the helper wrote.
    """
    written: list[PageWritten] = []
    while (index := batches.take()) is not None:
        written += render_here(index)
    answer = helper.answer()
    left = [i for i in range(len(batches.batches)) if i not in answer.done and i not in batches.mine]
    if left:
        log.warning("report: %d batches rendered here, not by the helper: %s", len(left), answer.failure)
    for index in left:
        written += render_here(index)
    return written + answer.written, sum(len(batches.batches[i]) for i in answer.done)


def serve(connection: Connection, shared: Synchronized) -> None:
    """The helper's main: the libraries imported, then one job's batches rendered as they are taken."""
    from pipelines.foundation.warehouse_file import connect_reader

    try:
        job = connection.recv()
    except EOFError:
        return
    if job is None:
        return
    try:
        written: list[PageWritten] = []
        with connect_reader(job.database) as reader, shown_facts(reader, job.data.hidden_facts) as facts:
            contents = PageContents(job.data, Provenance(job.documents, [], []), reader, facts)
            batches = DocumentBatches(job.batches, shared)
            while (index := batches.take()) is not None:
                written += render_document_batch(job.folder, job.batches[index], contents, job.data, job.css)
        connection.send((batches.mine, written, None))
    except Exception:  # noqa: BLE001 - sent as text; the build renders what is left
        connection.send(((), [], traceback.format_exc()))
