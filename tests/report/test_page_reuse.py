"""Pages of the published report are linked only when what they show is unchanged; the report is the same.

Each test changes a copy of the refreshed sample's warehouse as a refresh
would, builds the report with the published one beside it, and compares it
file by file with a report built from nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

import pipelines.report.reuse as reuse
from pipelines.report.build import BuiltReport, build_report
from pipelines.report.page_reuse import PageDigests
from pipelines.report.provenance import document_page
from tests.export.changed_year import files_of


@pytest.fixture()
def published(refreshed, tmp_path) -> Path:
    """The sample's report built with this code (not linked whole: no report.inputs.json beside it)."""
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_report(connection, tmp_path / "published" / "report")
    (tmp_path / "published" / "report.inputs.json").unlink()
    return tmp_path / "published" / "report"


def changed_copy(refreshed, folder: Path, *statements: tuple[str, list]) -> Path:
    folder.mkdir(parents=True)
    copy = folder / "changed.duckdb"
    shutil.copyfile(refreshed.settings.warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        for sql, parameters in statements:
            connection.execute(sql, parameters)
    return copy


def build_both(warehouse: Path, published: Path, tmp_path: Path) -> tuple[BuiltReport, Path]:
    """The report built beside the published one, after checking it equals one built from nothing."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        built = build_report(connection, tmp_path / "build" / "report", published)
        build_report(connection, tmp_path / "fresh" / "report")
    assert files_of(tmp_path / "build" / "report") == files_of(tmp_path / "fresh" / "report")
    return built, tmp_path / "build" / "report"


def linked(page: str, build: Path, published: Path) -> bool:
    return (build / page).stat().st_ino == (published / page).stat().st_ino


def test_a_fact_superseded_by_a_new_document_renders_the_old_documents_page_again(
    refreshed, published, tmp_path
):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        # a current fact printed on a line of a document, and another document of the same federation
        fact_id, federation, old = connection.execute(
            "with several as (select federation_id from marts.fct_fact_versions "
            "where source_file not like '%.csv' group by all having count(distinct source_file) > 1) "
            "select fact_version_id, federation_id, source_file from marts.fct_fact_versions "
            "join several using (federation_id) "
            "where is_current and source_line is not null and source_file not like '%.csv' "
            "order by federation_id, source_file, fact_version_id limit 1"
        ).fetchone()
        new = connection.execute(
            "select min(source_file) from marts.fct_fact_versions "
            "where federation_id = ? and source_file <> ? and source_file not like '%.csv'",
            [federation, old],
        ).fetchone()[0]
        untouched = connection.execute(
            "select federation_id, source_file from marts.fct_fact_versions "
            "where federation_id <> ? and source_file not like '%.csv' order by all limit 1",
            [federation],
        ).fetchone()
    assert new is not None and untouched is not None
    changed = changed_copy(
        refreshed,
        tmp_path / "changed",
        (  # the new document restates the figure: its version is current, the old one superseded by it
            "insert into marts.fct_fact_versions select * replace "
            "(fact_version_id || '-restated' as fact_version_id, ? as source_file, true as is_current, "
            "null as superseded_by) from marts.fct_fact_versions where fact_version_id = ?",
            [new, fact_id],
        ),
        (
            "update marts.fct_fact_versions set is_current = false, superseded_by = ? where fact_version_id = ?",
            [new, fact_id],
        ),
    )
    built, build = build_both(changed, published, tmp_path)

    old_page, new_page = document_page(federation, old), document_page(federation, new)
    assert not linked(old_page, build, published) and not linked(new_page, build, published)
    shown = (build / old_page).read_text(encoding="utf-8")
    assert f"ersatt av {new}" in shown and f"ersatt av {new}" not in (published / old_page).read_text()
    assert "Andra versioner" in shown
    assert linked(document_page(*untouched), build, published)
    assert linked("om.html", build, published)
    assert 0 < built.pages_linked < built.pages
    recorded = PageDigests.of(build)
    assert recorded is not None and len(recorded.pages) == built.pages


def test_a_changed_label_renders_every_page_again(refreshed, published, tmp_path):
    changed = changed_copy(
        refreshed,
        tmp_path / "changed",
        ("update reference.codes set label_sv = label_sv || ' (ny)' where code = 'total_costs'", []),
    )
    built, build = build_both(changed, published, tmp_path)
    assert built.pages_linked == 0 and not built.reused
    assert not any(linked(page, build, published) for page in ("om.html", "index.html", "kallor.html"))


def test_changed_code_or_templates_render_every_page_again(refreshed, published, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(reuse.PIPELINES / "templates", templates)
    with (templates / "report_about.html.j2").open("a", encoding="utf-8") as template:
        template.write("{# a template changed since the published report #}\n")
    monkeypatch.setattr(reuse, "CODE", tuple(templates if p.name == "templates" else p for p in reuse.CODE))
    built, build = build_both(refreshed.settings.warehouse, published, tmp_path)
    assert built.pages_linked == 0 and not built.reused


def test_an_unchanged_warehouse_links_every_page(refreshed, published, tmp_path):
    """Without report.inputs.json beside it the report is not linked whole; every page is, one by one."""
    built, build = build_both(refreshed.settings.warehouse, published, tmp_path)
    assert not built.reused and built.pages_linked == built.pages
    assert all(linked(page, build, published) for page in PageDigests.of(build).pages)


def test_a_changed_line_renders_its_document_and_federation_pages_again(refreshed, published, tmp_path):
    source_file = "solleftea_budget-2024.pdf"
    changed = changed_copy(
        refreshed,
        tmp_path / "changed",
        (
            "update raw.document_lines set text = 'Budget för 2024 (rättad)' where source_file = ? "
            "and _source_line = (select min(_source_line) from raw.document_lines where source_file = ?)",
            [source_file, source_file],
        ),
    )
    built, build = build_both(changed, published, tmp_path)
    page = document_page("solleftea", source_file)
    assert "Budget för 2024 (rättad)" in (build / page).read_text(encoding="utf-8")
    rendered = {path for path in PageDigests.of(build).pages if not linked(path, build, published)}
    assert rendered == {page, "forbund/solleftea.html", "kallor.html"}
    assert built.pages_linked == built.pages - 3


def test_pages_recorded_by_an_older_report_are_rendered_again(refreshed, published, tmp_path):
    """An older report.pages.json named only each page's digest: not its files, so none is linked."""
    recorded = published.with_name("report.pages.json")
    recorded.write_text('{"pages": {"om.html": "0123"}}\n', encoding="utf-8")
    built, build = build_both(refreshed.settings.warehouse, published, tmp_path)
    assert built.pages_linked == 0 and not linked("om.html", build, published)
