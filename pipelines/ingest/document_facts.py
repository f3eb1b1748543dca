"""Every document under landing/ extracted into fact records for the raw layer.

A document that cannot be read or classified becomes a rejection naming the
file and the reason; the others still load. Extracted facts pass the same
contract checks as submitted fact CSVs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pipelines.extract.cache import ExtractionCache
from pipelines.extract.command import summary
from pipelines.extract.model import FACT_FIELDS, ExtractedFact, ReviewRow, line_number
from pipelines.extract.output import plain_number
from pipelines.extract.parallel import (
    DocumentJob,
    DocumentOutcome,
    RunningExtraction,
    extract_many,
    start_many,
)
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.foundation.file_kinds import TEXT_DOCUMENT_SUFFIXES, FileKind
from pipelines.foundation.problems import PersonalDataRejection, Rejection
from pipelines.foundation.reference import Reference
from pipelines.foundation.text_files import kept_content
from pipelines.ingest.document_manifests import DocumentEntry
from pipelines.ingest.facts import Fact, FactRowError, check_status_of_source, fact_from_fields
from pipelines.ingest.landing import LandingFile, landing_files
from pipelines.ingest.loading import LoadedFile, LoadResult


@dataclass
class LandingExtraction:
    facts: LoadResult = field(default_factory=LoadResult)
    documents: LoadResult = field(default_factory=LoadResult)
    review: LoadResult = field(default_factory=LoadResult)  # rows with figures that became no fact
    summaries: list[str] = field(default_factory=list)
    read_ahead: int = 0  # documents the extraction's early workers read (extraction_ahead.py)

    def review_counts(self) -> dict[str, int]:
        """Review rows per document (landing-relative name), every extracted document listed."""
        return {loaded.name: len(loaded.records) for loaded in self.review.files}


EXTRACTED_TABLES = ("extracted_facts", "extracted_documents", "extraction_review")  # raw tables it fills
LINES_PART = "lines"  # a document's (ref, masked text) lines in the extraction cache


def document_files(landing: Path):
    """Documents anywhere under landing/ (file_kinds.DOCUMENT_SUFFIXES, any case), READMEs excepted."""
    return landing_files(landing, FileKind.DOCUMENT)


def hashed_documents(
    landing: Path, wanted: Callable[[str], bool] | None = None
) -> Iterator[tuple[LandingFile, str]]:
    """Each document under landing/ (those `wanted`, by landing-relative name) with its sha256,
    which keys the extraction cache and tells a document's duplicates."""
    for landing_file in document_files(landing):
        if wanted is None or wanted(landing_file.name):
            with landing_file.path.open("rb") as handle:
                yield landing_file, hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass(frozen=True)
class DocumentRead:
    """What the raw layer keeps of one document: its checked facts, its entry, its summary.

    Cached whole (pipelines/extract/cache.py), so a refresh that finds a document unchanged
    neither extracts it nor checks its facts again.
    """

    facts: list[Fact] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    entry: DocumentEntry | None = None
    summary: str | None = None
    problem: str | None = None  # why it could not be read or classified
    review: list[ReviewRow] = field(default_factory=list)


def extract_landing(
    landing: Path,
    reference: Reference,
    cache: ExtractionCache | None = None,
    wanted: Callable[[str], bool] | None = None,
    while_waiting: Callable[[], object] | None = None,
    read_ahead: Collection[str] = (),
) -> LandingExtraction:
    """Every document (those `wanted`, by landing-relative name, if given), on every core; with a
    cache, documents read before are not read again. `while_waiting`: extract_many's.
    `read_ahead`: the sha256s of documents read into the cache while the run started
    (pipelines/refresh/extraction_ahead.py), counted apart from earlier refreshes' results."""
    result = LandingExtraction()
    vocabulary = load_vocabulary(landing, registered=reference.registered)
    for problem in vocabulary.problems:  # an analyst's label mapping that cannot be taken
        result.review.unreadable.append(
            Rejection(problem.source_file, problem.line, problem.reason, problem.raw)
        )
    documents, duplicates = distinct_documents(landing, wanted)
    result.facts.unreadable.extend(duplicates)
    cached = {f.name: cache.get(sha256, f.federation_id) for f, sha256 in documents} if cache else {}
    reads = {name: read for name, read in cached.items() if isinstance(read, DocumentRead)}
    result.read_ahead = sum(1 for f, sha256 in documents if sha256 in read_ahead and f.name in reads)
    missing = [(f, sha256) for f, sha256 in documents if f.name not in reads]
    jobs = [DocumentJob(f.path, f.federation_id, f.name) for f, _sha256 in missing]
    ocr_cache = cache.ocr_folder if cache else None
    digests = {f.name: sha256 for f, sha256 in missing}
    finish = partial(_finished_read, reference=reference, cache=cache, digests=digests)
    finished = extract_many(
        jobs, landing, reference.registered, ocr_cache=ocr_cache, finish=finish, while_waiting=while_waiting
    )
    for (landing_file, _sha256), read in zip(missing, finished, strict=True):
        reads[landing_file.name] = read
    for landing_file, sha256 in documents:
        read = reads[landing_file.name]
        if read.problem is not None:
            kept = kept_content(landing_file.path) if _is_text(landing_file) else None
            result.facts.unreadable.append(Rejection(landing_file.name, 0, read.problem, kept))
            continue
        result.facts.files.append(LoadedFile(landing_file.name, sha256, read.facts, read.rejections))
        result.documents.files.append(LoadedFile(landing_file.name, sha256, [read.entry], []))
        result.review.files.append(LoadedFile(landing_file.name, sha256, read.review, []))
        result.summaries.append(read.summary)
    return result


def distinct_documents(
    landing: Path, wanted: Callable[[str], bool] | None = None
) -> tuple[list[tuple[LandingFile, str]], list[Rejection]]:
    """The documents to extract (those `wanted`), each with its sha256; a later file with the same
    content is not extracted again but rejected, naming the first."""
    seen: dict[str, str] = {}
    documents: list[tuple[LandingFile, str]] = []
    duplicates: list[Rejection] = []
    for landing_file, sha256 in hashed_documents(landing, wanted):
        if sha256 in seen:
            reason = f"same content as {seen[sha256]} (sha256 {sha256[:12]}); extracted once"
            duplicates.append(Rejection(landing_file.name, 0, reason, None))
            continue
        seen[sha256] = landing_file.name
        documents.append((landing_file, sha256))
    return documents, duplicates


def start_reading_into_cache(
    landing: Path, reference: Reference, cache: ExtractionCache, documents: list[tuple[LandingFile, str]]
) -> RunningExtraction:
    """Workers that extract `documents` (file, sha256) into the `cache` and hand nothing back:
    extract_landing then finds them there (pipelines/refresh/extraction_ahead.py)."""
    jobs = [DocumentJob(f.path, f.federation_id, f.name) for f, _sha256 in documents]
    digests = {f.name: sha256 for f, sha256 in documents}
    finish = partial(_read_into_cache, reference=reference, cache=cache, digests=digests)
    return start_many(jobs, landing, reference.registered, ocr_cache=cache.ocr_folder, finish=finish)


def _read_into_cache(
    job: DocumentJob, outcome: DocumentOutcome, reference: Reference, cache: ExtractionCache, digests
) -> None:
    """In the extraction worker: the document's read kept in the cache only. Nothing travels back,
    so the process that started the workers unpickles nothing on its pool's thread."""
    _finished_read(job, outcome, reference, cache, digests)


def _finished_read(
    job: DocumentJob,
    outcome: DocumentOutcome,
    reference: Reference,
    cache: ExtractionCache | None = None,
    digests: dict[str, str] | None = None,
) -> DocumentRead:
    """In the extraction worker: the document's checked facts, kept in the `cache` (by the sha256
    `digests` give its name) with its (ref, text) lines for raw.document_lines (document_lines.py).

    The workers write the cache side by side, and the lines, the larger part, never travel back:
    the refresh process wrote every result after the workers had finished (1.5 s nationally).
    """
    read = _read_of(outcome, job.name, job.federation_id, reference)
    if cache is not None and digests is not None:
        sha256 = digests[job.name]
        cache.put(sha256, job.federation_id, read)
        if outcome.document is not None:
            lines = tuple((line.ref, line.text) for line in outcome.document.lines)
            cache.put(sha256, job.federation_id, lines, part=LINES_PART)
    return read


def _read_of(
    outcome: DocumentOutcome, name: str, federation_id: str | None, reference: Reference
) -> DocumentRead:
    if outcome.problem is not None:
        return DocumentRead(problem=outcome.problem)
    document, extraction = outcome.document, outcome.extraction
    facts, rejections = _checked(extraction.facts, name, reference, federation_id)
    rejections = _personal_data_lines(name, extraction.personal_data_lines) + rejections
    entry = DocumentEntry(
        federation_id=document.federation_id,
        source_file=document.source_file,
        document_kind=document.kind,
        document_date=_date(document.document_date),
        title=f"{document.kind} {document.fiscal_year} (extracted)",
        line=0,
    )
    return DocumentRead(facts, rejections, entry, summary(document, extraction), review=extraction.review)


def _checked(extracted: list[ExtractedFact], name: str, reference: Reference, federation_hint):
    facts: list[Fact] = []
    rejections: list[Rejection] = []
    for number, fact in enumerate(extracted, start=1):
        fields = {column: str(getattr(fact, column) or "") for column in FACT_FIELDS}
        fields["value"] = plain_number(fact.value)
        line = line_number(fact.source_line) or number
        try:
            checked = fact_from_fields(fields, line, reference, federation_hint)
            check_status_of_source(checked.status, correction=False)
            facts.append(checked)
        except FactRowError as error:
            raw = ",".join(fields[column] for column in FACT_FIELDS)
            rejections.append(Rejection(name, line, f"extracted fact: {error}", raw))
    return facts, rejections


def _personal_data_lines(name: str, refs: list[str]) -> list[Rejection]:
    """One quarantine row per document line masked for personal data: the line named, nothing kept."""
    return [
        PersonalDataRejection(
            name,
            line_number(ref) or 0,
            f"line {ref} holds what looks like a personnummer; masked before reading (never stored)",
            None,
        )
        for ref in refs
    ]


def _is_text(landing_file: LandingFile) -> bool:
    """Only text documents keep their content in quarantine; a PDF's bytes cannot be searched."""
    return landing_file.name.lower().endswith(TEXT_DOCUMENT_SUFFIXES)


def _date(text: str | None):
    from datetime import date

    return date.fromisoformat(text) if text else None
