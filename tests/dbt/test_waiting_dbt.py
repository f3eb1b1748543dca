"""A dbt process started ahead of its command (pipelines/dbt/waiting.py) answers as `dbt` would."""

from pathlib import Path

import pytest

from pipelines.dbt import waiting
from pipelines.dbt.commands import _run_dbt, start_dbt_ahead
from pipelines.defs import dbt_ahead
from pipelines.foundation.settings import Settings

SEEDS = ["ls", "--resource-type", "seed", "--output", "name"]


@pytest.fixture(autouse=True)
def nothing_left_waiting():
    """Every test ends the process it started: none is left for the next."""
    yield
    left = waiting._waiting
    waiting.discard_waiting_dbt()
    assert left is None


@pytest.fixture()
def build_file(tmp_path) -> Path:
    """A build file's path: `dbt ls` parses the project and never opens it."""
    folder = tmp_path / "warehouse"
    folder.mkdir()
    return folder / ".finsam.duckdb.next"


def _fresh_and_waiting(arguments: list[str], build_file: Path, target: Path):
    fresh, _ = _run_dbt(arguments, build_file, target / "fresh")
    start_dbt_ahead(build_file)
    assert waiting._waiting is not None and waiting._waiting.folder == build_file.parent
    ahead, _ = _run_dbt(arguments, build_file, target / "ahead")
    assert waiting._waiting is None  # used once
    return fresh, ahead


def _listed(output: str) -> list[str]:
    """The names `dbt ls --output name` printed, without its timestamped log lines."""
    return [line for line in output.splitlines() if line and ":" not in line and " " not in line]


@pytest.mark.slow  # two dbt processes: about 8 s
def test_a_command_run_ahead_prints_and_exits_as_the_dbt_command(build_file, tmp_path):
    fresh, ahead = _fresh_and_waiting(SEEDS, build_file, tmp_path)
    assert (fresh.returncode, ahead.returncode) == (0, 0)
    seeds = _listed(ahead.stdout)
    assert seeds == [
        "codes",
        "federations",
        "label_vocabulary",
        "members",
        "outcome_categories",
        "table_kinds",
        "value_labels",
    ]  # the project's seeds (seeds/)
    assert seeds == _listed(fresh.stdout)
    assert (tmp_path / "ahead" / "manifest.json").exists()  # written where DBT_TARGET_PATH said


@pytest.mark.slow
def test_a_command_dbt_refuses_exits_2_with_its_reason_ahead_as_well(build_file, tmp_path):
    fresh, ahead = _fresh_and_waiting(["build", "--no-such-option"], build_file, tmp_path)
    assert (fresh.returncode, ahead.returncode) == (2, 2)
    assert "no-such-option" in fresh.stdout + fresh.stderr
    assert "no-such-option" in ahead.stderr


def test_a_process_no_command_comes_for_ends_without_running_dbt(build_file, tmp_path):
    start_dbt_ahead(build_file)
    process = waiting._waiting.process
    waiting.discard_waiting_dbt()
    assert waiting._waiting is None
    assert process.returncode == 0 and process.stdout.closed  # ended, nothing run
    assert not list(build_file.parent.iterdir())


def test_a_process_waiting_in_another_folder_is_not_used_and_ends(build_file, tmp_path):
    start_dbt_ahead(build_file)
    process = waiting._waiting.process
    other = tmp_path / "other"
    other.mkdir()
    assert waiting.take_waiting_dbt(other) is None
    assert process.poll() == 0 and waiting._waiting is None


def test_the_build_starts_ahead_after_the_extraction_and_the_docs_after_the_build(tmp_path, monkeypatch):
    started: list[Path] = []
    monkeypatch.setattr(dbt_ahead, "start_dbt_ahead", started.append)
    documented: list[tuple[Path, Path]] = []
    monkeypatch.setattr(dbt_ahead, "begin_docs_on_a_copy", lambda *paths: documented.append(paths))
    reusable: list[Path | None] = [None]
    monkeypatch.setattr(dbt_ahead, "published_docs_reusable", lambda _settings: reusable[0])
    published = Settings.from_env(tmp_path / "landing", tmp_path / "w" / "finsam.duckdb", tmp_path / "e")
    every_step = ["raw_extracted", "gx_raw_suites", "finsam_dbt_models", "exports__docs"]

    dbt_ahead.start_dbt_after("raw_extracted", every_step, published)
    dbt_ahead.start_dbt_after("gx_raw_suites", every_step, published)  # not the step before a dbt one
    dbt_ahead.start_dbt_after("raw_extracted", ["raw_extracted"], published)  # no build in this run
    assert started == [published.build_warehouse]

    dbt_ahead.start_dbt_after("finsam_dbt_models", every_step, published)
    assert started == [published.build_warehouse]  # the docs start on a copy of the build, not the build
    copy = tmp_path / "w" / ".finsam.duckdb.next-docs"
    assert documented == [(published.build_warehouse, copy)]
    reusable[0] = tmp_path / "published-docs.html"  # the published docs will be linked: no dbt
    dbt_ahead.start_dbt_after("finsam_dbt_models", every_step, published)
    assert len(documented) == 1 and len(started) == 1
