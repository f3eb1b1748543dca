"""A report that reuses the export's suppressed tables, or the published report, equals one built from nothing."""

from __future__ import annotations

import duckdb

from pipelines.export import build_nns_export
from pipelines.report.build import build_report
from tests.export.changed_year import EQUITY_AFTER, files_of, warehouse_with_changed_year
from tests.report.report_html import read_tables


def test_an_unchanged_report_is_linked_and_a_changed_one_is_built_as_from_nothing(refreshed, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_nns_export(connection, tmp_path / "published" / "nns")
        first = build_report(
            connection, tmp_path / "published" / "report", export=tmp_path / "published" / "nns"
        )
        again = build_report(connection, tmp_path / "again" / "report", tmp_path / "published" / "report")
    published = tmp_path / "published" / "report"
    assert not first.reused and again.reused
    assert (again.pages, again.charts, again.figures_linked) == (
        first.pages,
        first.charts,
        first.figures_linked,
    )
    index = tmp_path / "again" / "report" / "index.html"
    assert index.stat().st_ino == (published / "index.html").stat().st_ino, "linked, not drawn again"
    assert files_of(tmp_path / "again" / "report") == files_of(published)

    changed = warehouse_with_changed_year(refreshed.settings.warehouse, tmp_path / "changed")
    with duckdb.connect(str(changed), read_only=True) as connection:
        build_nns_export(connection, tmp_path / "build" / "nns", tmp_path / "published" / "nns")
        built = build_report(connection, tmp_path / "build" / "report", published, tmp_path / "build" / "nns")
        build_report(connection, tmp_path / "fresh" / "report")  # suppresses every year itself
    assert not built.reused
    assert files_of(tmp_path / "build" / "report") == files_of(tmp_path / "fresh" / "report")
    equity = read_tables(tmp_path / "build" / "report" / "jamforelser.html")["eget-kapital"]
    row = next(r for r in equity if r["Förbund"].value == "sodra_lappland" and r["År"].value == "2025")
    assert row["Eget kapital"].value == str(EQUITY_AFTER)
