"""Extraction measured on a generated landing folder: every document through the extractor, compared
with its truth, per layout and overall.

`measure_landing(DIR)` is what the benchmark calls. Each document is extracted as a
refresh would extract it (`extract_document` with the federation of its folder, names
of federations and members from the seeds plus the landing's registrations),
and compared with DIR/truth/<federation_id>/<stem>.facts.csv by
`pipelines.extract.accuracy.measure`: right key and right value, or not.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.extract.accuracy import Accuracy, measure, read_expected
from pipelines.extract.classify import UnclassifiableDocument
from pipelines.extract.extractor import extract_document
from pipelines.extract.readers import UnreadableDocument
from pipelines.extract.vocabulary import Vocabulary, load_vocabulary
from pipelines.ingest.registrations import registered_in
from pipelines.synth.command import layout_of


@dataclass
class LandingAccuracy:
    overall: Accuracy = field(default_factory=Accuracy)
    by_layout: dict[str, Accuracy] = field(default_factory=dict)
    by_document: dict[str, Accuracy] = field(default_factory=dict)  # landing-relative path → accuracy
    failed: dict[str, str] = field(default_factory=dict)  # documents the extractor refused, and why

    def report(self) -> str:
        lines = [f"overall   {self.overall.found}/{self.overall.expected} ({self.overall.rate:.2%})"]
        for name, accuracy in sorted(self.by_layout.items()):
            lines.append(f"{name:<9} {accuracy.found}/{accuracy.expected} ({accuracy.rate:.2%})")
        lines += [f"refused   {name}: {reason}" for name, reason in sorted(self.failed.items())]
        return "\n".join(lines)


def measure_landing(out: Path, federations: list[str] | None = None) -> LandingAccuracy:
    """Accuracy of extraction on DIR (the folder `finsam synth --out` wrote), optionally for some
    federations only."""
    landing = out / "landing"
    vocabulary = load_vocabulary(registered=registered_in(landing))  # its federations are registered
    return _measured(landing, out / "truth", federations, vocabulary)


def _measured(
    landing: Path, truth: Path, federations: list[str] | None, vocabulary: Vocabulary
) -> LandingAccuracy:
    result = LandingAccuracy()
    for folder in sorted(path for path in landing.iterdir() if path.is_dir()):
        if federations is not None and folder.name not in federations:
            continue
        for source_file, layout in _documents(folder / "documents.csv"):
            name = f"{folder.name}/{source_file}"
            expected = read_expected([truth / folder.name / _truth_name(source_file)], source_file)
            try:
                _, extraction = extract_document(folder / source_file, folder.name, vocabulary=vocabulary)
                accuracy = measure(extraction.facts, expected)
            except (UnreadableDocument, UnclassifiableDocument) as error:
                result.failed[name] = str(error)
                accuracy = measure([], expected)
            result.by_document[name] = accuracy
            _add(result.overall, accuracy)
            _add(result.by_layout.setdefault(layout, Accuracy()), accuracy)
    return result


def _documents(manifest: Path) -> list[tuple[str, str]]:
    with manifest.open(encoding="utf-8", newline="") as handle:
        return [(row["source_file"], layout_of(row["title"])) for row in csv.DictReader(handle)]


def _truth_name(source_file: str) -> str:
    return source_file.rsplit(".", 1)[0] + ".facts.csv"


def _add(total: Accuracy, part: Accuracy) -> None:
    total.expected += part.expected
    total.found += part.found
    total.wrong += part.wrong
    total.missing += part.missing
    total.extra += part.extra
