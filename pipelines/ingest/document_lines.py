"""Every document's printed lines into the raw layer (`raw.document_lines`), for the report's
document view: a figure's `source_line` there is the same `ref` the extractor gives it.

It reads with the extractor's own line reader (pipelines/extract/readers) the
documents document_facts.py extracts. Workbooks, Word files and scans are read
by the same readers as for extraction, so their refs
(`Budget 2026!12`, `Tabell 2!3`, `3:12`) are the facts' too. The extraction keeps each
document's lines in its cache, so a refresh reads a document once: only a document the
extraction could not classify (or one read before the cache) is read here again, a
scan's pages then from the OCR cache the extraction filled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.extract.cache import ExtractionCache
from pipelines.extract.extractor import masked_lines
from pipelines.extract.readers import UnreadableDocument, read_lines
from pipelines.ingest.document_facts import LINES_PART, hashed_documents
from pipelines.ingest.loading import LoadedFile, LoadResult


@dataclass(frozen=True)
class DocumentLine:
    federation_id: str | None
    source_file: str  # the file name, as facts name it in `source_file`
    landing_path: str  # relative to the landing folder
    line_ref: str  # a fact's `source_line`: `12`, `3:12` (page 3, line 12), `Budget 2026!12`, `Tabell 2!3`
    text: str
    line: int  # 1-based position in the document, for the raw layer's `_source_line`


def load_document_lines(
    landing: Path,
    ocr_cache: Path | None = None,
    wanted: Callable[[str], bool] | None = None,
    extracted: ExtractionCache | None = None,
) -> tuple[LoadResult, list[str]]:
    """The lines of every document under `landing`, and the documents that have no readable text.

    An unreadable document is not a rejection here: the extraction loader
    already quarantines it with its reason; the report says its text is missing.
    `ocr_cache` is the folder of OCR'd pages the extraction keeps (scanned pages
    are read from it, and OCR'd into it when missing). Only the documents `wanted` (by
    landing-relative name) are read, if it is given. `extracted`: the extraction's cache,
    whose lines of a document are taken instead of reading it again (and whose OCR'd pages
    are read when `ocr_cache` is not given).
    """
    if ocr_cache is None and extracted is not None:
        ocr_cache = extracted.ocr_folder
    result = LoadResult()
    unreadable: list[str] = []
    for landing_file, sha256 in hashed_documents(landing, wanted):
        lines = extracted.get(sha256, landing_file.federation_id, LINES_PART) if extracted else None
        if lines is None:
            try:
                lines = _read(landing_file.path, ocr_cache)
            except (UnreadableDocument, OSError) as error:
                unreadable.append(f"{landing_file.name}: {error}")
                continue
        records = [
            DocumentLine(
                landing_file.federation_id, landing_file.path.name, landing_file.name, ref, text, number
            )
            for number, (ref, text) in enumerate(lines, start=1)
        ]
        result.files.append(LoadedFile(landing_file.name, sha256, records, []))
    return result, unreadable


def _read(path: Path, ocr_cache: Path | None) -> list[tuple[str, str]]:
    """(ref, text) of each line, masked by the extractor's own rule: the report shows these lines,
    never a personnummer."""
    lines, _masked = masked_lines(read_lines(path, ocr_cache))
    return [(line.ref, line.text) for line in lines]
