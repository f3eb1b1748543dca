"""`finsam synth`: write DIR/landing (reference CSVs, documents, participant exports), DIR/truth and
DIR/synth.json. Same arguments, same bytes: every random draw comes from a generator seeded by the
arguments and by what is drawn, iteration is sorted, nothing records the time."""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.synth.document import Document
from pipelines.synth.economy import Economy
from pipelines.synth.federations import Federation, make_federations, write_reference
from pipelines.synth.layouts import LAYOUTS, choose_layout
from pipelines.synth.participants import counts_of, participants_csv, participants_of_year
from pipelines.synth.plans import plan_document
from pipelines.synth.reports import report_document
from pipelines.synth.truth import truth_csv

DOCUMENT_COLUMNS = ("source_file", "document_kind", "document_date", "title")


@dataclass(frozen=True)
class SynthArguments:
    federations: int
    years: int
    participants_per_year: int
    seed: int
    last_year: int = 2025

    @property
    def first_year(self) -> int:
        return self.last_year - self.years + 1


@dataclass
class SynthSummary:
    arguments: SynthArguments
    federations: int = 0
    documents: Counter = field(default_factory=Counter)  # by layout
    documents_by_kind: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)  # truth rows by layout
    participants: int = 0
    participant_files: int = 0

    def as_json(self) -> str:
        data = {
            "arguments": {
                "federations": self.arguments.federations,
                "years": self.arguments.years,
                "participants_per_year": self.arguments.participants_per_year,
                "seed": self.arguments.seed,
                "first_year": self.arguments.first_year,
                "last_year": self.arguments.last_year,
            },
            "federations": self.federations,
            "documents": sum(self.documents.values()),
            "documents_by_layout": dict(sorted(self.documents.items())),
            "documents_by_kind": dict(sorted(self.documents_by_kind.items())),
            "truth_facts_by_layout": dict(sorted(self.facts.items())),
            "participant_files": self.participant_files,
            "participants": self.participants,
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def synthesize(arguments: SynthArguments, out: Path) -> SynthSummary:
    """Write the whole output folder; an existing landing/ and truth/ there are replaced."""
    landing, truth = out / "landing", out / "truth"
    for folder in (landing, truth):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    federations = make_federations(arguments.federations, arguments.seed, arguments.first_year)
    write_reference(federations, landing)
    summary = SynthSummary(arguments, federations=len(federations))
    sizes = _participant_counts(federations, arguments)
    for federation in federations:
        _federation(federation, arguments, sizes[federation.federation_id], landing, truth, summary)
    (out / "synth.json").write_text(summary.as_json(), encoding="utf-8")
    return summary


def _participant_counts(federations: list[Federation], arguments: SynthArguments) -> dict[str, list[int]]:
    """Participants per federation and year: the national total shared by size, give or take a fifth."""
    weights = {f.federation_id: f.base_quarter_tkr for f in federations}
    whole = sum(weights.values())
    counts = {}
    for federation in federations:
        rng = random.Random(f"{arguments.seed}:{federation.federation_id}:participants")
        mean = arguments.participants_per_year * weights[federation.federation_id] / whole
        counts[federation.federation_id] = [
            max(1, round(mean * rng.uniform(0.8, 1.2))) for _ in range(arguments.years)
        ]
    return counts


def _federation(
    federation: Federation,
    arguments: SynthArguments,
    sizes: list[int],
    landing: Path,
    truth: Path,
    summary: SynthSummary,
) -> None:
    folder, truth_folder = landing / federation.federation_id, truth / federation.federation_id
    folder.mkdir()
    truth_folder.mkdir()
    economy = Economy(federation, arguments.seed, arguments.first_year, arguments.last_year)
    manifest: list[tuple[str, str, str, str]] = []
    recent: list[list] = []  # the two previous years' participants: no participation lasts longer
    last_day = date(arguments.last_year, 12, 31)
    stem = federation.federation_id.replace("_", "-")
    for year, size in zip(range(arguments.first_year, arguments.last_year + 1), sizes, strict=True):
        rng = random.Random(f"{arguments.seed}:{federation.federation_id}:{year}:documents")
        people = participants_of_year(
            rng, federation.ref_prefix, year, size, federation.interventions, last_day
        )
        (folder / f"{stem}_deltagare-{year}.participants.csv").write_text(
            participants_csv(people), encoding="utf-8"
        )
        summary.participants += len(people)
        summary.participant_files += 1
        counts = counts_of(people, year, [p for earlier in recent for p in earlier])
        recent = [*recent[-1:], people]
        for document in (
            plan_document(federation, economy, year, rng),
            report_document(federation, economy, year, counts, rng),
        ):
            manifest.append(_write_document(document, choose_layout(rng), rng, folder, truth_folder, summary))
    with (folder / "documents.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DOCUMENT_COLUMNS)
        writer.writerows(manifest)


def _write_document(
    document: Document, layout_name: str, rng: random.Random, folder: Path, truth: Path, summary: SynthSummary
) -> tuple[str, str, str, str]:
    layout = LAYOUTS[layout_name]
    file_name = f"{document.stem}{layout.SUFFIX}"
    printed = layout.render(document, rng)
    refs = layout.write(printed, folder / file_name)
    rows = [(fact, refs[index]) for index, fact in printed.facts]
    (truth / f"{document.stem}.facts.csv").write_text(truth_csv(rows, file_name), encoding="utf-8")
    summary.documents[layout_name] += 1
    summary.documents_by_kind[document.kind] += 1
    summary.facts[layout_name] += len(rows)
    return file_name, document.kind, document.date, f"{document.title} ({layout_name})"


def layout_of(title: str) -> str:
    """The layout a documents.csv title names (`Årsredovisning 2025 (ocr)` → `ocr`)."""
    return title.rsplit("(", 1)[-1].rstrip(")")
