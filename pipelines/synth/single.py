"""One generated document with known figures, in any layout: the readers' golden tests and the
benchmark per format use it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from pipelines.synth.economy import Economy
from pipelines.synth.federations import make_federations, write_reference
from pipelines.synth.layouts import LAYOUTS
from pipelines.synth.participants import counts_of, participants_of_year
from pipelines.synth.plans import plan_document
from pipelines.synth.reports import report_document

YEAR = 2025


@dataclass(frozen=True)
class Generated:
    path: Path
    landing: Path  # holds the fictional federation's registration
    federation_id: str
    expected: dict[tuple, Decimal]  # every printed figure: key → value


def generated(
    layout_name: str, folder: Path, kind: str = "verksamhetsplan", seed: int = 7, year: int = YEAR
) -> Generated:
    """A plan (or annual report) of a fictional federation printed in `layout_name`."""
    layout = LAYOUTS[layout_name]
    folder.mkdir(parents=True, exist_ok=True)
    federations = make_federations(2, seed, year - 1)
    write_reference(federations, folder)
    federation = federations[0]
    economy = Economy(federation, seed, year - 1, year)
    rng = random.Random(seed)
    if kind == "verksamhetsplan":
        document = plan_document(federation, economy, year, rng)
    else:
        people = participants_of_year(
            rng, federation.ref_prefix, year, 40, federation.interventions, date(year, 12, 31)
        )
        document = report_document(federation, economy, year, counts_of(people, year, []), rng)
    printed = layout.render(document, rng)
    path = folder / f"{document.stem}{layout.SUFFIX}"
    layout.write(printed, path)
    expected = {fact.key: fact.value for _, fact in printed.facts}
    return Generated(path, folder, federation.federation_id, expected)
