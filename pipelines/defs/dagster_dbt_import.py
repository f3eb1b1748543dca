"""dagster-dbt imported without dbt-core: about 1.4 s off every load of the definitions.

When dbt-core is installed, importing dagster-dbt imports it too (its adapters,
result contracts and their JSON-schema machinery: 2.3 s against 0.9 s for
Dagster alone), only to learn dbt's version and a few enum types. dagster-dbt
also works without dbt-core in the process, as it does for the dbt Fusion
engine, which has no Python package: it then reads the manifest itself, which
is all these definitions ask of it (the asset specs, the checks of dbt's tests,
the selection of a run's subset). dbt runs in a process of its own
(pipelines/dbt/waiting_runner.py); the process that loads the definitions, the
refresh and the UI's code server, never calls into dbt-core. So dbt-core is
hidden while dagster-dbt is imported, and then shown again: importing this
module does it, and gives the names pipelines/defs/assets/dbt.py uses.

tests/operations/test_dagster_dbt_import.py checks that the definitions built
this way are the same as with dbt-core imported first.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

HIDDEN = "dbt"  # dbt-core's top package: `dbt.version`, `dbt.adapters`, `dbt.contracts`


def import_dagster_dbt() -> None:
    """Import dagster_dbt as if dbt-core were not installed, unless this process imported dbt already."""
    if "dagster_dbt" in sys.modules or HIDDEN in sys.modules:
        return
    sys.modules[HIDDEN] = None  # importing `dbt` or below now raises ImportError
    try:
        import dagster_dbt  # noqa: F401
    finally:
        if sys.modules.get(HIDDEN, ...) is None:
            del sys.modules[HIDDEN]
    _name_the_installed_dbt()


def _name_the_installed_dbt() -> None:
    """The code location lists its libraries: dbt-core and its version, not the engine assumed instead."""
    from dagster_shared.libraries import DagsterLibraryRegistry

    try:
        installed = version("dbt-core")
    except PackageNotFoundError:
        return
    getattr(DagsterLibraryRegistry, "_libraries", {}).pop("dbt-fusion", None)
    DagsterLibraryRegistry.register("dbt-core", installed, is_dagster_package=False)


import_dagster_dbt()

from dagster_dbt import DagsterDbtTranslator, dbt_assets  # noqa: E402  (after the import above)
from dagster_dbt.asset_utils import (  # noqa: E402
    get_asset_check_key_for_test,
    get_updated_cli_invocation_params_for_context,
)

__all__ = [
    "DagsterDbtTranslator",
    "dbt_assets",
    "get_asset_check_key_for_test",
    "get_updated_cli_invocation_params_for_context",
]
