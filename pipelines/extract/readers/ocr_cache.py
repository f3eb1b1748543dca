"""OCR'd pages kept between refreshes, keyed by the file's sha256, the page and the OCR settings.

OCR is the slow part of reading a scan (seconds a page), and its words do
not depend on the extractor code that reads tables from them. So they are
kept apart from the extraction cache, which any change to the extractor
empties: a fixed table rule re-reads a scanned report in a second instead of a
minute. The settings (Tesseract's version, its model, resolution, deskew)
are part of what is stored; a page OCR'd with other settings is read again.

The refresh keeps them in `.extraction-cache/ocr/` beside the warehouse and
passes that folder down (`read_lines(path, ocr_cache)`); without one, nothing
is cached.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipelines.extract.readers.tesseract import OcrWord, ScannedPage


class OcrCache:
    def __init__(self, folder: Path, sha256: str, settings: str):
        self.folder = folder / sha256
        self.settings = settings

    @classmethod
    def of_file(cls, folder: Path | None, path: Path, settings: str) -> OcrCache | None:
        """The cached pages of `path` in `folder`; None without a folder (nothing cached)."""
        if folder is None:
            return None
        return cls(folder, hashlib.sha256(path.read_bytes()).hexdigest(), settings)

    def _path(self, number: int) -> Path:
        return self.folder / f"page-{number}.json"

    def get(self, number: int) -> ScannedPage | None:
        try:
            stored = json.loads(self._path(number).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if stored.get("settings") != self.settings:
            return None
        words = tuple(OcrWord(*word) for word in stored["words"])
        return ScannedPage(number, stored["dpi"], words, stored["turned"])

    def put(self, page: ScannedPage) -> None:
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
