"""The review list and the analyst's label mappings: what did not become a fact is said, file and line;
a mapping in landing/label_mappings.csv turns a label into a code, and a bad mapping row is refused."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from pipelines.cli import main
from pipelines.extract.cache import fingerprint
from pipelines.extract.review import REVIEW_COLUMNS
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.foundation.reference import load_reference
from pipelines.ingest.document_facts import extract_landing
from pipelines.ingest.registrations import registered_in
from tests.conftest import SAMPLE_LANDING

PLAN = """Samordningsförbundet i Sollefteå
Verksamhetsplan 2031
Budget 2031
Belopp i tkr                     Budget 2031
Kansli                                   600
Styrelse                                 100
Hyra av samverkanslokal                   50
Summa kostnader                          750
"""
MAPPINGS = """raw_label,table_kind,code,item
Hyra av samverkanslokal,budget,premises_total,
Okänd rad,budget,no_such_code,
Annat,kassaflode,cf_result,
"""


@pytest.fixture()
def landing(tmp_path):
    """The sample landing with one more plan in Sollefteå's folder."""
    copy = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, copy)
    (copy / "solleftea" / "solleftea_verksamhetsplan-2031.txt").write_text(PLAN, encoding="utf-8")
    return copy


def plan_rows(result, name="solleftea_verksamhetsplan-2031.txt"):
    facts = next(f for f in result.facts.files if f.name.endswith(name)).records
    review = next(f for f in result.review.files if f.name.endswith(name)).records
    return {fact.code: fact for fact in facts if fact.fiscal_year == 2031}, review


def test_an_unknown_label_is_a_review_row_with_file_line_and_reason(landing):
    facts, review = plan_rows(extract_landing(landing, load_reference(registered_in(landing))))
    assert "premises_total" not in facts
    assert facts["total_costs"].status == "verified"  # the unknown row still counts where it is printed
    [row] = review
    assert (row.source_file, row.source_line, row.raw_label, row.raw_values) == (
        "solleftea_verksamhetsplan-2031.txt",
        "7",
        "Hyra av samverkanslokal",
        "50",
    )
    assert (row.reason, row.federation_id, row.fiscal_year) == ("unknown label", "solleftea", 2031)


def test_a_label_mapping_makes_the_label_a_fact_and_a_bad_mapping_row_is_refused(landing):
    (landing / "label_mappings.csv").write_text(MAPPINGS, encoding="utf-8")
    result = extract_landing(landing, load_reference(registered_in(landing)))
    facts, review = plan_rows(result)
    assert (facts["premises_total"].value, facts["premises_total"].status) == (50000, "verified")
    assert facts["total_costs"].status == "verified"  # 600 + 100 + 50
    assert review == []
    refused = [(r.source_file, r.line, r.reason) for r in result.review.unreadable]
    assert refused == [
        ("label_mappings.csv", 3, "unknown code 'no_such_code' for budget_line (seeds/codes.csv)"),
        ("label_mappings.csv", 4, "unknown table_kind 'kassaflode' (one of " + _kinds() + ")"),
    ]


def _kinds() -> str:
    from pipelines.extract.vocabulary import RECORD_TYPES

    return ", ".join(sorted(RECORD_TYPES))


def test_a_mapping_file_without_its_columns_is_refused_whole(tmp_path):
    (tmp_path / "label_mappings.csv").write_text("label,code\nKansli,office_total\n", encoding="utf-8")
    [problem] = load_vocabulary(tmp_path).problems
    assert (problem.source_file, problem.line) == ("label_mappings.csv", 1)
    assert (
        problem.reason == "missing column(s) raw_label, table_kind; expected raw_label,table_kind,code,item"
    )


def test_the_cache_fingerprint_covers_the_label_mappings(tmp_path):
    before = fingerprint(tmp_path)
    (tmp_path / "label_mappings.csv").write_text(MAPPINGS, encoding="utf-8")
    assert fingerprint(tmp_path) != before


def test_finsam_extract_writes_the_review_list(landing, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FINSAM_LANDING", str(tmp_path / "elsewhere"))  # no mappings: the seed alone
    out = tmp_path / "review.csv"
    code = main(
        ["extract", str(landing / "solleftea" / "solleftea_verksamhetsplan-2031.txt"), "--review", str(out)]
    )
    captured = capsys.readouterr()
    assert code == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == REVIEW_COLUMNS
    assert [(r["source_line"], r["raw_label"], r["reason"]) for r in rows] == [
        ("7", "Hyra av samverkanslokal", "unknown label")
    ]
    assert "1 review rows written to" in captured.err
    facts = list(csv.DictReader(io.StringIO(captured.out)))
    assert {row["code"] for row in facts} == {"office_total", "board_total", "total_costs"}


def test_finsam_extract_takes_the_landings_mappings(landing, tmp_path, capsys, monkeypatch):
    (landing / "label_mappings.csv").write_text(MAPPINGS, encoding="utf-8")
    monkeypatch.setenv("FINSAM_LANDING", str(landing))
    code = main(["extract", str(landing / "solleftea" / "solleftea_verksamhetsplan-2031.txt")])
    captured = capsys.readouterr()
    assert code == 0
    assert "premises_total" in {row["code"] for row in csv.DictReader(io.StringIO(captured.out))}
    assert "label_mappings.csv:3: unknown code 'no_such_code'" in captured.err


def test_the_sample_refresh_keeps_the_review_list_in_ops(warehouse):
    columns = [row[0] for row in warehouse.execute("describe ops.extraction_review").fetchall()]
    assert columns[:7] == ["federation_id", "fiscal_year", *REVIEW_COLUMNS[:5]]
    assert {"landing_file", "sha256"} <= set(columns)
    # the sample's one document (Sollefteå's budget PDF) is read whole: nothing to review
    assert warehouse.execute("select count(*) from ops.extraction_review").fetchone() == (0,)
    assert warehouse.execute("select count(*) from raw.extraction_review").fetchone() == (0,)
