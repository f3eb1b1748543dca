"""Read every landing file of one kind into records plus rejections, file by file.

One bad file never stops the others: it becomes a rejection naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.ingest.landing import LandingFile, landing_files
from pipelines.ingest.problems import Rejection, UnreadableFile
from pipelines.ingest.text_files import kept_content, read_landing_text


@dataclass
class LoadedFile:
    name: str
    sha256: str
    records: list
    rejections: list[Rejection]


@dataclass
class LoadResult:
    files: list[LoadedFile] = field(default_factory=list)
    unreadable: list[Rejection] = field(default_factory=list)

    @property
    def records(self) -> list:
        return [record for loaded in self.files for record in loaded.records]

    @property
    def rejections(self) -> list[Rejection]:
        return self.unreadable + [r for loaded in self.files for r in loaded.rejections]


Parser = Callable[[str, str, str | None], tuple[list, list[Rejection]]]


def load_landing(landing: Path, suffix: str, parse: Parser) -> LoadResult:
    """Parse each file with `parse(text, name, federation_id)`.

    A file seen twice under two names (same sha256) loads once.
    """
    result = LoadResult()
    seen: dict[str, str] = {}
    for landing_file in landing_files(landing, suffix):
        loaded = _load_one(landing_file, parse, seen)
        if isinstance(loaded, Rejection):
            result.unreadable.append(loaded)
        else:
            result.files.append(loaded)
    return result


def _load_one(landing_file: LandingFile, parse: Parser, seen: dict[str, str]):
    try:
        text = read_landing_text(landing_file.path, landing_file.name)
    except UnreadableFile as error:
        return Rejection(landing_file.name, 0, error.reason, kept_content(landing_file.path))
    if text.sha256 in seen:
        reason = f"same content as {seen[text.sha256]} (sha256 {text.sha256[:12]}); loaded once"
        return Rejection(landing_file.name, 0, reason, None)
    seen[text.sha256] = landing_file.name
    records, rejections = parse(text.text, landing_file.name, landing_file.federation_id)
    return LoadedFile(landing_file.name, text.sha256, records, rejections)
