"""Participant exports: codes checked, personal identity refused and never echoed."""

from datetime import date

import pytest

from pipelines.foundation.reference import load_reference
from pipelines.ingest.participants import PARTICIPANT_COLUMNS, parse_participants

HEADER = ",".join(PARTICIPANT_COLUMNS)
GOOD = "P-1,Samordningsfunktion,female,30-39,2025-02-01,2025-06-30,studies,sjukpenning,studiemedel"


def parse(*rows, header=HEADER, federation="sodra_lappland"):
    text = "\n".join([header, *rows]) + "\n"
    return parse_participants(text, "sodra_lappland/p.participants.csv", federation, load_reference())


def test_a_good_record_loads():
    records, rejections = parse(GOOD, "P-2,Team,male,60-65,2025-03-01,,,forsorjningsstod,")
    assert rejections == []
    assert records[0].end_date == date(2025, 6, 30) and records[0].exit_code == "studies"
    assert records[1].end_date is None and records[1].exit_code is None
    assert [record.line for record in records] == [2, 3]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("P-3,T,woman,30-39,2025-01-01,,,a,b", "gender 'woman'"),
        ("P-3,T,male,30-35,2025-01-01,,,a,b", "age_band '30-35'"),
        ("P-3,T,male,30-39,01/02/2025,,,a,b", "start_date '01/02/2025' is not a date"),
        ("P-3,T,male,30-39,2025-05-01,2025-04-01,studies,a,b", "end_date 2025-04-01 is before"),
        ("P-3,T,male,30-39,2025-01-01,2025-04-01,job,a,b", "exit_code 'job'"),
        ("P-3,T,male,30-39,2025-01-01,,studies,a,b", "exit_code given without an end_date"),
        (",T,male,30-39,2025-01-01,,,a,b", "participant_ref is empty"),
    ],
)
def test_bad_rows_are_rejected_and_the_rest_loads(row, reason):
    records, rejections = parse(GOOD, row)
    assert len(records) == 1
    assert rejections[0].line == 3 and reason in rejections[0].reason


@pytest.mark.parametrize("number", ["850101-1234", "8501011234", "19850101-1234", "198501011234"])
def test_a_personnummer_refuses_the_file_without_echoing_it(number):
    records, rejections = parse(GOOD, f"{number},T,male,30-39,2025-01-01,,,a,b")
    assert records == []
    (rejection,) = rejections
    assert "participant_ref" in rejection.reason and "personnummer" in rejection.reason
    assert number not in rejection.reason and rejection.raw_content is None


def test_a_name_column_refuses_the_file():
    records, rejections = parse(GOOD + ",Anna", header=HEADER + ",namn")
    assert records == [] and "'namn' holds names" in rejections[0].reason


def test_an_export_outside_a_federation_folder_is_refused():
    records, rejections = parse(GOOD, federation=None)
    assert records == [] and "landing/<federation_id>/" in rejections[0].reason
