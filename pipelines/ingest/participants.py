"""Participant-level exports (`*.participants.csv`): one pseudonymous row per participant.

The dbt layer aggregates them into participant and exit facts; here each row is
checked against the reference codes and the whole file is refused if it holds
personal identity.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from pipelines.ingest.personal_data import PERSONNUMMER, looks_like_personnummer, name_columns
from pipelines.ingest.problems import Rejection
from pipelines.reference import AGE_BANDS, GENDERS, Reference

PARTICIPANT_COLUMNS = (
    "participant_ref",
    "intervention",
    "gender",
    "age_band",
    "start_date",
    "end_date",
    "exit_code",
    "support_before",
    "support_after",
)


@dataclass(frozen=True)
class ParticipantRecord:
    federation_id: str
    participant_ref: str
    intervention: str
    gender: str
    age_band: str
    start_date: date
    end_date: date | None
    exit_code: str | None
    support_before: str
    support_after: str
    line: int


class ParticipantRowError(ValueError):
    """A participant row breaks the export format; the message says how."""


def parse_participants(text: str, file_name: str, federation_id: str | None, reference: Reference):
    """Parse one export. Returns (records, rejections); never raises for bad rows."""
    if federation_id not in reference.federations:
        reason = "participant exports must sit in landing/<federation_id>/ of a known federation"
        return [], [Rejection(file_name, 0, reason, None)]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [column.strip() for column in rows[0]] if rows else []
    # one search of the whole file first: a national export has millions of cells and none match
    refusal = _personal_data_refusal(header, rows[1:]) if might_hold_personal_data(text, header) else None
    if refusal:
        return [], [Rejection(file_name, 0, refusal, None)]
    if header != list(PARTICIPANT_COLUMNS):
        reason = f"header must be {','.join(PARTICIPANT_COLUMNS)}"
        return [], [Rejection(file_name, 1, reason, ",".join(header))]
    records, rejections = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            records.append(_to_record(row, line, federation_id, reference))
        except ParticipantRowError as error:
            rejections.append(Rejection(file_name, line, str(error), ",".join(row)))
    return records, rejections


_EVERY_DIGIT_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")


def might_hold_personal_data(text: str, header: list[str]) -> bool:
    """False only when no cell can look like a personnummer and no column is a name column.

    A personnummer has at least six digits in a row; a byte-level search for
    that rules out most files at memory speed before the regex runs.
    """
    if name_columns(header):
        return True
    six_digits = b"000000" in text.encode("utf-8").translate(_EVERY_DIGIT_AS_ZERO)
    return six_digits and PERSONNUMMER.search(text) is not None


def _personal_data_refusal(header: list[str], rows: list[list[str]]) -> str | None:
    names = name_columns(header)
    if names:
        return f"refused: column {names[0]!r} holds names; exports must be pseudonymous"
    for row in rows:
        for index, cell in enumerate(row):
            if looks_like_personnummer(cell):
                column = header[index] if index < len(header) else f"#{index + 1}"
                return (
                    f"refused: column {column!r} holds what looks like a personnummer; "
                    "exports must be pseudonymous (no value is stored or shown)"
                )
    return None


def _to_record(row, line, federation_id, reference: Reference) -> ParticipantRecord:
    if len(row) != len(PARTICIPANT_COLUMNS):
        raise ParticipantRowError(f"has {len(row)} fields, expected {len(PARTICIPANT_COLUMNS)}")
    ref, intervention, gender, age_band, start_text, end_text, exit_code, before, after = (
        cell.strip() for cell in row
    )
    if not ref:
        raise ParticipantRowError("participant_ref is empty")
    if gender not in GENDERS:
        raise ParticipantRowError(f"gender {gender!r} is not one of {', '.join(GENDERS)}")
    if age_band not in AGE_BANDS:
        raise ParticipantRowError(f"age_band {age_band!r} is not one of {', '.join(AGE_BANDS)}")
    start = _date(start_text, "start_date")
    end = _date(end_text, "end_date") if end_text else None
    if end and end < start:
        raise ParticipantRowError(f"end_date {end} is before start_date {start}")
    exit_code = exit_code or None
    if exit_code and exit_code not in reference.outcome_codes:
        raise ParticipantRowError(f"exit_code {exit_code!r} is not an outcome code")
    if exit_code and not end:
        raise ParticipantRowError("exit_code given without an end_date")
    return ParticipantRecord(
        federation_id, ref, intervention, gender, age_band, start, end, exit_code, before, after, line
    )


def _date(text: str, column: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ParticipantRowError(f"{column} {text!r} is not a date (YYYY-MM-DD)") from error
