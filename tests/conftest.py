"""Shared fixtures: one refresh of the bundled sample per test session."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main as finsam
from pipelines.settings import PROJECT_ROOT, Settings

SAMPLE_LANDING = PROJECT_ROOT / "landing"
SHARED_DOCUMENTS = PROJECT_ROOT.parent / "shared" / "documents"


@dataclass(frozen=True)
class Refreshed:
    settings: Settings
    exit_code: int
    stdout: str
    stderr: str


def refresh_into(folder: Path, landing: Path = SAMPLE_LANDING, *extra: str) -> Refreshed:
    """Run `finsam refresh` in process into `folder`; return its exit code and output."""
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
