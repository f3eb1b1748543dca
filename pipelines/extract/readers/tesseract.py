"""Tesseract with its Swedish model, kept loaded: an image in, its words with boxes and confidences out.

tesserocr calls the Tesseract library in-process, so the model is loaded once
per process rather than once per page as the command line does. The model
files come from the system (Debian's `tesseract-ocr-swe`); where they are
missing, OCR is refused with the one command that installs them. Tesseract's
OpenMP threads are limited to one: pages are spread over processes instead,
which is faster on a shared machine (measured: ~10 s a page with the default
threads against ~3.6 s with one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.extract.readers.errors import UnreadableDocument

LANGUAGES = ("swe", "eng")  # Swedish first; Debian's Swedish model alone reads `%` as `PN` or `40`
PAGE_SEGMENTATION = 6  # one uniform block: a table row stays one line however wide its gaps
INSTALL_HINT = "apt-get install -y tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng"
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


class OcrUnavailable(UnreadableDocument):
    """Tesseract or its Swedish model is not installed; the message says how to install it."""


@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read: its box in pixels, its confidence 0..100, and the line it put it on."""

    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    confidence: float
    line: int  # Tesseract's text line, numbered over the page


def tessdata_dir() -> Path | None:
    """Where the Swedish (and English) models lie: TESSDATA_PREFIX, else the usual system folders."""
    configured = os.environ.get("TESSDATA_PREFIX")
    candidates = [configured, str(Path(configured) / "tessdata")] if configured else []
    candidates += list(_TESSDATA_DIRS)
    for candidate in candidates:
        if all((Path(candidate) / f"{language}.traineddata").is_file() for language in LANGUAGES):
            return Path(candidate)
    return None


def engine_version() -> str:
    """The Tesseract library's version and the model files' sizes: part of the OCR cache key."""
    import tesserocr

    folder = tessdata_dir()
    sizes = [(folder / f"{name}.traineddata").stat().st_size if folder else 0 for name in LANGUAGES]
    models = ",".join(f"{name}:{size}" for name, size in zip(LANGUAGES, sizes, strict=True))
    return f"{tesserocr.tesseract_version().split()[1]}/{models}"


class Tesseract:
    """One loaded model; `read(image, dpi)` OCRs one page image."""

    def __init__(self) -> None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        folder = tessdata_dir()
        if folder is None:
            raise OcrUnavailable(f"Tesseract and its Swedish model are not installed; run: {INSTALL_HINT}")
        try:
            from tesserocr import PyTessBaseAPI
        except ImportError as error:  # the wheel is a dependency; a broken install says so plainly
            raise OcrUnavailable(f"tesserocr cannot be loaded ({error}); run: make install") from error
        self._api = PyTessBaseAPI(path=str(folder) + "/", lang="+".join(LANGUAGES), psm=PAGE_SEGMENTATION)

    def read(self, image, dpi: int) -> list[OcrWord]:
        from tesserocr import RIL

        api = self._api
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        words: list[OcrWord] = []
        iterator = api.GetIterator()
        line = 0
        if iterator is None:
            return words
        while True:
            if iterator.IsAtBeginningOf(RIL.TEXTLINE):
                line += 1
            text = (iterator.GetUTF8Text(RIL.WORD) or "").strip()
            box = iterator.BoundingBox(RIL.WORD)
            if text and box is not None:
                x0, y0, x1, y1 = box
                words.append(OcrWord(text, x0, y0, x1, y1, round(iterator.Confidence(RIL.WORD), 1), line))
            if not iterator.Next(RIL.WORD):
                break
        return words

    def close(self) -> None:
        self._api.End()
