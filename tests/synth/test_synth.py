"""`finsam synth`: a deterministic landing folder of fictional federations whose truth the extractor meets."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.extract.accuracy import measure
from pipelines.extract.extractor import extract_document
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.foundation.personal_data import looks_like_personnummer
from pipelines.foundation.reference import load_reference
from pipelines.ingest.participants import PARTICIPANT_COLUMNS
from pipelines.ingest.registrations import registered_in
from pipelines.synth.command import SynthArguments, synthesize
from pipelines.synth.economy import Economy
from pipelines.synth.federations import make_federations, write_reference
from pipelines.synth.landing_accuracy import measure_landing
from pipelines.synth.layouts import LAYOUTS
from pipelines.synth.layouts.style import Style
from pipelines.synth.participants import counts_of, participants_of_year
from pipelines.synth.plans import plan_document
from pipelines.synth.reports import report_document

SMALL = SynthArguments(federations=3, years=2, participants_per_year=300, seed=7)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesize(SMALL, out)
    return out


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_same_arguments_give_the_same_bytes(generated, tmp_path):
    synthesize(SMALL, tmp_path)
    assert _digests(tmp_path) == _digests(generated)


def test_another_seed_gives_other_federations(generated, tmp_path):
    synthesize(SynthArguments(3, 2, 300, seed=8), tmp_path)
    ids = {row["federation_id"] for row in _rows(tmp_path / "landing" / "federations.csv")}
    assert len(ids) == 3
    assert ids != {row["federation_id"] for row in _rows(generated / "landing" / "federations.csv")}


def test_layout_of_the_output_folder(generated):
    landing = generated / "landing"
    federations = _rows(landing / "federations.csv")
    assert [row["federation_id"] for row in federations] == sorted(
        row["federation_id"] for row in federations
    )
    assert list(federations[0]) == [
        "federation_id",
        "name_sv",
        "county",
        "founded",
        "chief_fte_pct",
        "board_members",
    ]
    for row in federations:
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", row["federation_id"])
        assert row["federation_id"] not in load_reference().federations
        assert row["name_sv"].startswith("Samordningsförbundet ")
        folder = landing / row["federation_id"]
        documents = _rows(folder / "documents.csv")
        assert len(documents) == 2 * SMALL.years
        assert {d["document_kind"] for d in documents} == {"verksamhetsplan", "arsredovisning"}
        for document in documents:
            assert (folder / document["source_file"]).is_file()
            truth = (
                generated
                / "truth"
                / row["federation_id"]
                / (document["source_file"].rsplit(".", 1)[0] + ".facts.csv")
            )
            assert _rows(truth) and {f["source_file"] for f in _rows(truth)} == {document["source_file"]}
    assert not list(landing.rglob("*.facts.csv"))
    summary = json.loads((generated / "synth.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 3 * 2 * 2
    assert summary["participants"] == sum(len(_rows(path)) for path in landing.rglob("*.participants.csv"))


def test_members_are_the_statutory_parties(generated):
    members = defaultdict(list)
    for row in _rows(generated / "landing" / "members.csv"):
        members[row["federation_id"]].append(row)
    for rows in members.values():
        types = [row["member_type"] for row in rows]
        assert [row["member_id"] for row in rows[:2]] == ["forsakringskassan", "arbetsformedlingen"]
        assert types.count("state") == 2 and types.count("region") == 1
        assert 1 <= types.count("municipality") <= 6
        for row in rows:
            if row["member_type"] == "municipality":
                assert row["name_sv"].endswith(" kommun")


def test_member_contributions_split_50_25_25_exactly_in_the_truth(generated):
    split = defaultdict(lambda: defaultdict(int))
    for path in (generated / "truth").rglob("*verksamhetsplan*.facts.csv"):
        for row in _rows(path):
            key = (path.name, row["fiscal_year"], row["scenario"])
            if row["code"] in ("contribution_state", "contribution_region", "contribution_municipality"):
                split[key][row["code"]] += int(row["value"])
            elif row["code"] == "contributions_total":
                split[key]["total"] = int(row["value"])
    assert split
    for parts in split.values():
        assert parts["contribution_state"] * 2 == parts["total"]
        assert parts["contribution_region"] * 4 == parts["total"]
        assert parts["contribution_municipality"] * 4 == parts["total"]


def test_participant_exports_are_pseudonymous_and_valid(generated):
    reference = load_reference()
    files = sorted((generated / "landing").rglob("*.participants.csv"))
    assert len(files) == 3 * 2
    for path in files:
        text = path.read_text(encoding="utf-8")
        rows = _rows(path)
        assert list(rows[0]) == list(PARTICIPANT_COLUMNS)
        assert not any(looks_like_personnummer(cell) for row in rows for cell in row.values())
        assert len({row["participant_ref"] for row in rows}) == len(rows)
        assert {row["exit_code"] for row in rows} - {""} <= reference.outcome_codes
        assert "namn" not in text.splitlines()[0]


def test_the_report_counts_enrolled_and_exits_as_the_warehouse_counts_the_exports(generated):
    for path in (generated / "truth").rglob("*arsredovisning*.facts.csv"):
        year = int(path.name.split("-")[-1].split(".")[0])
        exports = [
            row
            for export in (generated / "landing" / path.parent.name).glob("*.participants.csv")
            for row in _rows(export)
        ]
        enrolled = [
            row
            for row in exports
            if int(row["start_date"][:4]) <= year
            and (not row["end_date"] or int(row["end_date"][:4]) >= year)
        ]
        exits = [row for row in exports if row["end_date"][:4] == str(year)]
        printed = {
            (row["code"], row["item"]): int(row["value"])
            for row in _rows(path)
            if row["record_type"] in ("participants", "outcome")
        }
        assert printed[("participants_total", "")] == len(enrolled)
        assert printed[("participants_gender", "female")] == sum(
            row["gender"] == "female" for row in enrolled
        )
        assert printed[("exits_total", "")] == len(exits)
        assert printed.get(("studies", ""), 0) == sum(row["exit_code"] == "studies" for row in exits)


def test_conflicts_are_printed_totals_that_contradict_their_parts(tmp_path):
    synthesize(SynthArguments(12, 3, 300, seed=3), tmp_path)
    conflicts = [
        row
        for path in (tmp_path / "truth").rglob("*.facts.csv")
        for row in _rows(path)
        if row["status"] == "conflict"
    ]
    assert conflicts
    for row in conflicts:
        printed, parts = re.fullmatch(r"printed (-?\d+), parts sum to (-?\d+)", row["message"]).groups()
        assert int(printed) == int(row["value"]) != int(parts)


def test_extraction_meets_the_truth(generated):
    accuracy = measure_landing(generated)
    assert accuracy.overall.expected > 1000
    assert not accuracy.failed
    assert accuracy.overall.rate >= 0.98, accuracy.report()


def test_the_cli_writes_the_folder(tmp_path, capsys):
    code = main(
        ["synth", "--federations", "2", "--years", "1", "--participants-per-year", "50", "--seed", "5",
         "--last-year", "2020", "--out", str(tmp_path)]
    )  # fmt: skip
    assert code == 0
    assert "2 federations, 4 documents" in capsys.readouterr().out
    summary = json.loads((tmp_path / "synth.json").read_text(encoding="utf-8"))
    assert summary["arguments"]["first_year"] == summary["arguments"]["last_year"] == 2020
    assert len(list((tmp_path / "landing").glob("*/*_verksamhetsplan-2020.*"))) == 2


VARIATIONS = {
    "no-break spaces": Style(group="\u00a0"),
    "dot groups": Style(group="."),
    "minus signs": Style(minus="−"),
    "parentheses": Style(minus="()"),
    "newest year first": Style(newest_first=True),
    "stacked headers": Style(stacked_header=True),
    "other wordings": Style(reworded=True),
    "running headers and page numbers": Style(paged=True),
}
ALL_AT_ONCE = Style(group=".", minus="()", newest_first=True, stacked_header=True, reworded=True, paged=True)


@pytest.mark.parametrize(
    ("layout", "style"),
    [("pdftotext", style) for style in VARIATIONS.values()]
    + [(layout, ALL_AT_ONCE) for layout in ("pdftotext", "kronor", "markdown", "pdf")],
    ids=[*VARIATIONS, "all-pdftotext", "all-kronor", "all-markdown", "all-pdf"],
)
def test_every_variation_of_typesetting_is_read(layout, style, tmp_path):
    """Each way real documents vary their numbers, headers, wordings and pages, alone and together."""
    for seed in (11, 12):
        landing, federation, documents = _documents(seed, layout, tmp_path / str(seed))
        for document in documents:
            module = LAYOUTS[layout]
            path = landing / federation.federation_id / f"{document.stem}{module.SUFFIX}"
            printed = module.render(document, random.Random(seed), style)
            module.write(printed, path)
            vocabulary = load_vocabulary(registered=registered_in(landing))
            _, extraction = extract_document(path, federation.federation_id, vocabulary=vocabulary)
            accuracy = measure(extraction.facts, {fact.key: fact.value for _, fact in printed.facts})
            assert accuracy.rate == 1.0 and not accuracy.wrong, accuracy.report()


def _documents(seed: int, layout: str, folder: Path):
    (federation,) = make_federations(1, seed=seed, first_year=2024)
    landing = folder / "landing"
    (landing / federation.federation_id).mkdir(parents=True)
    write_reference([federation], landing)
    economy = Economy(federation, seed, 2024, 2025)
    rng = random.Random(layout)
    people = participants_of_year(rng, "AB", 2025, 40, federation.interventions, date(2025, 12, 31))
    documents = (
        plan_document(federation, economy, 2025, rng),
        report_document(federation, economy, 2025, counts_of(people, 2025, []), rng),
    )
    return landing, federation, documents


# Scans are read through OCR, which misreads some figures and counts lines its own way: they are
# measured against what OCR can promise in tests/extract/test_read_scans.py.
@pytest.mark.parametrize("layout", sorted(name for name in LAYOUTS if not name.startswith("scan")))
def test_every_layout_prints_what_the_extractor_reads(layout, tmp_path):
    landing, federation, documents = _documents(11, layout, tmp_path)
    rng = random.Random(layout)
    for document in documents:
        module = LAYOUTS[layout]
        path = landing / federation.federation_id / f"{document.stem}{module.SUFFIX}"
        printed = module.render(document, rng)
        refs = module.write(printed, path)
        expected = {fact.key: fact.value for _, fact in printed.facts}
        vocabulary = load_vocabulary(registered=registered_in(landing))
        _, extraction = extract_document(path, federation.federation_id, vocabulary=vocabulary)
        accuracy = measure(extraction.facts, expected)
        assert accuracy.rate == 1.0, accuracy.report()
        # The truth's line references are the extractor's (the same figure printed twice may differ).
        by_key = {fact.key: fact.source_line for fact in extraction.facts}
        same = sum(refs[index] == by_key[fact.key] for index, fact in printed.facts)
        assert same >= 0.9 * len(printed.facts)
