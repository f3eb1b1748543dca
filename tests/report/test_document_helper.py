"""Document pages shared with a second process give the report the build alone gives, and a helper
that fails or dies leaves nothing unwritten."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import duckdb
import pytest

import pipelines.report.build as build
from pipelines.report.build import BuiltReport, build_report
from pipelines.report.document_helper import DocumentBatches, DocumentHelper, in_batches
from pipelines.report.page_plan import PlannedPage
from tests.export.changed_year import files_of

SAMPLE_DOCUMENTS = 12  # the bundled landing's documents: 3 federations (test_report_batches.py)


@pytest.fixture()
def alone(refreshed, tmp_path) -> Path:
    """The sample's report built by this process alone (12 documents: below the helper's threshold)."""
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        built = build_report(connection, tmp_path / "alone" / "report")
    assert built.pages_by_helper == 0
    return tmp_path / "alone" / "report"


@pytest.fixture()
def helped(monkeypatch):
    """Every report build gets a helper, its batches one federation each."""
    monkeypatch.setattr(build, "HELPER_FROM", 1)
    monkeypatch.setattr(build, "HELPER_BATCH", 1)


def built_with_helper(refreshed, folder: Path) -> BuiltReport:
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        return build_report(connection, folder)


def test_the_helper_writing_every_document_page_gives_the_same_report(
    refreshed, alone, helped, monkeypatch, tmp_path
):
    monkeypatch.setattr(DocumentBatches, "take", lambda self: None)  # this process takes no batch
    built = built_with_helper(refreshed, tmp_path / "helped" / "report")
    assert built.pages_by_helper == SAMPLE_DOCUMENTS
    assert files_of(tmp_path / "helped" / "report") == files_of(alone)


def test_batches_shared_as_they_come_give_the_same_report(refreshed, alone, helped, tmp_path):
    built = built_with_helper(refreshed, tmp_path / "shared" / "report")
    assert 0 <= built.pages_by_helper <= SAMPLE_DOCUMENTS  # which process takes which batch varies
    assert files_of(tmp_path / "shared" / "report") == files_of(alone)
    assert (tmp_path / "shared" / "report.pages.json").read_bytes() == (
        alone.with_name("report.pages.json").read_bytes()
    )


def test_a_helper_that_fails_in_a_batch_leaves_its_pages_to_the_build(
    refreshed, alone, helped, monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(DocumentBatches, "take", lambda self: None)
    sending = DocumentHelper.send

    def unwritable(self, folder, *rest):  # the helper takes a batch, then cannot write its pages
        sending(self, tmp_path / "missing" / "report", *rest)

    monkeypatch.setattr(DocumentHelper, "send", unwritable)
    built = built_with_helper(refreshed, tmp_path / "helped" / "report")
    assert built.pages_by_helper == 0
    assert files_of(tmp_path / "helped" / "report") == files_of(alone)
    assert not (tmp_path / "missing").exists()
    assert "3 batches rendered here, not by the helper" in caplog.text
    assert "FileNotFoundError" in caplog.text  # the helper's traceback, in the warning


def test_a_helper_that_dies_leaves_its_pages_to_the_build(
    refreshed, alone, helped, monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(DocumentBatches, "take", lambda self: None)

    def killed(self, *job):
        self._process.kill()
        self._process.join()

    monkeypatch.setattr(DocumentHelper, "send", killed)
    built = built_with_helper(refreshed, tmp_path / "helped" / "report")
    assert built.pages_by_helper == 0
    assert files_of(tmp_path / "helped" / "report") == files_of(alone)
    assert "3 batches rendered here, not by the helper: the helper ended without a word" in caplog.text


def page(federation: str, name: str) -> PlannedPage:
    return PlannedPage(name, "t", name, "", "", lambda *_: None, document=(federation, name))


def test_batches_hold_at_least_so_many_documents_and_end_with_a_federation():
    pages = [page("a", "a1"), page("a", "a2"), page("a", "a3"), page("b", "b1"), page("c", "c1")]
    assert [[p.path for p in b] for b in in_batches(pages, 2)] == [["a1", "a2", "a3"], ["b1", "c1"]]
    assert [[p.path for p in b] for b in in_batches(pages, 1)] == [["a1", "a2", "a3"], ["b1"], ["c1"]]
    assert in_batches([], 1) == []


def test_two_takers_of_one_counter_take_each_batch_once():
    shared = multiprocessing.get_context("spawn").Value("i", 0)
    batches = [[page("a", "a1")], [page("b", "b1")], [page("c", "c1")]]
    one, other = DocumentBatches(batches, shared), DocumentBatches(batches, shared)
    taken = [one.take(), other.take(), one.take(), other.take(), one.take()]
    assert taken == [0, 1, 2, None, None]
    assert (one.mine, other.mine) == ([0, 2], [1])


def test_a_stopped_helper_leaves_no_batch_to_take(tmp_path):
    """A build that fails stops its helper: the batches it had not yet taken are taken by nobody."""
    helper = DocumentHelper(tmp_path / "warehouse.duckdb")
    batches = DocumentBatches([[page("a", "a1")], [page("b", "b1")]], helper.shared)
    assert batches.take() == 0
    helper.stop()
    assert batches.take() is None
    assert not helper._process.is_alive()
