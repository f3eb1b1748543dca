"""Document pages made a federation or so at a time (to hold fewer facts at once) give the same report."""

from __future__ import annotations

import duckdb
import pytest

import pipelines.report.page_plan as page_plan
from pipelines.report.build import build_report
from pipelines.report.provenance import document_page
from tests.export.changed_year import files_of
from tests.report.test_page_reuse import build_both, changed_copy, linked


@pytest.fixture()
def batches(monkeypatch) -> list[list[tuple[str, str]]]:
    """One document at a time, which makes each batch one federation's; the batches read, in order."""
    read: list[list[tuple[str, str]]] = []
    reading = page_plan.read_document_facts

    def recorded(*arguments):
        for batch, facts in reading(*arguments):
            read.append(batch)
            yield batch, facts

    monkeypatch.setattr(page_plan, "DOCUMENTS_AT_ONCE", 1)
    monkeypatch.setattr(page_plan, "read_document_facts", recorded)
    return read


def test_every_document_a_federation_at_a_time_gives_the_same_report(
    refreshed, batches, tmp_path, monkeypatch
):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_report(connection, tmp_path / "batched" / "report")
        assert [{key[0] for key in batch} for batch in batches] == [
            {"skelleftea_norsjo"},
            {"sodra_lappland"},
            {"solleftea"},
        ]
        assert sum(map(len, batches)) == 12
        batches.clear()
        monkeypatch.setattr(page_plan, "DOCUMENTS_AT_ONCE", 1000)
        build_report(connection, tmp_path / "at_once" / "report")
    assert len(batches) == 1
    assert files_of(tmp_path / "batched" / "report") == files_of(tmp_path / "at_once" / "report")


def test_some_documents_of_two_federations_a_federation_at_a_time(refreshed, batches, tmp_path):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        build_report(connection, tmp_path / "published" / "report")
    (tmp_path / "published" / "report.inputs.json").unlink()  # linked page by page, not whole
    changed = changed_copy(
        refreshed,
        tmp_path / "changed",
        *(
            (
                "update raw.document_lines set text = text || ' (rättad)' where source_file = ? "
                "and _source_line = (select min(_source_line) from raw.document_lines where source_file = ?)",
                [source_file, source_file],
            )
            for source_file in ("solleftea_budget-2024.pdf", "sodra-lappland_budget-2024.md")
        ),
    )
    batches.clear()
    built, build = build_both(changed, tmp_path / "published" / "report", tmp_path)  # equals one from nothing
    assert batches[:2] == [  # the build beside the published report; then the one from nothing
        [("sodra_lappland", "sodra-lappland_budget-2024.md")],
        [("solleftea", "solleftea_budget-2024.pdf")],
    ]
    assert not linked(
        document_page("solleftea", "solleftea_budget-2024.pdf"), build, tmp_path / "published" / "report"
    )
    assert built.pages_linked == built.pages - 5  # two documents, their federations, the sources
