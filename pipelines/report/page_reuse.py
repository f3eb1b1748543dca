"""Which pages of the published report can be linked instead of rendered again.

A new year of documents changes the Overview, the comparisons, every
federation's page and the new documents' pages, but leaves most of the
national report's 1 800 document pages as they were. Each page is recorded
with the digest of what it was rendered from (`report.pages.json` beside the
report folder, published with it): the page's own inputs (fingerprint.py),
its path, template and title, and the build's common part (`common_digest`:
the report's code, templates and stylesheet, the libraries that render, and
the names and labels every page may show). A page whose digest equals the
published page's is hard-linked from the published report with its tables'
CSV files; any other page is rendered.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.foundation.linked_copies import link_or_copy
from pipelines.report.data import ReportData
from pipelines.report.fingerprint import Fingerprints

PAGES_SUFFIX = ".pages.json"
# ReportData fields that reach a page only through its own inputs (its rows, its facts' hidden cells)
PAGE_DATA = ("tables", "hidden_facts", "years")


@dataclass(frozen=True)
class PageDigests:
    """page path (relative to the report folder) -> digest of what it was rendered from."""

    pages: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        text = json.dumps({"pages": dict(sorted(self.pages.items()))}, indent=0)
        pages_path(folder).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def of(cls, folder: Path | None) -> PageDigests | None:
        """The digests recorded beside a report folder (a link is followed); None when there are none."""
        if folder is None or not folder.exists():
            return None
        try:
            recorded = json.loads(pages_path(folder.resolve()).read_text(encoding="utf-8"))
            return cls({str(path): str(digest) for path, digest in recorded["pages"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # none recorded (a report before this file), or damaged: render every page


def pages_path(folder: Path) -> Path:
    return folder.with_name(folder.name + PAGES_SUFFIX)


def common_digest(fingerprints: Fingerprints, product: str, data: ReportData) -> str:
    """What every page may show besides its own inputs: the product, names, labels, the recommendation."""
    shared = [getattr(data, f.name) for f in dataclasses.fields(ReportData) if f.name not in PAGE_DATA]
    return fingerprints.digest(product, *(_in_order(value) for value in shared))


def _in_order(value):
    """A lookup table by its sorted entries: the order a query returned them in shows nowhere."""
    if isinstance(value, dict):
        return sorted(value.items(), key=lambda item: repr(item[0]))
    return value


class PageReuse:
    """Decides page by page whether the published page is taken; records every page's digest."""

    def __init__(self, folder: Path, published: Path | None, common: str, fingerprints: Fingerprints):
        previous = PageDigests.of(published)
        self.folder = folder
        self.published = published.resolve() if previous is not None and published is not None else None
        self.previous = previous.pages if previous is not None else {}
        self.common = common
        self.fingerprints = fingerprints
        self.recorded: dict[str, str] = {}
        self.reused = 0

    def digest(self, path: str, *inputs) -> str:
        digest = self.fingerprints.digest(self.common, path, *inputs)
        self.recorded[path] = digest
        return digest

    def take(self, path: str, digest: str, files: list[str]) -> bool:
        """Link the published page and its `files` (its tables' CSV) when it was rendered from `digest`."""
        if self.published is None or self.previous.get(path) != digest:
            return False
        sources = [self.published / name for name in (path, *files)]
        if not all(source.is_file() for source in sources):
            return False
        for name, source in zip((path, *files), sources, strict=True):
            link_or_copy(source, self.folder / name)
        self.reused += 1
        return True

    def write(self) -> None:
        PageDigests(self.recorded).write(self.folder)
