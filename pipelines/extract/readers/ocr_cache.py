"""OCR'd pages kept between refreshes, keyed by the file's sha256, the page and the OCR settings.

OCR is the slow part of reading a scan (seconds a page), and its words do
not depend on the extractor code that reads tables from them. So they are
kept apart from the extraction cache, which any change to the extractor
empties: a fixed table rule re-reads a scanned report in a second instead of a
minute. The settings (Tesseract's version, its model, resolution, deskew)
are part of what is stored; a page OCR'd with other settings is read again.

The refresh points `FINSAM_OCR_CACHE` at `.extraction-cache/ocr/` beside the
warehouse (worker processes inherit it); unset, nothing is cached.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CACHE_VARIABLE = "FINSAM_OCR_CACHE"


@contextmanager
def ocr_cache_in(folder: Path | None) -> Iterator[None]:
    """OCR'd pages cached in `folder` while the block runs (worker processes started in it too)."""
    if folder is None:
        yield
        return
    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CACHE_VARIABLE, None)
        else:
            os.environ[CACHE_VARIABLE] = before


class OcrCache:
    def __init__(self, folder: Path, sha256: str, settings: str):
        self.folder = folder / sha256
        self.settings = settings

    @classmethod
    def configured(cls, path: Path, settings: str) -> OcrCache | None:
        folder = os.environ.get(CACHE_VARIABLE, "").strip()
        if not folder:
            return None
        return cls(Path(folder), hashlib.sha256(path.read_bytes()).hexdigest(), settings)

    def _path(self, number: int) -> Path:
        return self.folder / f"page-{number}.json"

    def get(self, number: int):
        from pipelines.extract.readers.scan import ScannedPage
        from pipelines.extract.readers.tesseract import OcrWord

        try:
            stored = json.loads(self._path(number).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if stored.get("settings") != self.settings:
            return None
        words = tuple(OcrWord(*word) for word in stored["words"])
        return ScannedPage(number, stored["dpi"], words, stored["turned"])

    def put(self, page) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = {
            "settings": self.settings,
            "dpi": page.dpi,
            "turned": page.turned,
            "words": [[w.text, w.x0, w.y0, w.x1, w.y1, w.confidence, w.line] for w in page.words],
        }
        partial = self._path(page.number).with_suffix(".partial")
        partial.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
        partial.replace(self._path(page.number))
