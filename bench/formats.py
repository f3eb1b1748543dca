"""Extraction per file format: workbooks, Word files and scans, each measured on documents with known
figures: recall, seconds per page, and for scans Tesseract's mean word confidence.

Generated documents (a plan and an annual report of a fictional federation, `pipelines/synth/single.py`)
in every new layout; with ../shared present, the development set's two text-layer PDFs scanned at 300
and 150 dpi as well (their layouts are nobody's here, and their truth is the hand transcription); and
a 30-page scanned annual report, OCR'd cold, for the time it takes on this machine (target: under 60 s).
OCR is never cached here: every scan is read as a refresh reads a new one.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from pipelines.extract.accuracy import measure, read_truth, score
from pipelines.extract.extractor import extract_document
from pipelines.extract.readers import read_lines
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.ingest.registrations import registered_in
from pipelines.synth.scanner import scanned_pdf
from pipelines.synth.single import generated
from pipelines.synth.typeset import typeset_pdf

FORMATS = {
    "xlsx": ("xlsx", "xlsx_years"),
    "docx": ("docx", "docx_merged"),
    "scan 300 dpi": ("scan_300",),
    "scan 150 dpi": ("scan_150",),
}
DEVELOPMENT_PDFS = ("sodra-lappland_arsredovisning-2024_ocr.pdf", "solleftea_verksamhetsplan-2025.pdf")
LONG_REPORT_PAGES = 30


@dataclass
class FormatResult:
    name: str
    documents: int = 0
    pages: int = 0
    expected: int = 0
    found: int = 0
    wrong_but_verified: int = 0
    seconds: float = 0.0
    confidences: list[float] = field(default_factory=list)
    cpu_seconds: float | None = None  # the OCR workers' CPU time (the long report)
    load: float | None = None  # the machine's load average while it ran

    def row(self) -> dict:
        return {
            "format": self.name,
            "documents": self.documents,
            "pages": self.pages,
            "expected": self.expected,
            "found": self.found,
            "recall": round(self.found / max(self.expected, 1), 4),
            "wrong_but_verified": self.wrong_but_verified,
            "seconds": round(self.seconds, 2),
            "seconds_per_page": round(self.seconds / max(self.pages, 1), 3),
            "ocr_confidence": round(mean(self.confidences), 3) if self.confidences else None,
            "cpu_seconds": None if self.cpu_seconds is None else round(self.cpu_seconds, 1),
            "load_average": self.load,
        }


def measure_formats(shared: Path | None, long_report: bool = True) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, layouts in FORMATS.items():
            result = FormatResult(name)
            for layout in layouts:
                for kind in ("verksamhetsplan", "arsredovisning"):
                    made = generated(layout, work / layout / kind, kind)
                    _measure_generated(result, made)
            rows.append(result.row())
        if shared is not None and (shared / "more" / "truth.facts.csv").exists():
            for dpi, degrees in ((300, 0.8), (150, -1.2)):
                rows.append(_development_scans(shared / "more", work, dpi, degrees).row())
        if long_report:
            rows.append(_long_report(work).row())
    return rows


def _measure_generated(result: FormatResult, made) -> None:
    vocabulary = load_vocabulary(registered=registered_in(made.landing))
    started = time.perf_counter()
    lines = read_lines(made.path)
    _, extraction = extract_document(made.path, made.federation_id, vocabulary=vocabulary)
    result.seconds += time.perf_counter() - started
    accuracy = measure(extraction.facts, made.expected)
    result.documents += 1
    result.pages += _pages(made.path, lines)
    result.expected += accuracy.expected
    result.found += accuracy.found
    result.wrong_but_verified += len(accuracy.wrong_but_verified)
    result.confidences += _confidences(lines)


def _development_scans(more: Path, work: Path, dpi: int, degrees: float) -> FormatResult:
    truth = read_truth(more / "truth.facts.csv")
    result = FormatResult(f"scan {dpi} dpi, development PDFs")
    for name in DEVELOPMENT_PDFS:
        path = work / f"dev-{dpi}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(scanned_pdf((more / name).read_bytes(), dpi, degrees, seed=3))
        started = time.perf_counter()
        lines = read_lines(path)
        _, extraction = extract_document(path)
        result.seconds += time.perf_counter() - started
        figures = [figure for figure in truth if figure.source_file == name]
        scored = score(extraction.facts, {row.source_line for row in extraction.review}, figures, lines)
        result.documents += 1
        result.pages += _pages(path, lines)
        result.expected += scored.expected
        result.found += scored.found
        result.wrong_but_verified += len(scored.wrong_but_verified)
        result.confidences += _confidences(lines)
    return result


def _long_report(work: Path) -> FormatResult:
    """Annual reports of several years typeset one after another up to 30 A4 pages, scanned at 300 dpi
    and OCR'd cold: the time is what the issue's target is measured on."""
    from pipelines.synth.typeset import LINES_PER_PAGE

    result = FormatResult(f"scan 300 dpi, {LONG_REPORT_PAGES}-page annual report (OCR only)")
    lines: list[str] = []
    year = 2025
    while len(lines) < LONG_REPORT_PAGES * LINES_PER_PAGE:
        made = generated("pdftotext", work / "long" / str(year), "arsredovisning", year=year)
        lines += made.path.read_text(encoding="utf-8").splitlines()
        year -= 1
    pdf, _refs = typeset_pdf(lines[: LONG_REPORT_PAGES * LINES_PER_PAGE])
    path = work / "long" / "arsredovisning-30-sidor.pdf"
    path.write_bytes(scanned_pdf(pdf, 300, 0.7))
    workers_before = _children_cpu()
    started = time.perf_counter()
    read = read_lines(path)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = _children_cpu() - workers_before
    result.load = round(os.getloadavg()[0], 1)
    result.documents, result.pages = 1, _pages(path, read)
    result.confidences = _confidences(read)
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pages(path: Path, lines) -> int:
    return max((line.page for line in lines), default=1) if path.suffix == ".pdf" else 1


def _confidences(lines) -> list[float]:
    return [cell.confidence for line in lines for cell in line.cells or () if cell.confidence is not None]


def print_formats(rows: list[dict]) -> None:
    print("\nper format")
    for row in rows:
        known = row["ocr_confidence"] is not None
        confidence = f"  OCR confidence {row['ocr_confidence']:.2f}" if known else ""
        recall = f"{row['found']:4}/{row['expected']:4} {row['recall']:6.1%}" if row["expected"] else " " * 17
        print(
            f"{row['format'][:52]:52} {row['documents']:2} docs {row['pages']:3} pages  {recall}"
            f"  wrong+verified {row['wrong_but_verified']}  {row['seconds']:6.1f} s"
            f"  {row['seconds_per_page']:5.2f} s/page{confidence}"
        )
        if row["cpu_seconds"] is not None:
            cores = os.cpu_count() or 1
            print(
                f"{'':52} OCR workers' CPU {row['cpu_seconds']:.1f} s ({row['cpu_seconds'] / cores:.1f} s on "
                f"{cores} idle cores); load average {row['load_average']} while it ran"
            )
