"""Pseudonymous participant exports (`*.participants.csv`) and the counts an annual report prints of them.

One row per participant who started in the year (one file a year): a reference that is no
personnummer, intervention, gender, age band, dates, exit code from
seeds/outcome_categories.csv, support before and after. No names, no identity.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from pipelines.foundation.reference import AGE_BANDS, GENDERS
from pipelines.ingest.participants import PARTICIPANT_COLUMNS

_GENDER_WEIGHTS = (55, 43, 0.6, 1.4)
_AGE_WEIGHTS = (4, 24, 24, 21, 20, 7)
EXIT_CODES = (
    "work_subsidized", "work_unsubsidized", "studies", "job_seeking", "to_employment_service",
    "to_social_insurance", "to_social_services", "to_healthcare", "assessment_completed",
    "dropped_own_request", "dropped_other", "moved", "other",
)  # fmt: skip
_EXIT_WEIGHTS = (14, 12, 7, 6, 10, 6, 10, 6, 5, 5, 9, 3, 4)
_SUPPORT = ("sjukpenning", "aktivitetsersattning", "arbetsloshetsersattning", "forsorjningsstod",
            "ingen_ersattning", "sjukersattning")  # fmt: skip
_GENDER_CUMULATIVE = tuple(accumulate(_GENDER_WEIGHTS))
_AGE_CUMULATIVE = tuple(accumulate(_AGE_WEIGHTS))
_EXIT_CUMULATIVE = tuple(accumulate(_EXIT_WEIGHTS))
_AFTER = {"work_subsidized": "lon", "work_unsubsidized": "lon", "studies": "studiemedel"}


@dataclass(frozen=True)
class Participant:
    ref: str
    intervention: str
    gender: str
    age_band: str
    start: date
    end: date | None
    exit_code: str | None
    support_before: str
    support_after: str


@dataclass(frozen=True)
class Counts:
    """What a report prints for the year: enrolled by gender and age band, exits by outcome code."""

    genders: dict[str, int]
    ages: dict[str, int]
    exits: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.genders.values())


def participants_of_year(
    rng: random.Random, prefix: str, year: int, count: int, interventions: tuple[str, ...], last_day: date
) -> list[Participant]:
    """`count` participants starting in `year`; those still enrolled on `last_day` have no end yet.

    Each property is drawn for all participants at once: the national run draws some two million values.
    """
    first = date(year, 1, 1)
    starts = [first + timedelta(days=day) for day in rng.choices(range(365), k=count)]
    lengths = rng.choices(range(21, 421), k=count)
    exits = rng.choices(EXIT_CODES, cum_weights=_EXIT_CUMULATIVE, k=count)
    befores = rng.choices(_SUPPORT, k=count)
    genders = rng.choices(GENDERS, cum_weights=_GENDER_CUMULATIVE, k=count)
    ages = rng.choices(AGE_BANDS, cum_weights=_AGE_CUMULATIVE, k=count)
    chosen = rng.choices(interventions, k=count)
    rows = []
    for number, (start, length, exit_code, before) in enumerate(
        zip(starts, lengths, exits, befores, strict=True)
    ):
        end = start + timedelta(days=length)
        if end > last_day:
            end, exit_code = None, None
        rows.append(
            Participant(
                ref=f"{prefix}{year % 100:02d}-{number + 1:04d}",
                intervention=chosen[number],
                gender=genders[number],
                age_band=ages[number],
                start=start,
                end=end,
                exit_code=exit_code,
                support_before=before,
                support_after=_AFTER.get(exit_code or "", before),
            )
        )
    return rows


def counts_of(participants: list[Participant], year: int, earlier: list[Participant]) -> Counts:
    """What the warehouse counts from the exports too: enrolled are all enrolled at any time in the
    year (`earlier` starters still enrolled included), exits all whose end falls within it."""
    everyone = [*earlier, *participants]
    enrolled = [p for p in everyone if p.start.year <= year and (p.end is None or p.end.year >= year)]
    genders = Counter(p.gender for p in enrolled)
    ages = Counter(p.age_band for p in enrolled)
    exits = Counter(p.exit_code for p in everyone if p.end is not None and p.end.year == year)
    return Counts(
        genders={gender: genders[gender] for gender in GENDERS},
        ages={band: ages[band] for band in AGE_BANDS},
        exits={code: exits[code] for code in EXIT_CODES},
    )


def participants_csv(participants: list[Participant]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PARTICIPANT_COLUMNS)
    for p in participants:
        writer.writerow(
            (
                p.ref,
                p.intervention,
                p.gender,
                p.age_band,
                p.start.isoformat(),
                p.end.isoformat() if p.end else "",
                p.exit_code or "",
                p.support_before,
                p.support_after,
            )
        )
    return out.getvalue()
