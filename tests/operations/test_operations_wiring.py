"""The operator path wired into the code location: schedule, sensor, executor, the export's fiscal year.

These need the edits to pipelines/definitions.py and pipelines/defs/assets/export.py
that come with pipelines/{partitions,schedules,sensors}.py; the imports are in
the tests so that, until then, only these fail.
"""

from __future__ import annotations

import pytest
from dagster import Failure, build_asset_context


def test_the_code_location_has_the_schedule_the_sensor_and_one_executor():
    from pipelines.definitions import defs

    assert defs.resolve_schedule_def("yearly_refresh_schedule").job_name == "yearly_refresh"
    assert defs.resolve_sensor_def("landing_changed").job_name == "yearly_refresh"
    # Assets → Materialize runs like the job: in process, inside the refresh lock
    assert defs.resolve_implicit_global_asset_job_def().executor_def.name == "warehouse_in_process"


def test_the_export_writes_the_runs_fiscal_year():
    from pipelines.defs.assets.export import ExportConfig, export_fiscal_year

    assert export_fiscal_year(build_asset_context(), ExportConfig()) is None  # all years
    assert export_fiscal_year(build_asset_context(), ExportConfig(fiscal_year=2024)) == 2024  # finsam --year
    assert export_fiscal_year(build_asset_context(partition_key="2025"), ExportConfig()) == 2025
    assert (
        export_fiscal_year(build_asset_context(partition_key="2025"), ExportConfig(fiscal_year=2025)) == 2025
    )


def test_a_config_that_contradicts_the_partition_fails_the_export():
    from pipelines.defs.assets.export import ExportConfig, export_fiscal_year

    with pytest.raises(Failure, match="contradicts partition 2025"):
        export_fiscal_year(build_asset_context(partition_key="2025"), ExportConfig(fiscal_year=2024))
