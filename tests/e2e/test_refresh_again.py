"""A second refresh of the same landing gives the same marts and export, no duplicates."""

import json

import duckdb

from tests.conftest import SAMPLE_LANDING, refresh_into


def marts_snapshot(warehouse) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        return {t: connection.execute(f"select * from marts.{t} order by all").fetchall() for t in tables}


def test_a_second_refresh_gives_identical_marts_and_exports(refreshed, tmp_path):
    first = marts_snapshot(refreshed.settings.warehouse)
    # same warehouse file, refreshed again: nothing changed, so nothing runs and nothing changes
    unchanged = refresh_into(refreshed.settings.warehouse.parent)
    assert unchanged.exit_code == 0 and "Nothing changed since the published refresh" in unchanged.stdout
    assert marts_snapshot(unchanged.settings.warehouse) == first
    # and rebuilt on purpose
    again = refresh_into(refreshed.settings.warehouse.parent, SAMPLE_LANDING, "--full")
    assert again.exit_code == 2
    second = marts_snapshot(again.settings.warehouse)
    assert first.keys() == second.keys() and len(first) >= 20
    for table, rows in first.items():
        assert rows == second[table], table
    with duckdb.connect(str(again.settings.warehouse), read_only=True) as connection:
        duplicates = connection.execute(
            "select count(*) from (select fact_key from marts.fct_budget_lines "
            "group by fact_key having count(*) > 1)"
        ).fetchone()[0]
    assert duplicates == 0
    manifest = json.loads((again.settings.exports / "nns" / "manifest.json").read_text())
    hashes = {e["file"]: e["sha256"] for e in manifest["files"]}
    assert {e["format"] for e in manifest["files"]} == {"csv", "parquet"}
    fresh = refresh_into(tmp_path)
    fresh_manifest = json.loads((fresh.settings.exports / "nns" / "manifest.json").read_text())
    # CSV and Parquet alike: the same landing gives the same bytes
    assert hashes == {e["file"]: e["sha256"] for e in fresh_manifest["files"]}
    assert (again.settings.exports / "nns").resolve().name == (fresh.settings.exports / "nns").resolve().name
