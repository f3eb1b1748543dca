"""The NNS export package of the sample: schema-valid, reproducible, fast, and no small count readable."""

import codecs
import csv
import io
import json
import shutil
from collections import defaultdict
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.export import build_nns_export, validate_export
from pipelines.export.privacy import PERSON_COUNTS, PERSON_RECORD_TYPES

DIALECTS = ("rfc4180", "sv")


@pytest.fixture(scope="module")
def exports(refreshed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nns")
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        for dialect in DIALECTS:
            build_nns_export(connection, folder / dialect, csv_dialect=dialect)
    return {dialect: folder / dialect for dialect in DIALECTS}


def rows(folder, table: str) -> list[dict]:
    """Every row of a table over all years, from the Parquet files (typed)."""
    return [
        row for path in sorted(folder.glob(f"*/{table}.parquet")) for row in pq.read_table(path).to_pylist()
    ]


def small(value) -> bool:
    return value is not None and 0 < value < 5


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_exported_file_validates_against_its_schema(exports, dialect):
    problems = validate_export(exports[dialect])
    assert [str(problem) for problem in problems] == []
    manifest = json.loads((exports[dialect] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["csv_dialect"] == dialect and len(manifest["files"]) > 50
    assert [document["file"] for document in manifest["documents"]] == ["README.md", "schema.json"]


def test_the_same_warehouse_gives_the_same_bytes(refreshed, exports, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_nns_export(connection, tmp_path / "again")
    for name in ("manifest.json", "schema.json", "README.md"):
        assert (tmp_path / "again" / name).read_bytes() == (exports["rfc4180"] / name).read_bytes(), name
    files = json.loads((tmp_path / "again" / "manifest.json").read_text())["files"]
    for entry in files:
        assert (tmp_path / "again" / entry["file"]).read_bytes() == (
            exports["rfc4180"] / entry["file"]
        ).read_bytes()


def test_the_swedish_dialect_of_the_sample_opens_in_excel(exports):
    data = (exports["sv"] / "2024" / "rpt_equity.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data
    header, row = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    equity = dict(zip(header, row, strict=True))
    assert equity["equity_pct"] == "58,08" and equity["soliditet_pct"] == "79,21"
    assert equity["equity_sek"] == "2179000" and equity["exceeds_recommendation"] == "true"
    rfc = (exports["rfc4180"] / "2024" / "rpt_equity.csv").read_text(encoding="utf-8")
    assert rfc.startswith("federation_id,fiscal_year,") and ",58.08," in rfc


def test_no_person_count_from_1_to_4_is_visible(exports, warehouse):
    folder = exports["rfc4180"]
    for table, columns in PERSON_COUNTS.items():
        for row in rows(folder, table):
            if row.get("record_type", "participants") not in PERSON_RECORD_TYPES:
                continue
            for column in columns:
                assert not small(row[column]), (table, column, row)
    # the sample does have them: exit counts of 1 and 2, survey answers from 1 to 4
    in_warehouse = warehouse.execute(
        "select record_type, code, item from marts.fct_fact_versions "
        "where record_type in ('outcome', 'survey') and value between 1 and 4"
    ).fetchall()
    assert {code for _, code, _ in in_warehouse} >= {"assessment_completed", "moved", "partly", "no"}
    exported = {(r["record_type"], r["code"], r["item"]): r for r in rows(folder, "fct_fact_versions")}
    for key in in_warehouse:
        assert exported[key]["value"] is None and "value:small_count" in exported[key]["suppressed"]


def hidden_counts(cells: list) -> int:
    return sum(value is None for value in cells)


def assert_protected(total, cells: list, where) -> None:
    """A visible total with exactly one hidden cell would give that cell away."""
    if total is not None:
        assert hidden_counts(cells) != 1, where


def test_no_hidden_count_can_be_recomputed_from_a_total(exports):
    folder = exports["rfc4180"]
    groups = defaultdict(dict)
    for table in ("fct_participants", "fct_outcomes", "fct_surveys"):
        for r in rows(folder, table):
            groups[(r["federation_id"], r["fiscal_year"], r["scenario"])][(r["code"], r["item"])] = r["value"]
    for key, cells in groups.items():
        total = cells.get(("participants_total", ""))
        for breakdown in ("participants_gender", "participants_age"):
            assert_protected(total, [v for (c, _), v in cells.items() if c == breakdown], (key, breakdown))
        exit_codes = [value for (code, _), value in cells.items() if code in OUTCOME_CODES]
        assert_protected(cells.get(("exits_total", "")), exit_codes, (key, "exits"))
        for (code, item), respondents in cells.items():
            if code == "respondents":
                group = item.removesuffix("all")
                questions = {i for (c, i) in cells if c in ("yes", "partly", "no") and i.startswith(group)}
                for question in questions:
                    answers = [cells.get((c, question)) for c in ("yes", "partly", "no")]
                    assert_protected(respondents, answers, (key, question))
    for r in rows(folder, "rpt_survey_results"):
        answers = [r["answered_yes"], r["answered_partly"], r["answered_no"]]
        assert_protected(r["answers"], answers, r)
        assert_protected(r["respondents"], answers, r)
    for table in ("rpt_exit_outcomes", "rpt_exit_outcomes_by_intervention"):
        for r in rows(folder, table):
            assert_protected(r["positive_exits"], [r["exits_to_work"], r["exits_to_studies"]], r)
    for r in rows(folder, "rpt_exit_outcomes"):  # exits_to_work is itself the sum of two codes
        codes = groups[(r["federation_id"], r["fiscal_year"], "outcome")]
        work = [codes.get(("work_subsidized", "")), codes.get(("work_unsubsidized", ""))]
        assert_protected(r["exits_to_work"], work, r)
        if r["exits_to_work"] is None and r["positive_exits"] is not None:
            assert hidden_counts(work) >= 1, "else work = ws + wu, and studies = positive - work"


OUTCOME_CODES = {
    "work_subsidized", "work_unsubsidized", "studies", "job_seeking", "to_employment_service",
    "to_social_insurance", "to_social_services", "to_healthcare", "assessment_completed",
    "dropped_own_request", "dropped_other", "moved", "other",
}  # fmt: skip


def test_a_count_hidden_in_one_table_is_hidden_in_every_other(exports):
    folder = exports["rfc4180"]
    hidden = {
        (r["federation_id"], r["fiscal_year"], r["record_type"], r["code"], r["item"])
        for table in ("fct_participants", "fct_outcomes", "fct_surveys")
        for r in rows(folder, table)
        if r["value"] is None
    }
    assert len(hidden) >= 10
    for r in rows(folder, "fct_fact_versions"):
        if (r["federation_id"], r["fiscal_year"], r["record_type"], r["code"], r["item"]) in hidden:
            assert r["value"] is None and r["records_value"] is None, r
    for r in rows(folder, "rpt_participant_reconciliation"):
        if (r["federation_id"], r["fiscal_year"], r["record_type"], r["code"], r["item"]) in hidden:
            assert r["reported_value"] is None and r["records_minus_reported"] is None, r


def test_no_visible_share_rests_on_fewer_than_10_or_gives_a_small_count_away(exports):
    folder = exports["rfc4180"]
    shares = {
        "rpt_exit_outcomes": {"work_pct": "exits", "studies_pct": "exits", "positive_exit_pct": "exits"},
        "rpt_exit_outcomes_by_intervention": {"work_pct": "exits", "studies_pct": "exits"},
        "rpt_federation_year": {"work_pct": "exits", "positive_exit_pct": "exits"},
        "rpt_survey_results": {"yes_pct": "answers", "partly_pct": "answers", "no_pct": "answers"},
    }
    seen = 0
    for table, columns in shares.items():
        for r in rows(folder, table):
            for share, base in columns.items():
                if r[share] is None:
                    continue
                seen += 1
                assert r[base] is not None and r[base] >= 10, (table, share, r)
                assert not small(round(r[share] * r[base] / Decimal(100))), (table, share, r)
    assert seen > 5


def test_a_one_year_rewrite_in_another_dialect_writes_every_year(refreshed, exports, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        files = build_nns_export(connection, tmp_path / "sv", exports["rfc4180"], 2025, csv_dialect="sv")
    assert {entry.fiscal_year for entry in files} == {2015, 2021, 2022, 2023, 2024, 2025, 2026}
    for entry in files:
        assert (tmp_path / "sv" / entry.file).read_bytes() == (exports["sv"] / entry.file).read_bytes()


def test_an_export_from_before_the_privacy_rules_is_not_carried_over(refreshed, exports, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(exports["rfc4180"], old)
    (old / "schema.json").unlink()
    (old / "2024" / "fct_outcomes.csv").write_text("unsuppressed\n", encoding="utf-8")
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_nns_export(connection, tmp_path / "new", old, fiscal_year=2025)
    assert (tmp_path / "new" / "manifest.json").read_bytes() == (
        exports["rfc4180"] / "manifest.json"
    ).read_bytes()
