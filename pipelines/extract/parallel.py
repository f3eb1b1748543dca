"""Extract many documents on every core: documents are independent, extraction is pure Python.

A national landing holds some 1 800 documents; one core reads them in about a
minute, so they are spread over worker processes. Workers are spawned, not
forked: the Dagster process that calls this has threads of its own. Results come
back in the order asked for, so a refresh stays deterministic.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from pipelines.extract.classify import UnclassifiableDocument
from pipelines.extract.extractor import extract_document
from pipelines.extract.model import Document, Extraction
from pipelines.extract.readers import UnreadableDocument
from pipelines.foundation.reference import NOTHING_REGISTERED, Registered

# Below this many documents a worker's start-up (about a second) costs more than it saves.
PARALLEL_FROM = 24


@dataclass(frozen=True)
class DocumentJob:
    path: Path
    federation_id: str | None
    name: str | None = None  # the caller's name for the document (landing-relative)


@dataclass(frozen=True)
class DocumentOutcome:
    document: Document | None = None
    extraction: Extraction | None = None
    problem: str | None = None  # why the document could not be read or classified


def extraction_workers() -> int:
    """FINSAM_EXTRACT_WORKERS, else one per core."""
    configured = os.environ.get("FINSAM_EXTRACT_WORKERS", "").strip()
    return max(1, int(configured)) if configured.isdigit() else (os.cpu_count() or 1)


def extract_many(
    jobs: Sequence[DocumentJob],
    landing: Path,
    registered: Registered = NOTHING_REGISTERED,
    workers: int | None = None,
    ocr_cache: Path | None = None,
    finish: Callable[[DocumentJob, DocumentOutcome], object] | None = None,
    while_waiting: Callable[[], object] | None = None,
) -> list:
    """One outcome per job, in the jobs' order; `registered`: the landing's registrations;
    `ocr_cache`: where scans' OCR'd pages are kept. `finish` (a picklable function) turns each
    outcome into what the caller keeps, in the worker that extracted it: the caller's own work
    on a document then runs on every core too, and only its result travels back.
    `while_waiting` is called here once the workers have their documents (not when they are
    read here): this process would otherwise only wait for them."""
    workers = workers or extraction_workers()
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        return _extract_chunk(landing, registered, ocr_cache, list(jobs), finish)
    running = start_many(jobs, landing, registered, workers, ocr_cache, finish)
    try:
        if while_waiting is not None:
            while_waiting()
        return running.outcomes()
    finally:
        running.stop()


class RunningExtraction:
    """Documents handed to worker processes; their outcomes are collected when asked for."""

    def __init__(self, pool: ProcessPoolExecutor, futures: list, count: int):
        self._pool = pool
        self._futures = futures  # (indices of the jobs, future of their outcomes)
        self._count = count

    def outcomes(self) -> list:
        """One outcome per job, in the jobs' order, once every worker is done (raises what one raised)."""
        outcomes: list = [None] * self._count
        for chunk, future in self._futures:
            for index, outcome in zip(chunk, future.result(), strict=True):
                outcomes[index] = outcome
        return [outcome for outcome in outcomes if outcome is not None]

    def stop(self) -> None:
        """Documents not yet begun are dropped; the workers end once their current chunk is done.
        Every caller stops, whether collecting its outcomes succeeded or not."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def start_many(
    jobs: Sequence[DocumentJob],
    landing: Path,
    registered: Registered = NOTHING_REGISTERED,
    workers: int | None = None,
    ocr_cache: Path | None = None,
    finish: Callable[[DocumentJob, DocumentOutcome], object] | None = None,
) -> RunningExtraction:
    """extract_many's workers, started and returned at once: the caller goes on with its own work."""
    workers = workers or extraction_workers()
    # biggest first, dealt round-robin: chunks of about equal work, few round trips
    order = sorted(range(len(jobs)), key=lambda i: -_size(jobs[i].path))
    chunks = [order[start :: workers * 4] for start in range(workers * 4)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    futures = [
        (chunk, pool.submit(_extract_chunk, landing, registered, ocr_cache, [jobs[i] for i in chunk], finish))
        for chunk in chunks
    ]
    return RunningExtraction(pool, futures, len(jobs))


def _extract_chunk(
    landing: Path,
    registered: Registered,
    ocr_cache: Path | None,
    jobs: list[DocumentJob],
    finish: Callable[[DocumentJob, DocumentOutcome], object] | None = None,
) -> list:
    from pipelines.extract.vocabulary import load_vocabulary

    # the seed and the landing's own label mappings, and the names of its registered federations
    vocabulary = load_vocabulary(landing, registered=registered)
    outcomes = []
    for job in jobs:
        try:
            document, extraction = extract_document(
                job.path, job.federation_id, vocabulary=vocabulary, ocr_cache=ocr_cache
            )
        except (UnreadableDocument, UnclassifiableDocument) as error:
            outcome = DocumentOutcome(problem=str(error))
        else:
            outcome = DocumentOutcome(document, extraction)
        outcomes.append(finish(job, outcome) if finish else outcome)
    return outcomes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
