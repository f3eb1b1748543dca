"""Would publishing lose facts? The new build compared with the published warehouse before the swap.

A landing folder emptied by mistake, a federation's folder moved away or a
year's files deleted all build without an error: the raw layer is simply
smaller. Publishing that would remove figures analysts and the NNS already
have. So a build that loses every fact of a federation or of a fiscal year,
or more than a share of all facts (20 % unless configured), is not
published unless the operator says the landing was cleaned on purpose
(`finsam refresh --allow-shrink`, `allow_shrink` on ops/publish in the UI).
A first refresh, with nothing published yet, is never blocked.

Facts are the current versions in `marts.fct_fact_versions`.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipelines.foundation.warehouse_file import connect_reader, table_exists

DEFAULT_MAX_SHRINK_PCT = 20.0
MAX_SHRINK_VARIABLE = "FINSAM_MAX_SHRINK_PCT"
LISTED_LOSSES = 30  # enough to see what went missing; the count of the rest is given
_COUNT_FACTS = """
select federation_id, fiscal_year, count(*) as facts
from marts.fct_fact_versions
where is_current
group by federation_id, fiscal_year
"""


class ShrinkSettingError(ValueError):
    """FINSAM_MAX_SHRINK_PCT or --max-shrink is not a percentage from 0 to 100."""


def max_shrink_pct(given: float | None = None) -> float:
    """The largest fall in facts published without consent: `given`, else FINSAM_MAX_SHRINK_PCT, else 20."""
    if given is None:
        text = os.environ.get(MAX_SHRINK_VARIABLE, "").strip()
        try:
            given = float(text) if text else DEFAULT_MAX_SHRINK_PCT
        except ValueError as error:
            raise ShrinkSettingError(f"{MAX_SHRINK_VARIABLE}={text!r} is not a number") from error
    if not 0 <= given <= 100:
        raise ShrinkSettingError(f"the largest allowed fall in facts must be 0 to 100 %, not {given}")
    return given


@dataclass(frozen=True)
class FactCounts:
    """Current facts per federation and fiscal year of one warehouse file."""

    by_federation_year: dict[tuple[str, int], int]

    @property
    def total(self) -> int:
        return sum(self.by_federation_year.values())

    @property
    def by_federation(self) -> Counter:
        return _summed(self.by_federation_year, lambda key: key[0])

    @property
    def by_year(self) -> Counter:
        return _summed(self.by_federation_year, lambda key: key[1])


@dataclass(frozen=True)
class Loss:
    """Something with facts in the published warehouse that the build has fewer of (none, for most)."""

    what: str
    published: int
    built: int

    def describe(self) -> str:
        return f"{self.what}: {self.published} facts published, {self.built} in the new build"


def count_facts(warehouse: Path) -> FactCounts | None:
    """None when there is no warehouse, or it predates the facts mart: nothing to compare with."""
    if not warehouse.exists():
        return None
    with connect_reader(warehouse) as connection:
        if not table_exists(connection, "marts.fct_fact_versions"):
            return None
        rows = connection.execute(_COUNT_FACTS).fetchall()
    return FactCounts({(federation, int(year)): int(facts) for federation, year, facts in rows})


def publishing_losses(published: Path, build: Path, max_pct: float) -> list[Loss]:
    """What publishing `build` over `published` would lose; nothing when nothing is published yet."""
    before = count_facts(published)
    if before is None:
        return []
    return losses(before, count_facts(build) or FactCounts({}), max_pct)


def losses(published: FactCounts, built: FactCounts, max_pct: float) -> list[Loss]:
    """What publishing `built` over `published` would lose; empty when it may be published."""
    found: list[Loss] = []
    gone_federations = _gone(published.by_federation, built.by_federation)
    gone_years = _gone(published.by_year, built.by_year)
    found += [Loss(f"federation {name}", published.by_federation[name], 0) for name in gone_federations]
    found += [Loss(f"fiscal year {year}", published.by_year[year], 0) for year in gone_years]
    for (federation, year), facts in sorted(published.by_federation_year.items()):
        if federation in gone_federations or year in gone_years:
            continue  # already listed whole
        if facts and not built.by_federation_year.get((federation, year)):
            found.append(Loss(f"{federation} {year}", facts, 0))
    if published.total and built.total < published.total * (1 - max_pct / 100):
        fall = 100 * (published.total - built.total) / published.total
        found.append(
            Loss(f"all facts (down {fall:.1f} %, more than {max_pct:g} %)", published.total, built.total)
        )
    return found


def blocked_message(found: list[Loss], warehouse: Path) -> str:
    """What would disappear, and how to publish anyway."""
    lines = [f"Not published: the new build has less than {warehouse}:"]
    lines += [f"  - {loss.describe()}" for loss in found[:LISTED_LOSSES]]
    if len(found) > LISTED_LOSSES:
        lines.append(f"  - … and {len(found) - LISTED_LOSSES} more")
    lines.append(
        "If the landing was cleaned on purpose, refresh with --allow-shrink "
        "(in the Dagster UI: allow_shrink: true in the config of ops/publish)."
    )
    return "\n".join(lines)


def _gone(published: Counter, built: Counter) -> list:
    return sorted(key for key, facts in published.items() if facts and not built.get(key))


def _summed(counts: dict[tuple[str, int], int], part) -> Counter:
    summed: Counter = Counter()
    for key, facts in counts.items():
        summed[part(key)] += facts
    return summed
