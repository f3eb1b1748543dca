"""Read every landing file of one kind into records plus rejections, file by file, streamed.

One bad file never stops the others: it becomes a rejection naming the file.
A loader yields events (a file opened, a batch of its records, a rejection),
so the raw writer stores a file of any size in batches and memory stays
bounded; `collect` gathers the events into a LoadResult where a whole result
in memory is wanted (tests, small files, the extractor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa

from pipelines.foundation.file_kinds import FileKind
from pipelines.foundation.problems import Rejection, UnreadableFile
from pipelines.foundation.text_files import FileScan, kept_content, scan_file
from pipelines.ingest.landing import LandingFile, landing_files

BATCH_ROWS = 20_000  # records per batch written to DuckDB


@dataclass
class LoadedFile:
    name: str
    sha256: str
    records: list | pa.Table
    rejections: list[Rejection]


@dataclass
class LoadResult:
    files: list[LoadedFile] = field(default_factory=list)
    unreadable: list[Rejection] = field(default_factory=list)

    @property
    def records(self) -> list:
        return [record for loaded in self.files for record in loaded.records]

    @property
    def rejections(self) -> list[Rejection]:
        return self.unreadable + [r for loaded in self.files for r in loaded.rejections]


@dataclass(frozen=True)
class FileOpened:
    """A file was read (not refused whole): its records and rejections follow."""

    name: str
    sha256: str


@dataclass(frozen=True)
class Batch:
    """Records of the file last opened: typed records, or Arrow columns with a `line` column."""

    records: list | pa.Table

    def __len__(self) -> int:
        return self.records.num_rows if isinstance(self.records, pa.Table) else len(self.records)


LoadEvent = FileOpened | Batch | Rejection
FileParser = Callable[[LandingFile, FileScan], Iterator[Batch | Rejection]]


def landing_events(
    landing: Path, kind: FileKind, parse: FileParser, wanted: Callable[[str], bool] | None = None
) -> Iterator[LoadEvent]:
    """Scan each file of `kind` (those `wanted`, by name, if given) and parse it with `parse(file, scan)`.

    A file seen twice under two names (same sha256) loads once.
    """
    seen: dict[str, str] = {}
    for landing_file in landing_files(landing, kind):
        if wanted is not None and not wanted(landing_file.name):
            continue
        try:
            scan = scan_file(landing_file.path, landing_file.name)
        except UnreadableFile as error:
            yield Rejection(landing_file.name, 0, error.reason, kept_content(landing_file.path))
            continue
        if scan.sha256 in seen:
            reason = f"same content as {seen[scan.sha256]} (sha256 {scan.sha256[:12]}); loaded once"
            yield Rejection(landing_file.name, 0, reason, None)
            continue
        seen[scan.sha256] = landing_file.name
        yield FileOpened(landing_file.name, scan.sha256)
        yield from parse(landing_file, scan)


def batched(items: Iterable, size: int = BATCH_ROWS) -> Iterator[Batch | Rejection]:
    """Records gathered into batches; rejections passed on as they come."""
    pending: list = []
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        pending.append(item)
        if len(pending) >= size:
            yield Batch(pending)
            pending = []
    if pending:
        yield Batch(pending)


def collect(events: Iterable[LoadEvent]) -> LoadResult:
    """All events of a load in memory, grouped per file."""
    result = LoadResult()
    current: LoadedFile | None = None
    for event in events:
        if isinstance(event, FileOpened):
            current = LoadedFile(event.name, event.sha256, [], [])
            result.files.append(current)
        elif isinstance(event, Batch):
            current.records = _joined(current.records, event.records)
        elif current is not None and event.source_file == current.name:
            current.rejections.append(event)
        else:
            result.unreadable.append(event)
    return result


def _joined(records: list | pa.Table, more: list | pa.Table) -> list | pa.Table:
    """Records of one file: Arrow columns while every batch was Arrow, else one list of records."""
    if isinstance(records, list) and not records:
        return more if isinstance(more, pa.Table) else list(more)
    if isinstance(records, pa.Table) and isinstance(more, pa.Table):
        return pa.concat_tables([records, more])
    return _as_records(records) + _as_records(more)


def _as_records(records: list | pa.Table) -> list:
    if isinstance(records, list):
        return records
    return [SimpleNamespace(**row) for row in records.to_pylist()]


def events_of(result: LoadResult) -> Iterator[LoadEvent]:
    """A LoadResult as the events that would have built it."""
    yield from result.unreadable
    for loaded in result.files:
        yield FileOpened(loaded.name, loaded.sha256)
        if len(loaded.records):
            yield Batch(loaded.records)
        yield from loaded.rejections
