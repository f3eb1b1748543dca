"""Fiscal years as the partitions of the NNS export, and so of the yearly refresh.

The NNS export really is per year (`exports/nns/<year>/`); every other asset
is rebuilt whole from landing/ by every refresh, so they stay unpartitioned.
Because the export is partitioned, `yearly_refresh` is a partitioned job in
Dagster's own sense: the launch dialog offers the years, the job's Partitions
tab shows each year's status, and several years are one backfill (one run per
year, queued one after the other).

The years are a fixed list, every fiscal year from 2004 (the Finsam law) to
next year, newest first: a federation's budget for next year is adopted in
the autumn, the schedule's year (the one just closed) is always there, and the
list never depends on what a warehouse happens to hold, so it needs no reload
when new documents are landed. A year with nothing in the warehouse exports
nothing.

`finsam refresh` without `--year` runs once over every year (a partition range),
so one run marks every year's export as refreshed.
"""

from __future__ import annotations

from dagster import PartitionKeyRange, StaticPartitionsDefinition

from pipelines.foundation.fiscal_years import fiscal_year_keys

fiscal_years = StaticPartitionsDefinition(fiscal_year_keys())


def all_fiscal_years() -> PartitionKeyRange:
    """Every year at once, newest to oldest: the range of a refresh of all years."""
    keys = fiscal_years.get_partition_keys()
    return PartitionKeyRange(start=keys[0], end=keys[-1])
