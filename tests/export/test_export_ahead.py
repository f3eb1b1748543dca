"""The NNS export written on a copy of the build while the mart checks run (pipelines/export/ahead.py)."""

import hashlib
from pathlib import Path

import pytest

from pipelines.dbt.project import ensure_manifest
from pipelines.export import ahead
from pipelines.export.ahead import (
    ExportRequest,
    begin_export_on_a_copy,
    discard_export_ahead,
    export_made_ahead,
)
from pipelines.export.package import build_nns_export
from pipelines.foundation import warehouse_file
from pipelines.foundation.settings import Settings
from pipelines.foundation.warehouse_file import connect_reader


@pytest.fixture(autouse=True)
def nothing_left_writing():
    yield
    left = ahead._AHEAD
    discard_export_ahead()
    assert left is None


@pytest.fixture()
def build(sample_build) -> Settings:
    return sample_build


def _request(settings: Settings, csv_dialect: str = "rfc4180") -> ExportRequest:
    return ExportRequest(settings.nns_build, settings.exports / "nns", csv_dialect, ensure_manifest())


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_export_written_on_a_copy_is_the_one_the_step_writes_on_the_build(build, tmp_path):
    request = _request(build)
    begin_export_on_a_copy(build.build_warehouse, build.export_copy, request)
    assert ahead._AHEAD.thread.name == "finsam-export-ahead"

    files = export_made_ahead(request, pytest.fail)

    assert not build.export_copy.exists()  # removed once written
    on_the_build = tmp_path / "on-the-build"
    with connect_reader(build.build_warehouse) as connection:
        expected = build_nns_export(connection, on_the_build, build.exports / "nns", None)
    assert files == expected
    assert _digests(build.nns_build) == _digests(on_the_build)
    rpt_equity = [f for f in files if f.table == "rpt_equity" and f.fiscal_year == 2025 and f.format == "csv"]
    assert [f.rows for f in rpt_equity] == [1]  # the sample's one equity figure of 2025
    written = (build.nns_build / "2025" / "rpt_equity.csv").read_text(encoding="utf-8")
    assert "sodra_lappland,2025," in written and ",53.64," in written  # Södra Lappland, 53,6 %


def test_an_export_written_for_other_options_is_not_taken(build):
    begin_export_on_a_copy(build.build_warehouse, build.export_copy, _request(build, "rfc4180"))
    told: list[str] = []

    assert export_made_ahead(_request(build, "sv"), told.append) is None

    assert told == ["export: the export written during the checks was for other options; written again"]
    assert not build.export_copy.exists() and ahead._AHEAD is None


def test_an_export_that_fails_on_the_copy_says_why_and_is_left_to_the_step(build):
    build.build_warehouse.write_bytes(b"not a database")
    begin_export_on_a_copy(build.build_warehouse, build.export_copy, _request(build))
    told: list[str] = []

    assert export_made_ahead(_request(build), told.append) is None

    assert len(told) == 1 and told[0].startswith("export: writing it during the checks failed; written again")
    assert "Traceback" in told[0]
    assert not build.export_copy.exists()


def test_an_export_no_step_takes_is_waited_for_and_its_copy_removed(build):
    begin_export_on_a_copy(build.build_warehouse, build.export_copy, _request(build))
    thread = ahead._AHEAD.thread

    discard_export_ahead()

    assert not thread.is_alive() and not build.export_copy.exists()


def test_a_copy_that_cannot_be_made_starts_nothing_and_leaves_nothing(build, monkeypatch):
    def disk_full(*_paths):
        (build.export_copy / build.build_warehouse.name).write_bytes(b"half a copy")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(warehouse_file.shutil, "copyfile", disk_full)
    begin_export_on_a_copy(build.build_warehouse, build.export_copy, _request(build))

    assert ahead._AHEAD is None and not build.export_copy.exists()
    assert export_made_ahead(_request(build), pytest.fail) is None  # the step writes the export
