"""Extraction results kept between refreshes, keyed by what decides them.

A yearly refresh lands a few new documents beside some 1 800 unchanged ones.
An unchanged document read by unchanged extractor code against unchanged
reference data gives the same facts, so its result is reused. The key holds
the document's sha256, the federation folder, and a fingerprint of the
extractor's source (and the checks' and foundation's it relies on), the seeds
(the label vocabulary too), the landing's registrations and its label
mappings: changing any of them misses the cache, so a result is never stale.
Delete the folder to force a cold extraction.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

from pipelines.extract.vocabulary import MAPPINGS_FILE
from pipelines.foundation.file_kinds import FEDERATIONS_FILE, MEMBERS_FILE
from pipelines.foundation.settings import SEEDS_DIR

EXTRACTOR_SOURCE = Path(__file__).resolve().parent
CHECKS_SOURCE = EXTRACTOR_SOURCE.parent / "ingest"  # extracted facts are checked as submitted ones are
FOUNDATION_SOURCE = EXTRACTOR_SOURCE.parent / "foundation"  # the contract, personal data, text decoding
EXTRACTION_CACHE = ".extraction-cache"  # beside the warehouse file
OCR_CACHE = "ocr"  # OCR'd pages, inside it: they outlive extractor changes (readers/ocr_cache.py)


def fingerprint(landing: Path) -> str:
    """Changes whenever the extractor, the fact checks, the foundation they use (the contract, personal
    data masking, text decoding), the seeds (the label vocabulary among them), the registrations or
    the landing's label mappings change."""
    digest = hashlib.sha256()
    inputs = [
        *sorted(EXTRACTOR_SOURCE.rglob("*.py")),
        *sorted(CHECKS_SOURCE.glob("*.py")),
        *sorted(FOUNDATION_SOURCE.glob("*.py")),
        *sorted(SEEDS_DIR.glob("*.csv")),
        landing / FEDERATIONS_FILE,
        landing / MEMBERS_FILE,
        landing / MAPPINGS_FILE,
    ]
    for path in inputs:
        name = path.relative_to(EXTRACTOR_SOURCE) if path.is_relative_to(EXTRACTOR_SOURCE) else path.name
        digest.update(str(name).encode())
        # a landing file that is a symbolic link is never read (ingest/landing.py)
        readable = path.is_file() and not path.is_symlink()
        digest.update(path.read_bytes() if readable else b"<absent>")
    return digest.hexdigest()[:16]


class ExtractionCache:
    """One pickle per document result under `folder/<fingerprint>/`, and one of its lines.

    The lines (a `part` of their own) are what the report's document view shows; they are
    kept apart so the extraction does not unpickle them and the document view not the facts.
    """

    def __init__(self, folder: Path, landing: Path):
        self.folder = folder / fingerprint(landing)
        self.ocr_folder = folder / OCR_CACHE
        self.hits = 0
        self.misses = 0
        if folder.is_dir():  # results of older code or reference data can never be hit again
            for stale in folder.iterdir():
                if stale not in (self.folder, self.ocr_folder) and stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)

    def _path(self, sha256: str, federation_id: str | None, part: str) -> Path:
        return self.folder / f"{sha256}-{federation_id or '_'}.{part}.pickle"

    def holds(self, sha256: str, federation_id: str | None, part: str = "read") -> bool:
        """Whether a result is kept (not read: `get` may still find it unreadable)."""
        return self._path(sha256, federation_id, part).is_file()

    def get(self, sha256: str, federation_id: str | None, part: str = "read"):
        path = self._path(sha256, federation_id, part)
        try:
            with path.open("rb") as handle:
                outcome = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return outcome

    def put(self, sha256: str, federation_id: str | None, outcome, part: str = "read") -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(sha256, federation_id, part)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # a crash mid-write never leaves a half result to be read
