"""`build_nodes`: each dbt node's result arrives while dbt still builds, and says what run_results.json says."""

import shutil

import pytest

from pipelines.dbt import waiting
from pipelines.dbt.commands import BuildRun, _appended_lines, build_nodes, refresh_target


@pytest.mark.slow  # a dbt build of the sample's published warehouse: about 15 s
def test_nodes_arrive_before_dbt_ends_and_match_its_run_results(published, tmp_path):
    build_file = published.warehouse.with_name(".finsam.duckdb.next")
    shutil.copyfile(published.warehouse, build_file)
    run_results = refresh_target(str(build_file)) / "run_results.json"
    build = build_nodes(build_file)
    streamed, before_the_end = [], []
    while True:
        try:
            node = next(build)
        except StopIteration as finished:
            run: BuildRun = finished.value
            break
        streamed.append(node)
        before_the_end.append(not run_results.exists())  # dbt writes run_results.json as it ends
    assert run.returncode == 0, run.failure_summary()
    assert len(run.results) == 114  # 61 models, 7 seeds, 46 tests (dbt_project/)
    assert sorted(node.unique_id for node in streamed) == sorted(result.unique_id for result in run.results)
    assert any(before_the_end[:100])  # the first hundred nodes cannot all wait for the end
    recorded = {result.unique_id: result for result in run.results}
    for node in streamed:
        result = recorded[node.unique_id]
        assert (node.status, node.message) == (result.status, result.message), node.unique_id
        assert node.seconds == pytest.approx(result.seconds, abs=1e-3), node.unique_id
        if node.unique_id.startswith("test."):
            assert node.failures == result.failures, node.unique_id
    assert waiting._waiting is None  # a runner of its own, used and ended


def test_appended_lines_are_given_whole_and_once(tmp_path):
    path = tmp_path / "nodes.jsonl"
    lines = _appended_lines(path)
    assert next(lines) == []  # not written yet
    path.write_bytes(b'{"a": 1}\n{"b": 2')
    assert next(lines) == ['{"a": 1}']  # the second line is still being written
    with path.open("ab") as file:
        file.write(b"}\n")
    assert next(lines) == ['{"b": 2}']
    assert next(lines) == []


@pytest.mark.slow  # dbt starts on the sample's warehouse: about 5 s
def test_a_build_whose_reader_stops_ends_its_dbt(published, monkeypatch):
    build_file = published.warehouse.with_name(".finsam.duckdb.next")
    shutil.copyfile(published.warehouse, build_file)
    processes = []
    begin = waiting.WaitingDbt.begin

    def begin_and_keep(self, *args, **kwargs):
        processes.append(self.process)
        return begin(self, *args, **kwargs)

    monkeypatch.setattr(waiting.WaitingDbt, "begin", begin_and_keep)
    build = build_nodes(build_file)
    first = next(build)  # dbt has finished one node and builds the next
    build.close()  # as Dagster does when the run is cancelled
    assert first.status in ("success", "pass")
    assert processes[0].poll() is not None  # dbt was stopped, not left writing the build file
