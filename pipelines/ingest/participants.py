"""Participant-level exports (`*.participants.csv`): one pseudonymous row per participant.

The dbt layer aggregates them into participant and exit facts; here each row is
checked against the reference codes and the whole file is refused if it holds
personal identity.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pipelines.foundation.personal_data import looks_like_a_name, personal_data_in_row
from pipelines.foundation.problems import PersonalDataRejection, Rejection
from pipelines.foundation.reference import AGE_BANDS, GENDERS, Reference
from pipelines.ingest.csv_rows import read_csv_rows
from pipelines.ingest.plausible import date_problem

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


class NameShapedReference(ParticipantRowError):
    """The pseudonymous reference looks like a person's name."""


def parse_participants(text: str, file_name: str, federation_id: str | None, reference: Reference):
    """Parse one export held in memory. Returns (records, rejections); never raises for bad rows."""
    if federation_id not in reference.federations:
        return [], [outside_a_federation(file_name)]
    refusal = personal_data_refusal(io.StringIO(text, newline=""), file_name)
    if refusal:
        return [], [refusal]
    records, rejections = [], []
    for item in participant_rows(io.StringIO(text, newline=""), file_name, federation_id, reference):
        (rejections if isinstance(item, Rejection) else records).append(item)
    return records, rejections


def outside_a_federation(file_name: str) -> Rejection:
    reason = "participant exports must sit in landing/<federation_id>/ of a known federation"
    return Rejection(file_name, 0, reason, None)


def participant_rows(
    stream: Iterable[str],
    file_name: str,
    federation_id: str,
    reference: Reference,
    line_offset: int = 0,
    report_empty: bool = True,
) -> Iterator[ParticipantRecord | Rejection]:
    """Each record of an export as a ParticipantRecord or a Rejection with its line and reason."""
    rows = read_csv_rows(
        stream, file_name, PARTICIPANT_COLUMNS, line_offset=line_offset, report_empty=report_empty
    )
    for row in rows:
        if isinstance(row, Rejection):
            yield row
            continue
        try:
            yield _to_record(row.cells, row.line, federation_id, reference)
        except NameShapedReference as error:
            masked = ",".join("***" if i == 0 else cell for i, cell in enumerate(row.cells))
            yield PersonalDataRejection(file_name, row.line, str(error), masked)
        except ParticipantRowError as error:
            yield Rejection(file_name, row.line, str(error), row.raw)


def personal_data_refusal(stream: Iterable[str], file_name: str, line_offset: int = 0) -> Rejection | None:
    """The whole export refused when any cell looks like a personnummer or a column holds names.

    The reason names the line and the column, never the value.
    """
    rows = read_csv_rows(stream, file_name, PARTICIPANT_COLUMNS, line_offset=line_offset, report_empty=False)
    for row in rows:
        if isinstance(row, PersonalDataRejection):  # a column named for names or identity numbers
            return PersonalDataRejection(file_name, 0, f"{row.reason}; exports must be pseudonymous", None)
        if isinstance(row, Rejection) and row.masked:  # a malformed row, its columns unknown
            reason = f"line {row.line} holds what looks like a personnummer; refused and masked"
            return PersonalDataRejection(file_name, 0, f"{reason}; exports must be pseudonymous", None)
        if isinstance(row, Rejection):
            continue
        found = personal_data_in_row(PARTICIPANT_COLUMNS, row.cells)
        if found:
            where = f"line {row.line}, column {found.column!r}"
            return PersonalDataRejection(
                file_name, 0, f"{found.reason(where)}; exports must be pseudonymous", None
            )
    return None


def _to_record(cells, line, federation_id, reference: Reference) -> ParticipantRecord:
    ref, intervention, gender, age_band, start_text, end_text, exit_code, before, after = (
        cell.strip() for cell in cells
    )
    if not ref:
        raise ParticipantRowError("participant_ref is empty")
    if looks_like_a_name(ref):
        raise NameShapedReference(
            "participant_ref looks like a name (capitalised words); refused and masked, "
            "exports must be pseudonymous"
        )
    if gender not in GENDERS:
        raise ParticipantRowError(f"gender {gender!r} is not one of {', '.join(GENDERS)}")
    if age_band not in AGE_BANDS:
        raise ParticipantRowError(f"age_band {age_band!r} is not one of {', '.join(AGE_BANDS)}")
    start = _date(start_text, "start_date")
    end = _date(end_text, "end_date") if end_text else None
    for when, column in ((start, "start_date"), (end, "end_date")):
        problem = date_problem(when, column) if when else None
        if problem:
            raise ParticipantRowError(problem)
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
