"""A landing with nothing to load is refused before anything is built or Dagster is imported.

Missing, misspelled, not a folder, unreadable or empty: `finsam refresh` exits
1 with one line naming the folder and what is wrong, leaves the published
warehouse and export as they were, and never prints a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from pipelines.foundation.settings import PROJECT_ROOT, Settings
from pipelines.ingest.landing_check import LandingProblem, check_landing
from tests.conftest import FINSAM, SAMPLE_LANDING, snapshot

HEAVY = ("dagster", "dagster_dbt", "dbt", "great_expectations", "pandas")


def published_state(folder: Path) -> Settings:
    """A stand-in for a published warehouse and export: the check must not touch either."""
    settings = Settings.from_env(
        folder / "landing", folder / "out" / "finsam.duckdb", folder / "out" / "exports"
    )
    settings.warehouse.parent.mkdir(parents=True)
    settings.warehouse.write_bytes(b"the published warehouse")
    export = settings.exports / ".nns-0123456789abcdef"
    (export / "2025").mkdir(parents=True)
    (export / "2025" / "rpt_equity.csv").write_text("federation_id\nsodra_lappland\n", encoding="utf-8")
    (settings.exports / "nns").symlink_to(export.name)
    return settings


def refresh_with_import_log(
    landing: Path, settings: Settings, **run
) -> tuple[subprocess.CompletedProcess, float]:
    command = [FINSAM[0], "-X", "importtime", *FINSAM[1:], "refresh", "--landing", str(landing)]
    command += ["--warehouse", str(settings.warehouse), "--exports", str(settings.exports)]
    started = time.monotonic()
    completed = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, **run)
    return completed, time.monotonic() - started


def split_stderr(stderr: str) -> tuple[list[str], set[str]]:
    """The lines the command printed, and the top-level packages `-X importtime` saw imported."""
    lines, imported = [], set()
    for line in stderr.splitlines():
        if line.startswith("import time:"):
            imported.add(line.rsplit("|", 1)[-1].strip().split(".")[0])
        else:
            lines.append(line)
    return lines, imported


def assert_refused(completed, seconds: float, imported: set[str], lines: list[str], expected: str):
    assert completed.returncode == 1, completed.stdout + completed.stderr[-2000:]
    assert lines == [expected]
    assert completed.stdout == ""  # not even "Refreshing from"
    assert "Traceback" not in completed.stderr
    assert imported.isdisjoint(HEAVY), imported & set(HEAVY)
    assert seconds < 2, f"refused after {seconds:.1f} s"


def make_landing(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A landing folder of one bad kind and the reason the refusal should give."""
    if kind == "missing":
        return tmp_path / "nowhere", "does not exist"
    if kind == "misspelled":  # the issue's `FINSAM_LANDING=landng`, beside a good landing
        shutil.copytree(SAMPLE_LANDING, tmp_path / "landing")
        return tmp_path / "landng", f"does not exist (did you mean {tmp_path / 'landing'}?)"
    if kind == "a file":
        (tmp_path / "landing.csv").write_text("not a folder\n", encoding="utf-8")
        return tmp_path / "landing.csv", "is not a folder"
    folder = tmp_path / "landing"
    (folder / "solleftea").mkdir(parents=True)
    if kind == "only files that load nothing":
        (folder / "federations.csv").write_text("federation_id,name_sv\n", encoding="utf-8")
        (folder / "solleftea" / "documents.csv").write_text("file,kind\n", encoding="utf-8")
        (folder / "solleftea" / "README.md").write_text("# Om mappen\n", encoding="utf-8")
        (folder / "solleftea" / ".hidden.facts.csv").write_text("x\n", encoding="utf-8")
        (folder / ".git").mkdir()
        (folder / ".git" / "old.facts.csv").write_text("x\n", encoding="utf-8")
    what = (
        "*.facts.csv, *.corrections.csv, *.participants.csv or documents "
        "(.txt, .md, .markdown, .text, .pdf, .xlsx, .xlsm, .xls, .ods, .docx)"
    )
    return folder, f"holds nothing to load (no {what})"


@pytest.mark.parametrize("kind", ["missing", "misspelled", "a file", "empty", "only files that load nothing"])
def test_a_landing_with_nothing_to_load_is_refused_at_once_and_publishes_nothing(tmp_path, kind):
    settings = published_state(tmp_path)
    before = snapshot(settings)
    listing = sorted(path.name for path in settings.warehouse.parent.iterdir())
    landing, reason = make_landing(tmp_path, kind)

    completed, seconds = refresh_with_import_log(landing, settings)

    lines, imported = split_stderr(completed.stderr)
    assert_refused(completed, seconds, imported, lines, f"error: landing folder {landing} {reason}")
    assert snapshot(settings) == before
    assert sorted(path.name for path in settings.warehouse.parent.iterdir()) == listing  # not even a lock


def test_the_same_check_answers_for_python_callers(tmp_path):
    with pytest.raises(LandingProblem, match=r"landing folder .*nowhere does not exist$"):
        check_landing(tmp_path / "nowhere")
    # the sample: 14 files that load (facts, participants, documents: a workbook, a Word file and a scan
    # among them); documents.csv load nothing alone
    assert check_landing(SAMPLE_LANDING) == 14
    mixed = tmp_path / "mixed"
    (mixed / "umea").mkdir(parents=True)
    (mixed / "umea" / "BUDGET-2025.PDF").write_bytes(b"%PDF-1.4\n")  # any case counts, as the loaders read it
    assert check_landing(mixed) == 1


@pytest.fixture()
def unprivileged():
    """Run a command as `nobody` when the tests run as root (root reads every file)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a folder unreadable")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture()
def open_folder():
    """A folder every user may enter (pytest's own temporary folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="finsam-landing-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


@pytest.mark.parametrize("what", ["the folder", "every file"])
def test_an_unreadable_landing_is_refused_with_the_reason(open_folder, unprivileged, what):
    settings = published_state(open_folder)
    for path in [open_folder, *open_folder.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    landing = open_folder / "landing"
    shutil.copytree(SAMPLE_LANDING / "solleftea", landing / "solleftea")
    if what == "the folder":
        landing.chmod(0o000)
        reason = "cannot be read: Permission denied"
    else:
        for path in (landing / "solleftea").iterdir():
            path.chmod(0o000)
        reason = "has 2 input files and none can be read (solleftea/solleftea_budget-2024.pdf, …)"
    before = snapshot(settings)

    command = [*unprivileged, FINSAM[0], *FINSAM[1:], "refresh", "--landing", str(landing)]
    command += ["--warehouse", str(settings.warehouse), "--exports", str(settings.exports)]
    completed = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)

    assert completed.returncode == 1, completed.stderr[-2000:]
    assert completed.stderr.splitlines() == [f"error: landing folder {landing} {reason}"]
    assert snapshot(settings) == before
