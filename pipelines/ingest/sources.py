"""The kinds of structured landing input, each read into records plus rejections, streamed.

`*_events` yield what the raw writer stores batch by batch (memory bounded
whatever a file's size); `load_*` gather the same events into a LoadResult.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipelines.foundation.file_kinds import FileKind
from pipelines.foundation.reference import Reference
from pipelines.foundation.text_files import FileScan, open_text
from pipelines.ingest.document_manifests import document_rows
from pipelines.ingest.facts import fact_rows
from pipelines.ingest.landing import LandingFile
from pipelines.ingest.loading import LoadEvent, LoadResult, batched, collect, landing_events
from pipelines.ingest.participant_columns import (
    has_plain_header,
    plain_participant_batches,
    plain_personal_data_refusal,
)
from pipelines.ingest.participants import outside_a_federation, participant_rows, personal_data_refusal


def fact_file_events(landing: Path, reference: Reference) -> Iterator[LoadEvent]:
    """Submitted facts, then analysts' corrections (`*.corrections.csv`, every row `corrected`)."""
    for kind, correction in ((FileKind.FACTS, False), (FileKind.CORRECTIONS, True)):

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

        yield from landing_events(landing, kind, parse)


def participant_file_events(landing: Path, reference: Reference) -> Iterator[LoadEvent]:
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

    return landing_events(landing, FileKind.PARTICIPANTS, parse)


def _personal_data_refusal(landing_file: LandingFile, scan: FileScan, plain: bool):
    if plain:
        return plain_personal_data_refusal(landing_file.path, scan, landing_file.name)
    with open_text(landing_file.path, scan) as stream:
        return personal_data_refusal(stream, landing_file.name)


def document_manifest_events(landing: Path) -> Iterator[LoadEvent]:
    def parse(landing_file: LandingFile, scan: FileScan):
        with open_text(landing_file.path, scan) as stream:
            yield from batched(document_rows(stream, landing_file.name, landing_file.federation_id))

    return landing_events(landing, FileKind.DOCUMENTS_MANIFEST, parse)


def load_fact_files(landing: Path, reference: Reference) -> LoadResult:
    return collect(fact_file_events(landing, reference))


def load_participant_files(landing: Path, reference: Reference) -> LoadResult:
    return collect(participant_file_events(landing, reference))


def load_document_manifests(landing: Path) -> LoadResult:
    return collect(document_manifest_events(landing))
