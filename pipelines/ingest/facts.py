"""Fact CSVs (`*.facts.csv`): the contract's one fact format, checked row by row.

A row that breaks the contract is rejected with its line and reason; the rest of
the file still loads. Values are never repaired silently: a figure either loads
exactly as written (in whole kronor for money) or is rejected.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipelines.foundation.file_kinds import CORRECTIONS_SUFFIX
from pipelines.foundation.personal_data import personal_data_in_row
from pipelines.foundation.problems import PersonalDataRejection, Rejection
from pipelines.foundation.reference import (
    AGE_BANDS,
    FACT_COLUMNS,
    GENDERS,
    GOAL_AREAS,
    OPTIONAL_COLUMNS,
    RECORD_TYPES,
    SCENARIOS,
    STATUSES,
    SURVEY_GROUPS,
    UNITS,
    Reference,
)
from pipelines.ingest.csv_rows import read_csv_rows
from pipelines.ingest.fact_values import NotANumber, parse_number
from pipelines.ingest.plausible import amount_problem, year_problem

ALL_COLUMNS = FACT_COLUMNS + OPTIONAL_COLUMNS

SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
SOURCE_LINE = re.compile(r"^\d+(:\d+)?$|^[^!]+!\d+$")  # line, page:line, or Sheet!row
ITEM_REQUIRED = {"contribution_municipality", "intervention", "other_income"}


@dataclass(frozen=True)
class Fact:
    record_type: str
    federation_id: str
    fiscal_year: int
    scenario: str
    code: str
    item: str
    value: Decimal
    unit: str
    raw_label: str
    source_file: str
    source_line: str
    status: str
    message: str | None
    line: int  # line of the fact CSV this came from


class FactRowError(ValueError):
    """A fact row breaks the contract; the message says how."""


def parse_facts(
    text: str,
    file_name: str,
    reference: Reference,
    federation_hint: str | None = None,
    correction: bool = False,
):
    """Parse a fact CSV held in memory. Returns (facts, rejections); never raises for bad rows."""
    facts: list[Fact] = []
    rejections: list[Rejection] = []
    for item in fact_rows(io.StringIO(text, newline=""), file_name, reference, federation_hint, correction):
        (rejections if isinstance(item, Rejection) else facts).append(item)
    return facts, rejections


def fact_rows(
    stream: Iterable[str],
    file_name: str,
    reference: Reference,
    federation_hint: str | None = None,
    correction: bool = False,
    check_personal_data: bool = True,
) -> Iterator[Fact | Rejection]:
    """Each record of a fact CSV as a Fact or a Rejection with its line and reason, streamed.

    `correction` is for analysts' corrections files: every row must say
    `corrected`, and only they may. A row holding what looks like a
    personnummer is refused, its content masked.
    """
    for row in read_csv_rows(stream, file_name, FACT_COLUMNS, OPTIONAL_COLUMNS):
        if isinstance(row, Rejection):
            yield row
            continue
        found = personal_data_in_row(ALL_COLUMNS, row.cells) if check_personal_data else None
        if found:
            yield PersonalDataRejection(file_name, row.line, found.reason(), row.raw)
            continue
        fields = dict(zip(ALL_COLUMNS, (cell.strip() for cell in row.cells), strict=True))
        try:
            fact = fact_from_fields(fields, row.line, reference, federation_hint)
            check_status_of_source(fact.status, correction)
            yield fact
        except FactRowError as error:
            yield Rejection(file_name, row.line, str(error), row.raw)


def check_status_of_source(status: str, correction: bool) -> None:
    if correction and status != "corrected":
        raise FactRowError(f"status {status!r}: rows of a corrections file must be 'corrected'")
    if not correction and status == "corrected":
        raise FactRowError(
            f"status 'corrected' is kept for analysts' corrections (*{CORRECTIONS_SUFFIX}); "
            "a submitted or extracted fact cannot claim it"
        )


def fact_from_fields(fields: dict[str, str], line: int, reference: Reference, federation_hint) -> Fact:
    """One fact from its contract fields (text); raises FactRowError naming the broken rule."""
    record_type = _one_of(fields["record_type"], RECORD_TYPES, "record_type")
    federation_id = fields["federation_id"]
    if federation_id not in reference.federations:
        raise FactRowError(f"unknown federation_id {federation_id!r}")
    if federation_hint and federation_id != federation_hint:
        raise FactRowError(
            f"federation_id {federation_id!r} does not match its landing folder {federation_hint!r}"
        )
    fiscal_year = _year(fields["fiscal_year"])
    scenario = _one_of(fields["scenario"], SCENARIOS, "scenario")
    code = reference.codes.get((record_type, fields["code"]))
    if code is None:
        raise FactRowError(f"unknown code {fields['code']!r} for record_type {record_type}")
    item = _checked_item(record_type, code.code, fields["item"], federation_id, reference)
    unit = _one_of(fields["unit"], UNITS, "unit")
    allowed_units = ("pct", "count", "bool") if record_type == "indicator" else (code.unit,)
    if unit not in allowed_units:
        raise FactRowError(f"unit {unit!r} does not fit code {code.code} (expects {code.unit})")
    value = _value(fields["value"], unit, code.is_magnitude)
    if not SOURCE_LINE.match(fields["source_line"]):
        raise FactRowError(f"source_line {fields['source_line']!r} is not a line, page:line or sheet!row")
    if not fields["source_file"]:
        raise FactRowError("source_file is empty")
    if _leaves_the_landing(fields["source_file"]):
        raise FactRowError(
            f"source_file {fields['source_file']!r} must name a document, not a path out of it"
        )
    status = _one_of(fields["status"], STATUSES, "status")
    message = fields.get("message") or None
    if status == "conflict" and not message:
        raise FactRowError("status conflict needs a message giving both numbers")
    return Fact(
        record_type=record_type,
        federation_id=federation_id,
        fiscal_year=fiscal_year,
        scenario=scenario,
        code=code.code,
        item=item,
        value=value,
        unit=unit,
        raw_label=fields["raw_label"],
        source_file=fields["source_file"],
        source_line=fields["source_line"],
        status=status,
        message=message,
        line=line,
    )


def _one_of(value: str, allowed: tuple[str, ...], column: str) -> str:
    if value not in allowed:
        raise FactRowError(f"{column} {value!r} is not one of {', '.join(allowed)}")
    return value


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise FactRowError(f"fiscal_year {text!r} is not a year (four digits)")
    problem = year_problem(int(text))
    if problem:
        raise FactRowError(problem)
    return int(text)


def _leaves_the_landing(source_file: str) -> bool:
    """An absolute path or one with a `..` part: a fact names a document, never a place on disk."""
    parts = source_file.replace("\\", "/").split("/")
    return (
        source_file.startswith(("/", "\\"))
        or ".." in parts
        or re.match(r"^[A-Za-z]:", source_file) is not None
    )


def _value(text: str, unit: str, is_magnitude: bool) -> Decimal:
    try:
        value = parse_number(text)
    except NotANumber as error:
        raise FactRowError(f"value {text!r} is not a number") from error
    if unit == "sek" and value != value.to_integral_value():
        raise FactRowError(f"value {text!r} is not whole kronor")
    if unit == "count" and (value < 0 or value != value.to_integral_value()):
        raise FactRowError(f"value {text!r} is not a count (a whole number, 0 or more)")
    if unit == "pct" and not 0 <= value <= 100:
        raise FactRowError(f"value {text!r} is a percentage outside 0-100")
    if unit == "bool" and value not in (0, 1):
        raise FactRowError(f"value {text!r} is not a bool (0 or 1)")
    if is_magnitude and value < 0:
        raise FactRowError(f"value {text!r} is negative; costs and income are magnitudes")
    problem = amount_problem(value, unit, text)
    if problem:
        raise FactRowError(problem)
    return value


def _checked_item(record_type, code, item, federation_id, reference: Reference) -> str:
    """The contract's qualifier rules per code; an empty item where none is expected."""
    if code == "contribution_municipality":
        if item not in reference.members.get(federation_id, ()):
            raise FactRowError(f"item {item!r} is not a member of {federation_id}")
        return item
    if code in ITEM_REQUIRED:
        if not SLUG.match(item):
            raise FactRowError(f"item {item!r} is not a slug (lower-case ascii words joined by _)")
        return item
    if code == "participants_gender":
        return _one_of(item, GENDERS, "item")
    if code == "participants_age":
        return _one_of(item, AGE_BANDS, "item")
    if record_type in ("survey", "indicator"):
        areas = SURVEY_GROUPS if record_type == "survey" else GOAL_AREAS
        area, _, slug = item.partition(":")
        if area not in areas or not SLUG.match(slug):
            raise FactRowError(f"item {item!r} is not <{'|'.join(areas)}>:<slug>")
        return item
    if item:
        raise FactRowError(f"item {item!r} given, but code {code} takes no item")
    return item
