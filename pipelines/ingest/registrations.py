"""Federations registered in the landing folder beside the contract's three.

About 80 federations exist; the contract's `federations.csv` names three. A
national landing registers the others in `landing/federations.csv` and
`landing/members.csv` (the seeds' columns). A registration may add a
federation or a member but never redefine one the seeds already have: the
contract wins, and the row is rejected with the reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.ingest.loading import LoadedFile, LoadResult
from pipelines.ingest.problems import Rejection, UnreadableFile
from pipelines.ingest.text_files import kept_content, read_landing_text

FEDERATIONS_FILE = "federations.csv"
MEMBERS_FILE = "members.csv"
FEDERATION_COLUMNS = ("federation_id", "name_sv", "county", "founded", "chief_fte_pct", "board_members")
MEMBER_COLUMNS = ("federation_id", "member_id", "name_sv", "member_type", "valid_from", "valid_to")
MEMBER_TYPES = ("state", "region", "municipality")
SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


@dataclass(frozen=True)
class RegisteredFederation:
    federation_id: str
    name_sv: str
    county: str | None
    founded: date | None
    chief_fte_pct: int | None
    board_members: int | None
    line: int


@dataclass(frozen=True)
class RegisteredMember:
    federation_id: str
    member_id: str
    name_sv: str
    member_type: str
    valid_from: date | None
    valid_to: date | None
    line: int


@dataclass
class Registrations:
    federations: LoadResult = field(default_factory=LoadResult)
    members: LoadResult = field(default_factory=LoadResult)


class RowProblem(ValueError):
    """One registration row cannot be taken; the message says why."""


def read_registrations(
    landing: Path, contract_federations: frozenset[str], contract_members: dict[str, frozenset[str]]
) -> Registrations:
    """Both registration files at the landing root; absent files register nothing."""
    registrations = Registrations()
    federations_path = landing / FEDERATIONS_FILE
    if federations_path.is_file():
        _read_into(
            registrations.federations,
            federations_path,
            FEDERATION_COLUMNS,
            lambda row, line: _federation(row, line, contract_federations),
        )
    known = contract_federations | {record.federation_id for record in registrations.federations.records}
    members_path = landing / MEMBERS_FILE
    if members_path.is_file():
        _read_into(
            registrations.members,
            members_path,
            MEMBER_COLUMNS,
            lambda row, line: _member(row, line, known, contract_members),
        )
    return registrations


def _read_into(result: LoadResult, path: Path, columns: tuple[str, ...], to_record) -> None:
    name = path.name
    try:
        text = read_landing_text(path, name)
    except UnreadableFile as error:
        result.unreadable.append(Rejection(name, 0, error.reason, kept_content(path)))
        return
    reader = csv.reader(io.StringIO(text.text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    if header != list(columns):
        result.unreadable.append(Rejection(name, 1, f"header must be {','.join(columns)}", ",".join(header)))
        return
    records, rejections, seen = [], [], set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(columns):
                raise RowProblem(f"has {len(row)} fields, expected {len(columns)}")
            record = to_record([cell.strip() for cell in row], line)
            key = (record.federation_id, getattr(record, "member_id", None))
            if key in seen:
                raise RowProblem(f"{'/'.join(filter(None, key))} is registered twice; the first row counts")
            seen.add(key)
            records.append(record)
        except RowProblem as problem:
            rejections.append(Rejection(name, line, str(problem), ",".join(row)))
    result.files.append(LoadedFile(name, text.sha256, records, rejections))


def _federation(row: list[str], line: int, contract: frozenset[str]) -> RegisteredFederation:
    federation_id, name_sv, county, founded, chief_fte_pct, board_members = row
    _check_slug("federation_id", federation_id)
    if federation_id in contract:
        raise RowProblem(f"federation {federation_id} is already in the contract (seeds/federations.csv)")
    if not name_sv:
        raise RowProblem("name_sv is empty")
    return RegisteredFederation(
        federation_id,
        name_sv,
        county or None,
        _date("founded", founded),
        _whole("chief_fte_pct", chief_fte_pct),
        _whole("board_members", board_members),
        line,
    )


def _member(
    row: list[str], line: int, federations: frozenset[str], contract: dict[str, frozenset[str]]
) -> RegisteredMember:
    federation_id, member_id, name_sv, member_type, valid_from, valid_to = row
    if federation_id not in federations:
        raise RowProblem(f"federation {federation_id!r} is neither in the contract nor registered")
    _check_slug("member_id", member_id)
    if member_id in contract.get(federation_id, frozenset()):
        raise RowProblem(f"member {member_id} of {federation_id} is already in the contract")
    if not name_sv:
        raise RowProblem("name_sv is empty")
    if member_type not in MEMBER_TYPES:
        raise RowProblem(f"member_type {member_type!r} is not one of {', '.join(MEMBER_TYPES)}")
    return RegisteredMember(
        federation_id,
        member_id,
        name_sv,
        member_type,
        _date("valid_from", valid_from),
        _date("valid_to", valid_to),
        line,
    )


def _check_slug(column: str, value: str) -> None:
    if not SLUG.match(value):
        raise RowProblem(
            f"{column} {value!r} is not a lower-case ASCII slug (å/ä → a, ö → o, words joined by _)"
        )


def _date(column: str, text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise RowProblem(f"{column} {text!r} is not a date (YYYY-MM-DD)") from error


def _whole(column: str, text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise RowProblem(f"{column} {text!r} is not a whole number")
    return int(text)
