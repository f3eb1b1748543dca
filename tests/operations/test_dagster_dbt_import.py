"""The definitions load dagster-dbt without dbt-core (pipelines/defs/dagster_dbt_import.py) and are
the same as when dbt-core is in the process: every asset, its lineage, checks, group and metadata."""

import json
import subprocess
import sys

from pipelines.foundation.settings import PROJECT_ROOT

# Prints the asset graph of the definitions as JSON; objects in metadata by their type, not address.
GRAPH = """
import json, sys
if sys.argv[1] == "dbt_first":
    import dbt.version
import pipelines.definitions as definitions
from dagster_shared.libraries import DagsterLibraryRegistry

def shown(value):
    text = repr(value)
    return type(value).__name__ if " object at 0x" in text else text

graph = definitions.defs.resolve_asset_graph()
assets = {}
for key in graph.get_all_asset_keys():
    node = graph.get(key)
    assets[key.to_user_string()] = {
        "parents": sorted(parent.to_user_string() for parent in node.parent_keys),
        "group": node.group_name,
        "checks": sorted(check.to_user_string() for check in node.check_keys),
        "description": node.description,
        "kinds": sorted(node.kinds),
        "metadata": {name: shown(value) for name, value in node.metadata.items()},
    }
print(json.dumps({
    "assets": assets,
    "dbt_core_imported": "dbt" in sys.modules,
    "libraries": DagsterLibraryRegistry.get(),
}, sort_keys=True))
"""


def _graph(mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", GRAPH, mode], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_definitions_load_without_dbt_core_and_equal_those_built_with_it():
    hidden, dbt_first = _graph("hidden"), _graph("dbt_first")
    assert hidden["dbt_core_imported"] is False
    assert dbt_first["dbt_core_imported"] is True
    assert len(hidden["assets"]) == 86  # 17 of ours (landing → publish) + 69 of dbt's
    dbt_assets = [
        key for key, asset in hidden["assets"].items() if "dagster_dbt/manifest" in asset["metadata"]
    ]
    assert len(dbt_assets) == 68  # 61 models and 7 seeds
    assert (
        hidden["assets"]["marts/rpt_equity"]["parents"] == dbt_first["assets"]["marts/rpt_equity"]["parents"]
    )
    assert hidden["assets"] == dbt_first["assets"]


def test_the_code_location_names_dbt_core_and_its_version():
    from importlib.metadata import version

    libraries = _graph("hidden")["libraries"]
    assert libraries["dbt-core"] == version("dbt-core")
    assert "dbt-fusion" not in libraries
