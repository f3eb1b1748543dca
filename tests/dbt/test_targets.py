"""Target folders of warehouses that are gone are removed; the others stay (pipelines/dbt/targets.py)."""

import os
import time

from pipelines.dbt.targets import prune_targets, record_warehouse


def test_only_the_folders_of_warehouses_that_are_gone_are_removed(tmp_path):
    targets = tmp_path / "target"
    living = tmp_path / "living" / ".finsam.duckdb.next"
    living.parent.mkdir(parents=True)
    gone = tmp_path / "gone" / ".finsam.duckdb.next"  # a test's temporary warehouse, since removed
    folders = {name: targets / f"refresh-{name}" for name in ("living", "gone", "old", "new", "this")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    record_warehouse(folders["living"], living)
    record_warehouse(folders["gone"], gone)
    record_warehouse(folders["this"], gone)  # the refresh running now keeps its own whatever it says
    week_and_a_day = time.time() - 8 * 86400
    os.utime(folders["old"], (week_and_a_day, week_and_a_day))  # made before folders had a record

    removed = prune_targets(targets, keep=folders["this"])

    assert removed == [folders["gone"], folders["old"]]
    assert sorted(path.name for path in targets.iterdir()) == [
        "refresh-living",
        "refresh-new",
        "refresh-this",
    ]
    assert (folders["living"] / "warehouse.txt").read_text() == f"{living.resolve()}\n"


def test_a_folder_keeps_the_first_warehouse_it_recorded(tmp_path):
    record_warehouse(tmp_path, tmp_path / "a" / "finsam.duckdb")
    record_warehouse(tmp_path, tmp_path / "b" / "finsam.duckdb")
    assert (tmp_path / "warehouse.txt").read_text().strip().endswith("/a/finsam.duckdb")
