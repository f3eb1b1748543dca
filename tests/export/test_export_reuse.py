"""An export that reuses the published years whose rows did not change equals one written from nothing."""

from __future__ import annotations

import duckdb

from pipelines.export import build_nns_export
from pipelines.export.reuse import ExportInputs, inputs_path, reused_years
from tests.export.changed_year import CHANGED_YEAR, EQUITY_AFTER, files_of, warehouse_with_changed_year


def test_only_the_changed_year_is_written_again_and_the_export_equals_a_fresh_one(refreshed, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_nns_export(connection, tmp_path / "published" / "nns")
    published = tmp_path / "published" / "nns"
    changed = warehouse_with_changed_year(refreshed.settings.warehouse, tmp_path / "changed")
    with duckdb.connect(str(changed), read_only=True) as connection:
        reusing = build_nns_export(connection, tmp_path / "build" / "nns", published)
        fresh = build_nns_export(connection, tmp_path / "fresh" / "nns")
    build = tmp_path / "build" / "nns"
    assert reusing == fresh
    assert files_of(build) == files_of(tmp_path / "fresh" / "nns"), "byte for byte, manifest included"
    assert inputs_path(build).read_bytes() == inputs_path(tmp_path / "fresh" / "nns").read_bytes()
    years = sorted(ExportInputs.of(build).years)
    assert years == [2015, 2021, 2022, 2023, 2024, 2025, 2026]
    assert reused_years(build, published) == [y for y in years if y != CHANGED_YEAR], "linked, not written"
    row = next(
        line
        for line in (build / str(CHANGED_YEAR) / "rpt_equity.csv").read_text(encoding="utf-8").splitlines()
        if line.startswith("sodra_lappland,2025,")
    )
    assert row.split(",")[2] == str(EQUITY_AFTER)  # equity_sek, whole kronor: 1 973 000 + 10 000


def test_a_changed_writer_writes_every_year_again(refreshed, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_nns_export(connection, tmp_path / "published" / "nns")
        build_nns_export(
            connection, tmp_path / "sv" / "nns", tmp_path / "published" / "nns", csv_dialect="sv"
        )
        build_nns_export(connection, tmp_path / "same" / "nns", tmp_path / "published" / "nns")
    assert reused_years(tmp_path / "sv" / "nns", tmp_path / "published" / "nns") == []
    assert len(reused_years(tmp_path / "same" / "nns", tmp_path / "published" / "nns")) == 7
