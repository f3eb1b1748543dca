"""Federations registered in the landing folder beside the contract's three.

About 80 federations exist; the contract's `federations.csv` names three. A
national landing registers the others in `landing/federations.csv` and
`landing/members.csv` (the seeds' columns). A registration may add a
federation or a member but never redefine one the seeds already have: the
contract wins, and the row is rejected with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.foundation.file_kinds import FEDERATIONS_FILE, MEMBERS_FILE
from pipelines.foundation.personal_data import personal_data_in_row
from pipelines.foundation.problems import PersonalDataRejection, Rejection, UnreadableFile
from pipelines.foundation.reference import (
    Registered,
    RegisteredFederation,
    RegisteredMember,
    load_contract_reference,
)
from pipelines.foundation.text_files import kept_content, open_text, scan_file
from pipelines.ingest.csv_rows import read_csv_rows
from pipelines.ingest.loading import LoadedFile, LoadResult
from pipelines.ingest.plausible import date_problem

FEDERATION_COLUMNS = ("federation_id", "name_sv", "county", "founded", "chief_fte_pct", "board_members")
MEMBER_COLUMNS = ("federation_id", "member_id", "name_sv", "member_type", "valid_from", "valid_to")
MEMBER_TYPES = ("state", "region", "municipality")
SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


@dataclass
class Registrations:
    federations: LoadResult = field(default_factory=LoadResult)
    members: LoadResult = field(default_factory=LoadResult)


def registered_in(landing: Path) -> Registered:
    """What `landing` registers beside the contract, checked; a refused row registers nothing.

    The refresh stores the refused rows in raw.rejected (the raw_registrations asset); the
    loaders, the extractor and the quality checks are given this result as an argument.
    """
    contract = load_contract_reference()
    registrations = read_registrations(landing, contract.federations, contract.members)
    return Registered(tuple(registrations.federations.records), tuple(registrations.members.records))


class RowProblem(ValueError):
    """One registration row cannot be taken; the message says why."""


def read_registrations(
    landing: Path, contract_federations: frozenset[str], contract_members: dict[str, frozenset[str]]
) -> Registrations:
    """Both registration files at the landing root; absent files register nothing.

    A registration file that is a symbolic link is not read (landing.py lists it).
    """
    registrations = Registrations()
    federations_path = landing / FEDERATIONS_FILE
    if _regular_file(federations_path):
        _read_into(
            registrations.federations,
            federations_path,
            FEDERATION_COLUMNS,
            lambda row, line: _federation(row, line, contract_federations),
        )
    known = contract_federations | {record.federation_id for record in registrations.federations.records}
    members_path = landing / MEMBERS_FILE
    if _regular_file(members_path):
        _read_into(
            registrations.members,
            members_path,
            MEMBER_COLUMNS,
            lambda row, line: _member(row, line, known, contract_members),
        )
    return registrations


def _regular_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _read_into(result: LoadResult, path: Path, columns: tuple[str, ...], to_record) -> None:
    name = path.name
    try:
        scan = scan_file(path, name)
    except UnreadableFile as error:
        result.unreadable.append(Rejection(name, 0, error.reason, kept_content(path)))
        return
    records, rejections, seen = [], [], set()
    with open_text(path, scan) as stream:
        for row in read_csv_rows(stream, name, columns):
            if isinstance(row, Rejection):
                rejections.append(row)
                continue
            try:
                found = personal_data_in_row(columns, row.cells)
                if found:
                    rejections.append(PersonalDataRejection(name, row.line, found.reason(), row.raw))
                    continue
                record = to_record([cell.strip() for cell in row.cells], row.line)
                key = (record.federation_id, getattr(record, "member_id", None))
                if key in seen:
                    raise RowProblem(
                        f"{'/'.join(filter(None, key))} is registered twice; the first row counts"
                    )
                seen.add(key)
                records.append(record)
            except RowProblem as problem:
                rejections.append(Rejection(name, row.line, str(problem), row.raw))
    result.files.append(LoadedFile(name, scan.sha256, records, rejections))


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
        _whole("chief_fte_pct", chief_fte_pct, 100),
        _whole("board_members", board_members, 100),
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
    if federation_id in contract:
        raise RowProblem(
            f"federation {federation_id} is the contract's: its members are seeds/members.csv's, "
            "a registration cannot add to them"
        )
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
        when = date.fromisoformat(text)
    except ValueError as error:
        raise RowProblem(f"{column} {text!r} is not a date (YYYY-MM-DD)") from error
    problem = date_problem(when, column)
    if problem:
        raise RowProblem(problem)
    return when


def _whole(column: str, text: str, highest: int) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise RowProblem(f"{column} {text!r} is not a whole number")
    if int(text) > highest:
        raise RowProblem(f"{column} {text} is beyond a plausible {highest}")
    return int(text)
