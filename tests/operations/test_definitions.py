"""The Dagster code location: loads, shows the lineage, guards the single writer."""

from dagster import AssetKey

from pipelines.definitions import defs

RAW = [AssetKey(["raw", name]) for name in ("facts", "participants", "documents", "rejected")]


def asset_graph():
    return defs.resolve_asset_graph()


def test_the_job_and_the_lineage_from_landing_to_exports():
    graph = asset_graph()
    keys = set(graph.get_all_asset_keys())
    assert set(RAW) <= keys
    assert AssetKey(["marts", "rpt_federation_year"]) in keys
    assert defs.resolve_job_def("yearly_refresh") is not None
    export_parents = graph.get(AssetKey(["exports", "nns"])).parent_keys
    assert AssetKey(["marts", "rpt_equity"]) in export_parents
    assert AssetKey(["marts", "fct_budget_lines"]) in export_parents
    staging_parents = graph.get(AssetKey(["staging", "stg_raw__facts"])).parent_keys
    assert AssetKey(["raw", "facts"]) in staging_parents


def test_every_warehouse_writer_is_in_the_warehouse_pool():
    graph = asset_graph()
    for key in graph.get_all_asset_keys():
        if key.path[0] in ("raw", "staging", "intermediate", "marts", "reference"):
            node = graph.get(key)
            assert node.pools == {"warehouse"}, key


def test_dbt_tests_are_asset_checks():
    checks = {key.asset_key for key in asset_graph().asset_check_keys}
    assert AssetKey(["marts", "fct_budget_lines"]) in checks
