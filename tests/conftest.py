"""Shared fixtures: one refresh of the bundled sample per session; the `e2e` mark of tests that refresh."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main as finsam
from pipelines.cli import use_library_environment
from pipelines.foundation.settings import PROJECT_ROOT, Settings

SAMPLE_LANDING = PROJECT_ROOT / "landing"
SHARED_DOCUMENTS = PROJECT_ROOT.parent / "shared" / "documents"


def pytest_configure(config) -> None:
    """Every refresh of the session records its run in a Dagster instance of its own, not the project's."""
    home = Path(tempfile.mkdtemp(prefix="finsam-dagster-home-"))
    config.finsam_dagster_home = home
    os.environ["DAGSTER_HOME"] = str(home)
    use_library_environment()  # as `finsam` does for its process


def pytest_unconfigure(config) -> None:
    home = getattr(config, "finsam_dagster_home", None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


E2E_FOLDER = Path(__file__).parent / "e2e"
REFRESH_FIXTURES = frozenset({"refreshed"})  # `published` and `warehouse` use it too


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs a whole refresh is marked `e2e` by where it is or what it uses, not by memory:
    every test in tests/e2e/, and every test that uses the session's refresh, however indirectly."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if E2E_FOLDER in item.path.parents or uses & REFRESH_FIXTURES:
            item.add_marker(pytest.mark.e2e)


_running: list[pytest.Item] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """The test that runs now, for `require_e2e`: its setup, call and teardown."""
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


def require_e2e(what: str) -> None:
    """Fail the running test unless it is marked `e2e`: `make test-fast` would otherwise run a refresh."""
    if _running and _running[-1].get_closest_marker("e2e") is None:
        pytest.fail(
            f"{_running[-1].nodeid} runs {what}, a whole refresh: mark it @pytest.mark.e2e "
            "or move it to tests/e2e/",
            pytrace=False,
        )


@dataclass(frozen=True)
class Refreshed:
    settings: Settings
    exit_code: int
    stdout: str
    stderr: str


def refresh_into(folder: Path, landing: Path = SAMPLE_LANDING, *extra: str) -> Refreshed:
    """Run `finsam refresh` in process into `folder`; return its exit code and output."""
    require_e2e("refresh_into")
    settings = Settings.from_env(landing, folder / "finsam.duckdb", folder / "exports")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = finsam(
            [
                "refresh",
                "--landing",
                str(settings.landing),
                "--warehouse",
                str(settings.warehouse),
                "--exports",
                str(settings.exports),
                *extra,
            ]
        )
    return Refreshed(settings, code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory) -> Refreshed:
    result = refresh_into(tmp_path_factory.mktemp("sample"))
    # 2: published with warnings (the sample's equity exceeds the recommendation)
    assert result.exit_code == 2, result.stdout + result.stderr[-3000:]
    return result


@pytest.fixture()
def warehouse(refreshed):
    with duckdb.connect(str(refreshed.settings.warehouse), read_only=True) as connection:
        yield connection


@pytest.fixture()
def sample_build(refreshed, tmp_path) -> Settings:
    """Settings whose build file is a copy of the session's published sample warehouse."""
    settings = Settings.from_env(refreshed.settings.landing, tmp_path / "w" / "finsam.duckdb", tmp_path / "e")
    settings.warehouse.parent.mkdir()
    shutil.copyfile(refreshed.settings.warehouse, settings.build_warehouse)
    return settings


def snapshot(settings: Settings) -> dict[str, str]:
    """sha256 of the warehouse file and of every published export file, and where `nns` points."""
    files = {"warehouse": hashlib.sha256(settings.warehouse.read_bytes()).hexdigest()}
    nns = settings.exports / "nns"
    files["nns ->"] = str(nns.resolve().name)
    for path in sorted(nns.rglob("*")):
        if path.is_file():
            files[path.relative_to(nns).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@pytest.fixture()
def published(refreshed, tmp_path) -> Settings:
    """A copy of the session's published sample (warehouse, export, extraction cache) to refresh again."""
    folder = tmp_path / "published"
    shutil.copytree(refreshed.settings.warehouse.parent, folder, symlinks=True)
    (folder / f".{refreshed.settings.warehouse.name}.lock").unlink(missing_ok=True)
    return Settings.from_env(SAMPLE_LANDING, folder / "finsam.duckdb", folder / "exports")


FINSAM = [sys.executable, "-m", "pipelines.cli"]


def refresh_command(settings: Settings, *extra: str) -> list[str]:
    """`finsam refresh` of `settings` as a command line, run by this test's Python."""
    paths = ["--landing", str(settings.landing), "--warehouse", str(settings.warehouse)]
    return [*FINSAM, "refresh", *paths, "--exports", str(settings.exports), *extra]


def start_refresh(command: list[str], output: Path, **popen) -> subprocess.Popen:
    """A refresh in its own process group (so it can be killed whole), its output in `output`."""
    with output.open("wb") as log:
        return subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **popen,
        )


def kill_group(process: subprocess.Popen) -> None:
    """kill -9 of the process and everything it started (dbt, extraction workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/e2e/golden/sample_outputs.sha256 from this refresh (tests/e2e/test_same_output.py)",
    )
