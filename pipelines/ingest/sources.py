"""The kinds of structured landing input, each read into records plus rejections, streamed.

`*_events` yield what the raw writer stores batch by batch (memory bounded
whatever a file's size); `load_*` gather the same events into a LoadResult.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pipelines.foundation.file_kinds import FileKind
from pipelines.foundation.reference import Reference
from pipelines.foundation.text_files import FileScan, open_text
from pipelines.ingest.document_manifests import document_rows
from pipelines.ingest.facts import fact_rows
from pipelines.ingest.landing import LandingFile, inventory
from pipelines.ingest.loading import LoadEvent, LoadResult, batched, collect, landing_events
from pipelines.ingest.participant_columns import (
    has_plain_header,
    plain_participant_batches,
    plain_personal_data_refusal,
)
from pipelines.ingest.participants import outside_a_federation, participant_rows, personal_data_refusal

FACT_KINDS = (FileKind.FACTS, FileKind.CORRECTIONS)
Wanted = Callable[[str], bool] | None  # which files (by landing-relative name) to read; None: all


def files_of(landing: Path, *kinds: FileKind) -> list[LandingFile]:
    """The landing files a loader reads, by kind (what pipelines/ingest/file_changes.py compares)."""
    return [landing_file for landing_file in inventory(landing).files if landing_file.kind in kinds]


def fact_file_events(landing: Path, reference: Reference, wanted: Wanted = None) -> Iterator[LoadEvent]:
    """Submitted facts, then analysts' corrections (`*.corrections.csv`, every row `corrected`)."""
    for kind, correction in zip(FACT_KINDS, (False, True), strict=True):

        def parse(landing_file: LandingFile, scan: FileScan, correction=correction):
            with open_text(landing_file.path, scan) as stream:
                rows = fact_rows(
                    stream,
                    landing_file.name,
                    reference,
                    landing_file.federation_id,
                    correction,
                    check_personal_data=scan.might_hold_personnummer,
                )
                yield from batched(rows)

        yield from landing_events(landing, kind, parse, wanted)


def participant_file_events(
    landing: Path, reference: Reference, wanted: Wanted = None
) -> Iterator[LoadEvent]:
    """Plain exports through Arrow in chunks; any other file row by row, with its problems named.

    An export holding anything like a personnummer or a name column is refused
    whole before a row of it is stored.
    """

    def parse(landing_file: LandingFile, scan: FileScan):
        name, federation_id = landing_file.name, landing_file.federation_id
        if federation_id not in reference.federations:
            yield outside_a_federation(name)
            return
        plain = scan.is_plain and has_plain_header(landing_file.path, scan)
        if scan.might_hold_personnummer or not plain:
            refusal = _personal_data_refusal(landing_file, scan, plain)
            if refusal:
                yield refusal
                return
        if plain:
            yield from plain_participant_batches(landing_file.path, scan, name, federation_id, reference)
            return
        with open_text(landing_file.path, scan) as stream:
            yield from batched(participant_rows(stream, name, federation_id, reference))

    return landing_events(landing, FileKind.PARTICIPANTS, parse, wanted)


def _personal_data_refusal(landing_file: LandingFile, scan: FileScan, plain: bool):
    if plain:
        return plain_personal_data_refusal(landing_file.path, scan, landing_file.name)
    with open_text(landing_file.path, scan) as stream:
        return personal_data_refusal(stream, landing_file.name)


def document_manifest_events(landing: Path, wanted: Wanted = None) -> Iterator[LoadEvent]:
    def parse(landing_file: LandingFile, scan: FileScan):
        with open_text(landing_file.path, scan) as stream:
            yield from batched(document_rows(stream, landing_file.name, landing_file.federation_id))

    return landing_events(landing, FileKind.DOCUMENTS_MANIFEST, parse, wanted)


def load_fact_files(landing: Path, reference: Reference) -> LoadResult:
    return collect(fact_file_events(landing, reference))


def load_participant_files(landing: Path, reference: Reference) -> LoadResult:
    return collect(participant_file_events(landing, reference))


def load_document_manifests(landing: Path) -> LoadResult:
    return collect(document_manifest_events(landing))
