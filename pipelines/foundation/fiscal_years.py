"""The fiscal years a refresh knows: from 2004 (the Finsam law) to next year, newest first.

Plain Python, so `finsam refresh --year` is checked before Dagster loads;
pipelines/defs/partitions.py makes them the job's partitions.
"""

from __future__ import annotations

from datetime import date

FIRST_FISCAL_YEAR = 2004  # the Finsam law (2003:1210) took effect on 1 January 2004


class YearOutsideTheRefresh(ValueError):
    """A fiscal year that is not one of the refresh's partitions."""


def fiscal_year_keys(today: date | None = None) -> list[str]:
    """'2027', '2026', … '2004' in 2026: next year's plan is adopted in the autumn."""
    last = (today or date.today()).year + 1
    return [str(year) for year in range(last, FIRST_FISCAL_YEAR - 1, -1)]


def check_fiscal_year(year: int, today: date | None = None) -> str:
    """The partition key of `year`; YearOutsideTheRefresh when the refresh does not know it."""
    keys = fiscal_year_keys(today)
    if str(year) not in keys:
        raise YearOutsideTheRefresh(
            f"fiscal year {year} is not one the refresh knows: {keys[-1]} (the Finsam law) to {keys[0]}"
        )
    return str(year)
