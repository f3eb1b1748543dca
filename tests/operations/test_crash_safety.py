"""kill -9 at any moment, or a full disk: the published warehouse and export stay byte for byte as they were.

The kills land where they are meant to: each refresh runs paused at its
moment (tests/operations/paused_refresh.py) and the test kills its whole process group
once it has got there.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.foundation.disk_space import mount_point, no_space_left
from pipelines.foundation.settings import PROJECT_ROOT, Settings
from pipelines.refresh.build_files import build_leftovers, remove_build_leftovers
from pipelines.refresh.guard import guarded_refresh
from pipelines.refresh.lock import refresh_lock
from pipelines.refresh.publish import publish_exports
from tests.conftest import SAMPLE_LANDING, refresh_command, snapshot
from tests.operations.paused_refresh import MOMENTS, kill_at


@pytest.mark.e2e
def test_kill_9_before_during_and_after_dbt_changes_nothing_and_the_next_refresh_cleans_up(
    published, tmp_path
):
    """Three refreshes, each killed at its moment; each next one starts by removing what the last left.

    The last leftovers are removed by the guard the next refresh passes first
    (in process here: no refresh to the end is needed for that). That a whole
    refresh then publishes, after a kill in the middle of dbt and without a
    hand on the files, is test_refresh_under_load.py.
    """
    before = snapshot(published)
    leftovers = {}
    for moment in MOMENTS:
        reached = kill_at(moment, published, tmp_path)
        assert snapshot(published) == before, f"killed {moment} ({reached})"
        leftovers[moment] = sorted(path.name for path in build_leftovers(published))
        with refresh_lock(published.warehouse):  # the dead refresh's lock is free at once
            pass
    assert leftovers["before dbt"][0] == ".finsam.duckdb.next"
    assert leftovers["during dbt"][0] == ".finsam.duckdb.next"
    assert {".finsam.duckdb.next", ".publish-next"} <= set(leftovers["during export"])
    for moment, previous in zip(MOMENTS[1:], MOMENTS, strict=False):  # each refresh cleaned up first
        log = (tmp_path / f"{moment}.log").read_text()
        assert f"Removed what an interrupted refresh left behind: {', '.join(leftovers[previous])}" in log
    with duckdb.connect(str(published.warehouse), read_only=True) as connection:
        assert connection.execute(
            "select count(*) from marts.fct_fact_versions where is_current"
        ).fetchone() == (441,)

    with guarded_refresh(published, "the next refresh") as start:
        assert start.removed_leftovers and build_leftovers(published) == []
    assert start.notes() == [
        f"Removed what an interrupted refresh left behind: {', '.join(leftovers['during export'])}"
    ]
    assert snapshot(published) == before


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


@pytest.fixture()
def small_disk(published, tmp_path):
    """A tmpfs holding the published state with 1 MiB to spare: the build (13 MB) fills it while loading."""
    mount = tmp_path / "small"
    mount.mkdir()
    size_kib = (folder_bytes(published.warehouse.parent) + 2**20) // 1024
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (root needed): {mounted.stderr.decode().strip()}")
    try:
        shutil.copytree(published.warehouse.parent, mount / "published", symlinks=True)
        yield Settings(
            published.landing, mount / "published" / "finsam.duckdb", mount / "published" / "exports"
        )
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.mark.e2e
def test_a_disk_that_fills_during_the_build_fails_with_one_line_and_keeps_the_published_state(small_disk):
    settings = small_disk
    before = snapshot(settings)

    completed = subprocess.run(  # --full: with nothing changed a refresh would not build at all
        refresh_command(settings, "--full"), cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )

    assert completed.returncode == 1, completed.stdout[-2000:] + completed.stderr[-3000:]
    mount = settings.warehouse.parents[1]
    lines = [line for line in completed.stderr.splitlines() if line.startswith("error: no space left on ")]
    assert len(lines) == 1, completed.stdout[-2000:] + completed.stderr[-3000:]
    [line] = lines
    assert line.startswith(f"error: no space left on {mount} (writing {mount}/published/")
    assert line.endswith("); the partial build was removed.")
    assert "nothing was published" in completed.stderr
    assert snapshot(settings) == before
    assert build_leftovers(settings) == []  # the partial build's space is free again


# --- the pieces, without a refresh ---------------------------------------------------------------


def test_leftovers_are_the_build_files_and_unpublished_export_folders_never_the_published_ones(tmp_path):
    settings = Settings(tmp_path / "landing", tmp_path / "finsam.duckdb", tmp_path / "exports")
    settings.warehouse.write_bytes(b"published")
    first = tmp_path / "first-build"
    (first / "nns" / "2025").mkdir(parents=True)
    (first / "nns" / "2025" / "rpt_equity.csv").write_text("a\n", encoding="utf-8")
    settings.exports.mkdir()
    published = publish_exports(first, settings.exports)
    # what a killed refresh leaves: build file, its WAL and spill folder, the copy its docs were made
    # on, an export build, and a folder renamed for publishing whose link was never switched
    settings.build_warehouse.write_bytes(b"half")
    settings.build_warehouse.with_name(".finsam.duckdb.next.wal").write_bytes(b"log")
    settings.build_warehouse.with_name(".finsam.duckdb.next.tmp").mkdir()
    settings.docs_copy.mkdir()
    (settings.docs_copy / settings.build_warehouse.name).write_bytes(b"half")
    (settings.nns_build / "2025").mkdir(parents=True)
    (settings.exports / ".published-feedfacefeedface").mkdir()
    (settings.exports / ".published-link").symlink_to(".published-feedfacefeedface")
    (settings.exports / ".nns-0123456789abcdef").mkdir()  # published by a refresh before `.published`

    assert sorted(path.name for path in remove_build_leftovers(settings)) == [
        ".finsam.duckdb.next",
        ".finsam.duckdb.next-docs",
        ".finsam.duckdb.next.tmp",
        ".finsam.duckdb.next.wal",
        ".nns-0123456789abcdef",
        ".publish-next",
        ".published-feedfacefeedface",
        ".published-link",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["exports", "finsam.duckdb"]
    assert sorted(path.name for path in settings.exports.iterdir()) == sorted(
        [".published", published.name, "docs", "nns", "report"]
    )
    assert (settings.exports / "nns" / "2025" / "rpt_equity.csv").read_text(encoding="utf-8") == "a\n"
    assert build_leftovers(settings) == []


def test_a_full_disk_is_found_in_duckdbs_and_pythons_words(tmp_path):
    duckdb_error = (
        f'IO Error: Could not write file "{tmp_path}/.finsam.duckdb.next": {os.strerror(errno.ENOSPC)}'
    )
    python_error = f"[Errno 28] {os.strerror(errno.ENOSPC)}: '{tmp_path}/exports/.nns-next/2025/x.csv'"
    mount = mount_point(tmp_path)
    assert no_space_left(["dbt build failed:", duckdb_error], tmp_path / "w") == (
        f"no space left on {mount} (writing {tmp_path}/.finsam.duckdb.next)"
    )
    assert no_space_left([python_error], tmp_path / "w") == (
        f"no space left on {mount} (writing {tmp_path}/exports/.nns-next/2025/x.csv)"
    )
    assert no_space_left(["No space left on device"], tmp_path / "w.duckdb") == (
        f"no space left on {mount} (writing {tmp_path}/w.duckdb)"
    )
    assert no_space_left(["Binder Error: column x not found"], tmp_path) is None


class Killed(BaseException):
    """Stands in for kill -9 between the warehouse's swap and the export's: nothing after it runs."""


def built_pair(settings: Settings, tag: str) -> None:
    """A build warehouse and export build holding `tag`."""
    settings.build_warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.build_warehouse)) as connection:
        connection.execute(f"create table refresh as select '{tag}' as tag")
    (settings.nns_build / "2025").mkdir(parents=True)
    (settings.nns_build / "2025" / "tag.csv").write_text(f"tag\n{tag}\n", encoding="utf-8")


def published_pair(settings: Settings) -> tuple[str, str]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        [(warehouse_tag,)] = connection.execute("select tag from refresh").fetchall()
    export_tag = (settings.exports / "nns" / "2025" / "tag.csv").read_text(encoding="utf-8").split()[1]
    return warehouse_tag, export_tag


@pytest.mark.parametrize("dies", ["before the warehouse swap", "between the two swaps"])
def test_a_publish_cut_short_is_rolled_back_or_finished_so_warehouse_and_export_stay_a_pair(
    tmp_path, monkeypatch, dies
):
    import pipelines.refresh.publish as publish

    settings = Settings(SAMPLE_LANDING, tmp_path / "finsam.duckdb", tmp_path / "exports")
    built_pair(settings, "old")
    publish.publish_pair(settings)
    assert published_pair(settings) == ("old", "old")
    built_pair(settings, "new")

    def die(*args, **kwargs):
        raise Killed

    if dies == "between the two swaps":
        monkeypatch.setattr(publish, "switch_link", die)
    else:
        monkeypatch.setattr(publish, "os", type("NoReplace", (), {"replace": die, "fsync": os.fsync}))
    with pytest.raises(Killed):
        publish.publish_pair(settings)
    monkeypatch.undo()
    assert publish.publishing_journal(settings).exists()

    with guarded_refresh(settings, "the next refresh") as start:
        pass

    if dies == "between the two swaps":
        assert published_pair(settings) == ("new", "new")
        assert start.completed_publish == (settings.exports / ".published").resolve()
        assert start.notes()[0].startswith("Finished publishing what an interrupted refresh had checked")
    else:
        assert published_pair(settings) == ("old", "old")
        assert start.completed_publish is None
        assert ".finsam.duckdb.next" in start.notes()[0]
    assert not publish.publishing_journal(settings).exists()
    assert build_leftovers(settings) == []
    assert len(list(settings.exports.glob(".published-*"))) == 1  # only the published folder
