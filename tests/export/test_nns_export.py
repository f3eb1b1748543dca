"""The NNS export folder: per-year files, a manifest that matches them, one year at a time."""

import hashlib
import json

import duckdb

from pipelines.export import build_nns_export


def test_one_fiscal_year_is_rewritten_and_the_others_stay(refreshed, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        everything = build_nns_export(connection, tmp_path / "first")
        untouched = (tmp_path / "first" / "2015" / "fct_budget_lines.csv").read_bytes()
        only_2025 = build_nns_export(connection, tmp_path / "second", tmp_path / "first", fiscal_year=2025)
    assert {entry.fiscal_year for entry in everything} == {2015, 2021, 2022, 2023, 2024, 2025, 2026}
    assert only_2025 == everything, "same files, same bytes"
    assert (tmp_path / "second" / "2015" / "fct_budget_lines.csv").read_bytes() == untouched


def test_the_manifest_describes_every_file(refreshed):
    nns = refreshed.settings.exports / "nns"
    manifest = json.loads((nns / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(nns).as_posix() for p in nns.glob("*/*") if p.is_file())
    assert sorted(entry["file"] for entry in manifest["files"]) == on_disk
    for entry in manifest["files"]:
        data = (nns / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    tables = {entry["table"] for entry in manifest["files"]}
    assert {"rpt_federation_year", "rpt_equity", "fct_statements", "fct_indicators"} <= tables
    assert not any(table.startswith(("dim_", "int_", "stg_")) for table in tables)
    budget_2024 = next(e for e in manifest["files"] if e["file"] == "2024/fct_budget_lines.parquet")
    with duckdb.connect() as connection:
        rows = connection.execute(
            f"select count(*) from read_parquet('{nns / budget_2024['file']}')"
        ).fetchone()[0]
    assert rows == budget_2024["rows"] > 0
