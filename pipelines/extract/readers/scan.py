"""Scanned PDF pages: rendered, turned level, OCR'd with Tesseract's Swedish model, and cached.

A page is scanned when it carries an image and next to no text layer
(`is_scanned`). Each is rendered at `DPI` (a 150 dpi scan is scaled up, which
Tesseract reads better than the small original), levelled (deskew.py) and read
(tesseract.py). The words are cached per file hash and page (ocr_cache.py), so
a refresh that re-reads a document after a change to the extractor does not
OCR it again. Pages are spread over processes, one Tesseract each, when there
are several and this process is not itself a worker.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from pipelines.extract.readers.ocr_cache import OcrCache
from pipelines.extract.readers.tesseract import ScannedPage, Tesseract, engine_version

DPI = 250  # measured on scans at 150 and 300 dpi: as right as 300 (150 dpi scans more so), a fifth faster
TEXT_LAYER_CHARACTERS = 20  # a scan stamped with a page number still needs OCR
SETTINGS = f"dpi={DPI};deskew=profile;psm=6;symbol-gaps;v3"


def is_scanned(page, characters: int) -> bool:
    """Next to no text layer, and an image on the page."""
    if characters >= TEXT_LAYER_CHARACTERS:
        return False
    import pypdfium2.raw as pdfium_c

    return any(item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for item in page.get_objects())


def read_scanned(path: Path, pages: list[int], ocr_cache: Path | None = None) -> dict[int, ScannedPage]:
    """OCR of the given pages (1-based), from `ocr_cache` where the same file's pages were read before."""
    if not pages:
        return {}
    cache = OcrCache.of_file(ocr_cache, path, f"{engine_version()};{SETTINGS}")
    found = {number: cache.get(number) for number in pages} if cache else {}
    read = {number: page for number, page in found.items() if page is not None}
    missing = [number for number in pages if number not in read]
    for page in _ocr(path, missing):
        read[page.number] = page
        if cache:
            cache.put(page)
    return read


def _ocr(path: Path, pages: list[int]) -> list[ScannedPage]:
    if not pages:
        return []  # every page came from the cache: no Tesseract needed
    workers = min(_workers(), len(pages))
    if workers <= 1:
        return _ocr_pages(str(path), pages)
    chunks = [pages[start::workers] for start in range(workers)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        results = pool.map(_ocr_pages, [str(path)] * workers, chunks)
        return sorted((page for chunk in results for page in chunk), key=lambda page: page.number)


def _workers() -> int:
    """One per core (FINSAM_EXTRACT_WORKERS), one inside a worker that already shares the cores."""
    if multiprocessing.parent_process() is not None:
        return 1
    configured = os.environ.get("FINSAM_EXTRACT_WORKERS", "").strip()
    return max(1, int(configured)) if configured.isdigit() else (os.cpu_count() or 1)


def _ocr_pages(path: str, pages: list[int]) -> list[ScannedPage]:
    import pypdfium2

    from pipelines.extract.readers.deskew import levelled

    engine = Tesseract()
    document = pypdfium2.PdfDocument(path)
    try:
        read = []
        for number in pages:
            page = document[number - 1]
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            page.close()
            image, turned = levelled(image)
            read.append(ScannedPage(number, DPI, tuple(engine.read(image, DPI)), turned))
        return read
    finally:
        document.close()
        engine.close()
