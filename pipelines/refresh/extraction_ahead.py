"""The documents a whole refresh will extract, read while its run starts.

A refresh's first seconds run on one core: importing Dagster, creating the run
and its planned events, loading the fact and participant files (nationally
about 12 s of a cold refresh), while the second core waits for the extraction
step. So the extraction's workers start before all that, on the documents the
build will extract: every one for a build from nothing, else those whose
sha256 differs from what the published raw layer loaded. That is what
start_build and the extraction step decide (build_files.planned_start,
file_changes.changes_in), read here from the published warehouse, which the
build copies. Documents whose read the extraction cache holds are not read.

The workers only fill the extraction cache (pipelines/extract/cache.py), whose
keys hold everything that decides a read. The extraction step waits for them
and takes their reads from it as it takes an earlier refresh's; a document it
wants that they did not read (the landing changed meanwhile) it reads itself,
and what they read that it does not want stays in the cache. Nothing in the
warehouse depends on them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.extract.cache import EXTRACTION_CACHE, ExtractionCache
from pipelines.extract.parallel import PARALLEL_FROM, RunningExtraction
from pipelines.foundation.reference import load_reference
from pipelines.foundation.settings import Settings
from pipelines.foundation.warehouse_file import connect_reader
from pipelines.ingest.document_facts import (
    EXTRACTED_TABLES,
    distinct_documents,
    start_reading_into_cache,
)
from pipelines.ingest.file_changes import changes_in
from pipelines.ingest.landing import LandingFile
from pipelines.ingest.registrations import registered_in
from pipelines.refresh.build_files import planned_start


@dataclass
class _ReadAhead:
    running: RunningExtraction
    sha256s: frozenset[str]  # the documents handed to the workers


_READING: dict[Path, _ReadAhead] = {}  # by build file, in the process that runs the refresh's steps


@contextmanager
def extraction_read_ahead(settings: Settings, full: bool = False) -> Iterator[None]:
    """The refresh inside has its documents' extraction started; the workers are stopped at its end
    unless the extraction step took them. Inside another for the same build, it starts nothing."""
    key = _key(settings)
    if key in _READING:  # `finsam refresh` started them before the executor asked
        yield
        return
    ahead = _start(settings, full)
    if ahead is not None:
        _READING[key] = ahead
    try:
        yield
    finally:
        left = _READING.pop(key, None)
        if left is not None:  # the run ended before its extraction step
            left.running.stop()


def wait_for_read_ahead(
    settings: Settings, while_waiting: Callable[[], object] | None = None
) -> frozenset[str]:
    """The sha256s of the documents the workers started with the run have read into the cache, once
    they are done (none when none were started); `while_waiting` runs here while they read."""
    ahead = _READING.pop(_key(settings), None)
    if ahead is None:
        return frozenset()
    try:
        if while_waiting is not None:
            while_waiting()
        with contextlib.suppress(Exception):  # a worker failed: the step reads the rest and meets it
            ahead.running.outcomes()
    finally:
        ahead.running.stop()  # also when the run is cancelled meanwhile
    return ahead.sha256s


def planned_documents(settings: Settings, full: bool = False) -> list[tuple[LandingFile, str]]:
    """The documents (file, sha256) the next whole refresh's build will extract, cached or not."""
    documents, _duplicates = distinct_documents(settings.landing)
    if not planned_start(settings, full).from_published:
        return documents
    current = {landing_file.name: sha256 for landing_file, sha256 in documents}
    with connect_reader(settings.warehouse) as connection:
        changes = [changes_in(connection, table, current) for table in EXTRACTED_TABLES]
    return [(f, sha256) for f, sha256 in documents if any(table.stores(f.name) for table in changes)]


def _start(settings: Settings, full: bool) -> _ReadAhead | None:
    try:
        planned = planned_documents(settings, full)
    except (duckdb.Error, OSError):  # the step meets what is wrong with the published file and says it
        return None
    cache = ExtractionCache(settings.warehouse.parent / EXTRACTION_CACHE, settings.landing)
    to_read = [(f, sha256) for f, sha256 in planned if not cache.holds(sha256, f.federation_id)]
    if len(to_read) < PARALLEL_FROM:  # the step reads a few in its own process, without workers
        return None
    reference = load_reference(registered_in(settings.landing))
    running = start_reading_into_cache(settings.landing, reference, cache, to_read)
    return _ReadAhead(running, frozenset(sha256 for _f, sha256 in to_read))


def _key(settings: Settings) -> Path:
    return settings.build_warehouse.resolve()
