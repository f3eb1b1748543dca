"""The issue's targets and the ratios the benchmark prints: pure arithmetic, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None  # None: not measured in this run
    limit: float
    unit: str
    at_least: bool = False  # a floor (documents per second) rather than a ceiling

    @property
    def passed(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "MISS", None: "n/a"}[self.passed]

    def as_json(self) -> dict:
        return {**asdict(self), "passed": self.passed}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def per_second(count: int, seconds: float | None) -> float | None:
    if not count or not seconds:
        return None
    return round(count / seconds, 1)


@dataclass(frozen=True)
class NationalFigures:
    """What the targets are evaluated on (seconds are wall seconds of whole processes)."""

    full_refresh_seconds: float | None  # cold: a new warehouse folder, no extraction cache
    full_refresh_peak_mb: float | None  # the largest of the national refreshes
    warm_full_refresh_seconds: float | None  # `--full` with the extractions cached
    year_refresh_seconds: float | None  # one new year of documents added
    no_change_seconds: float | None
    extraction_seconds: float | None  # every document extracted alone, every core, no cache
    plain_dbt_build_seconds: float | None
    raw_sql_seconds: float | None
    text_documents_per_second: float | None


def ratios(figures: NationalFigures) -> dict[str, float | None]:
    plain_and_extraction = (
        figures.plain_dbt_build_seconds + figures.extraction_seconds
        if figures.plain_dbt_build_seconds is not None and figures.extraction_seconds is not None
        else None
    )
    return {
        "refresh_over_plain_dbt_build": ratio(figures.full_refresh_seconds, figures.plain_dbt_build_seconds),
        "refresh_over_plain_dbt_build_plus_extraction": ratio(
            figures.full_refresh_seconds, plain_and_extraction
        ),
        "refresh_over_raw_duckdb_sql": ratio(figures.full_refresh_seconds, figures.raw_sql_seconds),
        "warm_full_refresh_over_plain_dbt_build": ratio(
            figures.warm_full_refresh_seconds, figures.plain_dbt_build_seconds
        ),
        "new_year_refresh_over_warm_full_refresh": ratio(
            figures.year_refresh_seconds, figures.warm_full_refresh_seconds
        ),
        "no_change_refresh_over_warm_full_refresh": ratio(
            figures.no_change_seconds, figures.warm_full_refresh_seconds
        ),
    }


def targets(figures: NationalFigures) -> list[Target]:
    """Issue 16's targets (on 2 idle cores)."""
    return [
        Target("national full refresh, cold", figures.full_refresh_seconds, 60, "s"),
        Target("national full refresh, warm", figures.warm_full_refresh_seconds, 60, "s"),
        Target("national refresh peak memory", figures.full_refresh_peak_mb, 1536, "MB"),
        Target(
            "refresh / (plain dbt build + extraction)",
            ratios(figures)["refresh_over_plain_dbt_build_plus_extraction"],
            1.5,
            "x",
        ),
        Target("refresh of one new fiscal year", figures.year_refresh_seconds, 15, "s"),
        Target("refresh with nothing changed", figures.no_change_seconds, 8, "s"),
        Target("text documents extracted", figures.text_documents_per_second, 50, "docs/s", at_least=True),
    ]
