"""Which pages of the published report can be linked instead of rendered again.

A new year of documents changes the Overview, the comparisons, every
federation's page and the new documents' pages, but leaves most of the
national report's 1 800 document pages as they were. Each page is recorded
with the digest of what it is made from (`report.pages.json` beside the
report folder, published with it), the files it wrote besides itself (its
tables' CSV) and what it counted (figures linked, charts). The digest covers
the page's own inputs (page_inputs.py), its path, template and title, and the
build's common part (`common_digest`: the report's code, templates and
stylesheet, the libraries that render, and the names and labels every page
may show). A page whose digest equals the published page's is hard-linked
from the published report with its files, before anything of it is built;
any other page is rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.foundation.linked_copies import link_or_copy
from pipelines.report.data import ReportData

PAGES_SUFFIX = ".pages.json"
# ReportData fields that reach a page only through its own inputs (its rows, its facts' hidden cells)
PAGE_DATA = ("tables", "hidden_facts", "years")


@dataclass(frozen=True)
class PageRecord:
    """What a page was made from (`digest`), the files it wrote besides itself, and what it counted."""

    digest: str
    files: tuple[str, ...] = ()
    links: int = 0  # figures linked to their line
    charts: int = 0


@dataclass(frozen=True)
class PageDigests:
    """page path (relative to the report folder) -> its record."""

    pages: dict[str, PageRecord] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        pages = {path: dataclasses.asdict(record) for path, record in sorted(self.pages.items())}
        pages_path(folder).write_text(json.dumps({"pages": pages}, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def of(cls, folder: Path | None) -> PageDigests | None:
        """The records beside a report folder (a link is followed); None when there are none."""
        if folder is None or not folder.exists():
            return None
        try:
            recorded = json.loads(pages_path(folder.resolve()).read_text(encoding="utf-8"))
            return cls(
                {
                    str(path): PageRecord(
                        str(page["digest"]),
                        tuple(map(str, page["files"])),
                        int(page["links"]),
                        int(page["charts"]),
                    )
                    for path, page in recorded["pages"].items()
                }
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # none recorded (a report before this file), or damaged: render every page


def _record(page: dict) -> PageRecord:
    return PageRecord(
        str(page["digest"]), tuple(map(str, page["files"])), int(page["links"]), int(page["charts"])
    )


def pages_path(folder: Path) -> Path:
    return folder.with_name(folder.name + PAGES_SUFFIX)


def common_digest(product: str, data: ReportData) -> str:
    """What every page may show besides its own inputs: the product, names, labels, the recommendation."""
    shared = [
        f"{f.name} {_in_order(getattr(data, f.name))!r}"
        for f in dataclasses.fields(ReportData)
        if f.name not in PAGE_DATA
    ]
    return hashlib.sha256("\x1f".join([product, *shared]).encode()).hexdigest()


def _in_order(value):
    """A lookup table by its sorted entries: the order a query returned them in shows nowhere."""
    if isinstance(value, dict):
        return sorted(value.items(), key=lambda item: repr(item[0]))
    return value


class PageReuse:
    """Decides page by page whether the published page is taken; records every page."""

    def __init__(self, folder: Path, published: Path | None, common: str):
        previous = PageDigests.of(published)
        self.folder = folder
        self.published = published.resolve() if previous is not None and published is not None else None
        self.previous = previous.pages if previous is not None else {}
        self.common = common
        self.recorded: dict[str, PageRecord] = {}
        self.reused = 0

    def digest(self, path: str, *inputs: str) -> str:
        """The digest of a page made from `inputs` (its template, title and what page_inputs.py sums up)."""
        return hashlib.sha256("\x1f".join([self.common, path, *inputs]).encode()).hexdigest()

    def take(self, path: str, digest: str) -> PageRecord | None:
        """Link the published page and its files when it was made from `digest`; its record, else None."""
        previous = self.previous.get(path)
        if self.published is None or previous is None or previous.digest != digest:
            return None
        names = (path, *previous.files)
        sources = [self.published / name for name in names]
        if not all(source.is_file() for source in sources):
            return None
        for name, source in zip(names, sources, strict=True):
            link_or_copy(source, self.folder / name)
        self.record(path, previous)
        self.reused += 1
        return previous

    def record(self, path: str, record: PageRecord) -> None:
        self.recorded[path] = record

    def write(self) -> None:
        PageDigests(self.recorded).write(self.folder)
