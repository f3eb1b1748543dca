"""The development documents against their truth files: every figure, every contradiction, no wrong value
verified. Skipped where ../shared/documents is not beside the checkout (a fresh clone).

The five seed documents and the seven further ones of `more/` are read as the
refresh reads them (classified by name and content, the vocabulary seed
alone); each figure of the truth file must be a fact with its value, except
the few listed in KNOWN_MISSES with why.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from pipelines.extract.accuracy import TruthFigure, printing_line, read_truth, score
from pipelines.extract.extractor import extract_document
from pipelines.extract.model import Line
from tests.conftest import SHARED_DOCUMENTS

TRUTHS = (SHARED_DOCUMENTS / "truth.facts.csv", SHARED_DOCUMENTS / "more" / "truth.facts.csv")
# The OCR'd goal map prints two goals' measures in one run of lines with no trace of which goal each
# belongs to; the truth's reader told them apart from the printed page. Both targets are read as facts
# (80 % on lines 435 and 463), under goal numbers of their own (`working_methods:1`, `:3`), so they
# count as accounted for, not as found.
KNOWN_MISSES = {
    ("sodra-lappland_arsredovisning-2025_ocr.txt", "420"),
    ("sodra-lappland_arsredovisning-2025_ocr.txt", "463"),
}
SEED = [
    "skelleftea-norsjo_verksamhetsplan-2015-2017.txt",
    "sodra-lappland_arsredovisning-2025_ocr.txt",
    "sodra-lappland_verksamhetsplan-2024_original.txt",
    "sodra-lappland_verksamhetsplan-2024_reviderad.md",
    "solleftea_verksamhetsplan-2024.txt",
]
MORE = [
    "more/skelleftea-norsjo_verksamhetsplan-2016.txt",
    "more/sodra-lappland_arsredovisning-2024_ocr.pdf",
    "more/sodra-lappland_arsredovisning-2024_ocr.txt",
    "more/sodra-lappland_verksamhetsplan-2026.md",
    "more/solleftea_arsredovisning-2024.txt",
    "more/solleftea_verksamhetsplan-2025.pdf",
    "more/solleftea_verksamhetsplan-2025.txt",
]


@cache
def _truth(path):
    return read_truth(path)


@cache
def _read(name: str):
    path = SHARED_DOCUMENTS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the development documents come with ../shared only)")
    truth_file = TRUTHS[1] if name.startswith("more/") else TRUTHS[0]
    truth = [figure for figure in _truth(truth_file) if figure.source_file == path.name]
    document, extraction = extract_document(path)
    result = score(extraction.facts, {row.source_line for row in extraction.review}, truth, document.lines)
    return extraction, truth, result


@pytest.mark.parametrize("name", SEED + MORE)
def test_every_figure_of_the_truth_is_read(name):
    _, truth, result = _read(name)
    assert truth, "the truth file lists no figure of this document"
    missing = {(figure.source_file, figure.source_line) for figure in result.missing}
    assert missing <= KNOWN_MISSES, result.report()
    assert not result.wrong, result.report()


@pytest.mark.parametrize("name", SEED + MORE)
def test_no_wrong_value_is_verified_and_every_figure_is_a_fact_or_a_review_row(name):
    _, truth, result = _read(name)
    assert not result.wrong_but_verified, result.report()
    assert result.accounted == result.expected, result.report()


@pytest.mark.parametrize("name", SEED + MORE)
def test_every_printed_contradiction_is_a_conflict_naming_both_numbers(name):
    extraction, truth, _ = _read(name)
    for figure in (f for f in truth if f.expected_status == "conflict"):
        [fact] = [f for f in extraction.facts if figure.accepts_key(f)]
        assert (fact.value, fact.status) == (figure.value, "conflict")
        printed = f"{abs(figure.value):,.0f}".replace(",", " ")
        assert f"printed {'-' if figure.value < 0 else ''}{printed};" in fact.message
        assert " sum to " in fact.message or " as printed is " in fact.message


def test_the_seed_and_development_sets_meet_the_issues_bar():
    if not SHARED_DOCUMENTS.exists():
        pytest.skip("../shared/documents is not here")
    seed = [_read(name)[2] for name in SEED]
    more = [_read(name)[2] for name in MORE]
    assert sum(r.found for r in seed) / sum(r.expected for r in seed) >= 0.98
    assert sum(r.found for r in more) / sum(r.expected for r in more) >= 0.95


def test_a_known_conflict_says_both_numbers():
    extraction, _, _ = _read("solleftea_verksamhetsplan-2024.txt")
    conflicts = {(f.fiscal_year, f.code): f.message for f in extraction.facts if f.status == "conflict"}
    assert conflicts[(2025, "board_and_office_total")] == (
        "printed 667 000; its parts (Kansli, Styrelse) sum to 687 000"
    )
    # income 2 832 000 less the costs as printed: 667 000 (the printed, contradicted total) and 5 000
    assert conflicts[(2025, "result")] == "printed 0; income less costs as printed is 2 160 000"


def _cited(line: str, value: str) -> TruthFigure:
    return TruthFigure(
        "indicator", "x", 2025, ("outcome",), "target", ("a:1",), Decimal(value), "x.txt", line, "", ""
    )


def test_the_line_that_prints_a_figure_cited_by_its_goal_is_found_below_it():
    lines = [
        Line(0, "420", "Forbundet har rutiner for"),
        Line(1, "421", "uppfoljning inom 180 dagar"),
        Line(2, "422", "Indikator- 80 % av styrelsen"),
    ]
    assert printing_line(_cited("420", "80"), lines) == "422"  # 180 holds 80, but not as a figure
    assert printing_line(_cited("422", "80"), lines) == "422"
    assert printing_line(_cited("420", "75"), lines) == "420"  # printed nowhere near: the cited line


def test_a_figure_in_kronor_is_found_as_the_document_prints_it():
    lines = [Line(0, "7", "Summa kostnader"), Line(1, "8", "Summa 3\u00a0998 4 244")]
    assert printing_line(_cited("7", "3998000"), lines) == "8"  # tkr, NBSP-grouped
    assert printing_line(_cited("7", "4244"), lines) == "8"
