"""Tesseract with its Swedish model, kept loaded: an image in, its words with boxes and confidences out.

tesserocr calls the Tesseract library in-process, so the model is loaded once
per process rather than once per page as the command line does. The model
files come from the system (Debian's `tesseract-ocr-swe`); where they are
missing, OCR is refused with the one command that installs them. Tesseract's
OpenMP threads should be limited to one (OMP_THREAD_LIMIT=1, set by the entry
points: pipelines/cli.py, `make ui`): pages are spread over processes instead,
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


@dataclass(frozen=True)
class ScannedPage:
    number: int  # 1-based
    dpi: int
    words: tuple[OcrWord, ...]
    turned: float = 0.0  # degrees the page was turned to level it

    @property
    def confidence(self) -> float | None:
        """The mean word confidence, 0..1, of what was read (the benchmark reports it)."""
        if not self.words:
            return None
        return sum(word.confidence for word in self.words) / len(self.words) / 100


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
        folder = tessdata_dir()
        if folder is None:
            raise OcrUnavailable(f"Tesseract and its Swedish model are not installed; run: {INSTALL_HINT}")
        try:
            from tesserocr import PyTessBaseAPI
        except ImportError as error:  # the wheel is a dependency; a broken install says so plainly
            raise OcrUnavailable(f"tesserocr cannot be loaded ({error}); run: make install") from error
        self._api = PyTessBaseAPI(path=str(folder) + "/", lang="+".join(LANGUAGES), psm=PAGE_SEGMENTATION)

    def read(self, image, dpi: int) -> list[OcrWord]:
        """The page's words in Tesseract's reading order, each with the text line it is on."""
        from tesserocr import RIL

        api = self._api
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        iterator = api.GetIterator()
        if iterator is None:
            return []
        words: list[OcrWord] = []
        symbols: list[tuple[str, tuple[int, int, int, int], float]] = []
        line = 0
        word_confidence = 0.0
        while True:
            if iterator.IsAtBeginningOf(RIL.WORD) and symbols:
                words += split_at_gaps(symbols, line)
                symbols = []
            if iterator.IsAtBeginningOf(RIL.TEXTLINE):
                line += 1
            if iterator.IsAtBeginningOf(RIL.WORD):
                word_confidence = iterator.Confidence(RIL.WORD)  # the model's own word score
            text = iterator.GetUTF8Text(RIL.SYMBOL) or ""
            box = iterator.BoundingBox(RIL.SYMBOL)
            if text.strip() and box is not None:
                symbols.append((text, box, min(word_confidence, iterator.Confidence(RIL.SYMBOL))))
            if not iterator.Next(RIL.SYMBOL):
                break
        return words + (split_at_gaps(symbols, line) if symbols else [])

    def close(self) -> None:
        self._api.End()


def split_at_gaps(symbols: list[tuple[str, tuple[int, int, int, int], float]], line: int) -> list[OcrWord]:
    """A word as Tesseract grouped it, split where its letters stand further apart than a letter is
    high: two figures of adjacent columns bridged by a speck (`3700-3760`) become `3700`, `-`, `3760`."""
    height = max(box[3] - box[1] for _, box, _ in symbols)
    pieces: list[list] = [[symbols[0]]]
    for symbol in symbols[1:]:
        if symbol[1][0] - pieces[-1][-1][1][2] > height:
            pieces.append([symbol])
        else:
            pieces[-1].append(symbol)
    return [
        OcrWord(
            "".join(text for text, _, _ in piece),
            min(box[0] for _, box, _ in piece),
            min(box[1] for _, box, _ in piece),
            max(box[2] for _, box, _ in piece),
            max(box[3] for _, box, _ in piece),
            round(min(confidence for _, _, confidence in piece), 1),
            line,
        )
        for piece in pieces
    ]
