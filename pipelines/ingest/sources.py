"""The three kinds of structured landing input, each read into records plus rejections."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.documents import parse_documents
from pipelines.ingest.facts import parse_facts
from pipelines.ingest.landing import (
    CORRECTIONS_SUFFIX,
    DOCUMENTS_MANIFEST,
    FACTS_SUFFIX,
    PARTICIPANTS_SUFFIX,
)
from pipelines.ingest.loading import LoadResult, load_landing
from pipelines.ingest.participant_columns import columns_if_clean
from pipelines.ingest.participants import parse_participants
from pipelines.reference import Reference


def load_fact_files(landing: Path, reference: Reference) -> LoadResult:
    """Submitted facts and analysts' corrections (`*.corrections.csv`, every row `corrected`)."""
    submitted = load_landing(
        landing, FACTS_SUFFIX, lambda text, name, fed: parse_facts(text, name, reference, fed)
    )
    corrections = load_landing(
        landing,
        CORRECTIONS_SUFFIX,
        lambda text, name, fed: parse_facts(text, name, reference, fed, required_status="corrected"),
    )
    submitted.files.extend(corrections.files)
    submitted.unreadable.extend(corrections.unreadable)
    return submitted


def load_participant_files(landing: Path, reference: Reference) -> LoadResult:
    """Clean files as Arrow columns; any other file row by row, with its problems named."""

    def parse(text: str, name: str, federation_id: str | None):
        columns = columns_if_clean(text, federation_id, reference)
        return (
            (columns, []) if columns is not None else parse_participants(text, name, federation_id, reference)
        )

    return load_landing(landing, PARTICIPANTS_SUFFIX, parse)


def load_document_manifests(landing: Path) -> LoadResult:
    return load_landing(landing, DOCUMENTS_MANIFEST, parse_documents)
