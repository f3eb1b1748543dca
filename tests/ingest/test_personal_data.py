"""Personal data in any input: found in every spelling, masked everywhere, ordinary numbers left alone."""

from __future__ import annotations

import pytest

from pipelines.extract.extractor import extract_document
from pipelines.foundation.personal_data import looks_like_personnummer, mask_personal_data, personal_columns
from pipelines.foundation.problems import PersonalDataRejection, Rejection
from pipelines.foundation.reference import FACT_COLUMNS, load_contract_reference, load_reference
from pipelines.ingest.document_facts import extract_landing
from pipelines.ingest.landing import inventory
from pipelines.ingest.registrations import read_registrations
from pipelines.ingest.sources import load_document_manifests, load_fact_files, load_participant_files
from tests.extract.test_extract_documents import PLAN as PLAN_LINES

HEADER = ",".join(FACT_COLUMNS)
ROW = "budget_line,solleftea,2024,budget,contribution_state,,1416000,sek,{label},vp.txt,283,verified"
# 850101-1236 passes the Luhn check; 850101-1234 does not (a mistyped check digit is masked all the same)
SPELLINGS = [
    "850101-1234",
    "850101+1234",
    "8501011234",
    "19850101-1234",
    "198501011234",
    "850161-1234",  # samordningsnummer: day + 60
    "85 01 01-1234",
    "19850101 - 1234",
    "850101 1236",
    "19 850101 1236",
]
ORDINARY = [
    "1 416 000",
    "4 244 000",
    "12 345 678 901",
    "1000000000",
    "222000-1354",  # a samordningsförbund's organisation number: "month" 20
    "556677-8899",  # a company's
    "2024-01-01",
    "20240101",
    "2024-2026",
    "850101 1234",  # spaced and failing the check digit: two table cells, not a personnummer
    "SL25-001",
    "0,85",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_is_found_and_every_digit_masked(spelling):
    assert looks_like_personnummer(f"Kontakt: {spelling}, Lycksele")
    masked = mask_personal_data(f"Kontakt: {spelling}, Lycksele")
    assert not any(character.isdigit() for character in masked.split(":")[1])
    assert masked.startswith("Kontakt: X") and masked.endswith(", Lycksele")


@pytest.mark.parametrize("number", ORDINARY)
def test_amounts_org_numbers_and_dates_are_not_mistaken(number):
    assert not looks_like_personnummer(number)
    assert mask_personal_data(number) == number


def test_name_and_identity_columns_are_found_by_their_header():
    found = personal_columns(["participant_ref", "Förnamn", "Efter namn", "PNR", "name_sv", "raw_label"])
    assert [(f.column, f.kind) for f in found] == [("Förnamn", "name"), ("PNR", "personnummer")]


def test_a_rejection_never_carries_a_personnummer():
    rejection = Rejection(
        "solleftea/850101-1234.facts.csv", 2, "item '8501011234' is not a slug", "a,850101-1234"
    )
    assert rejection.source_file == "solleftea/XXXXXX-XXXX.facts.csv"
    assert rejection.reason == "item 'XXXXXXXXXX' is not a slug"
    assert rejection.raw_content == "a,XXXXXX-XXXX"


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_fact_or_correction_row_holding_one_is_refused_masked_and_the_rest_loads(tmp_path):
    write(
        tmp_path / "solleftea" / "vp.facts.csv",
        f"{HEADER}\n{ROW.format(label='Driftbidrag')}\n{ROW.format(label='Kontakt 850101 1236')}\n",
    )
    write(
        tmp_path / "solleftea" / "fix.corrections.csv",
        f"{HEADER},message\n{ROW.format(label='Driftbidrag').replace('verified', 'corrected')},"
        "rättad enligt 19850101-1234\n",
    )
    result = load_fact_files(tmp_path, load_reference())
    assert [fact.raw_label for fact in result.records] == ["Driftbidrag"]
    refused = {r.source_file: r for r in result.rejections}
    fact_row = refused["solleftea/vp.facts.csv"]
    assert isinstance(fact_row, PersonalDataRejection) and fact_row.line == 3
    assert "column 'raw_label' holds what looks like a personnummer" in fact_row.reason
    assert fact_row.raw_content.endswith("Kontakt XXXXXX XXXX,vp.txt,283,verified")
    correction = refused["solleftea/fix.corrections.csv"]
    assert "column 'message'" in correction.reason and "19850101" not in correction.raw_content


def test_documents_csv_and_registrations_mask_it_too(tmp_path):
    write(
        tmp_path / "solleftea" / "documents.csv",
        "source_file,document_kind,document_date,title\n"
        "vp.txt,verksamhetsplan,2023-11-30,VP\n"
        "vp2.txt,verksamhetsplan,2023-11-30,Handläggare 850101-1234\n",
    )
    write(
        tmp_path / "federations.csv",
        "federation_id,name_sv,county,founded,chief_fte_pct,board_members\n"
        "norrvik,Samordningsförbundet Norrvik 850101-1234,,,,\n",
    )
    documents = load_document_manifests(tmp_path)
    assert [entry.source_file for entry in documents.records] == ["vp.txt"]
    (refused,) = documents.rejections
    assert refused.line == 3 and "column 'title'" in refused.reason
    assert refused.raw_content == "vp2.txt,verksamhetsplan,2023-11-30,Handläggare XXXXXX-XXXX"
    contract = load_contract_reference()
    registrations = read_registrations(tmp_path, contract.federations, contract.members)
    (registration,) = registrations.federations.rejections
    assert "column 'name_sv'" in registration.reason and "850101" not in registration.raw_content


@pytest.mark.parametrize("spelling", ["85 01 01-1234", "19850101 - 1234", "850101 1236"])
def test_a_participant_export_with_a_spaced_personnummer_is_refused_whole(tmp_path, spelling):
    write(
        tmp_path / "sodra_lappland" / "p.participants.csv",
        "participant_ref,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after\n"
        "P-1,Team,male,30-39,2025-01-01,,,a,b\n"
        f"P-2,Team,male,30-39,2025-01-01,,,{spelling},b\n",
    )
    result = load_participant_files(tmp_path, load_reference())
    assert len(result.records) == 0
    (refused,) = result.rejections
    assert refused.line == 0 and "line 3, column 'support_before'" in refused.reason
    assert refused.raw_content is None


def test_a_participant_ref_shaped_like_a_name_is_refused_and_masked(tmp_path):
    write(
        tmp_path / "sodra_lappland" / "p.participants.csv",
        "participant_ref,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after\n"
        "P-1,Team,male,30-39,2025-01-01,,,a,b\n"
        "Anna Andersson,Team,female,30-39,2025-01-01,,,a,b\n",
    )
    result = load_participant_files(tmp_path, load_reference())
    assert len(result.records) == 1
    (refused,) = result.rejections
    assert refused.line == 3 and "participant_ref looks like a name" in refused.reason
    assert refused.raw_content == "***,Team,female,30-39,2025-01-01,,,a,b"


def test_a_document_line_holding_one_is_masked_before_reading_and_named(tmp_path):
    lines = [*PLAN_LINES[:3], "Kontaktperson: 19850101-1234", *PLAN_LINES[3:]]
    document = write(tmp_path / "solleftea" / "solleftea_verksamhetsplan-2024.txt", "\n".join(lines) + "\n")
    _, extraction = extract_document(document, "solleftea")
    assert extraction.personal_data_lines == ["4"]
    result = extract_landing(tmp_path, load_reference())
    (refused,) = [r for r in result.facts.rejections if isinstance(r, PersonalDataRejection)]
    assert (refused.source_file, refused.line, refused.raw_content) == (
        document.relative_to(tmp_path).as_posix(),
        4,
        None,
    )
    assert "line 4 holds what looks like a personnummer" in refused.reason
    assert result.facts.records, "the rest of the document is read"
    assert "19850101" not in repr(result.facts.records) + "".join(result.summaries)


def test_a_file_name_holding_one_is_listed_masked_and_never_read(tmp_path):
    write(tmp_path / "solleftea" / "850101-1234 deltagare.facts.csv", f"{HEADER}\n{ROW.format(label='x')}\n")
    found = inventory(tmp_path)
    assert found.files == []
    (listed,) = found.not_read
    assert listed.source_file == "solleftea/XXXXXX-XXXX deltagare.facts.csv"
    assert "its name holds what looks like a personnummer" in listed.reason


def test_a_personnummer_in_a_later_chunk_or_a_malformed_row_still_refuses_the_export(tmp_path, monkeypatch):
    from pipelines.ingest import participant_columns

    monkeypatch.setattr(participant_columns, "CHUNK_LINES", 3)  # the export is read 3 lines at a time
    header = "participant_ref,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after"
    good = [f"P-{n},Team,male,30-39,2025-01-01,,,a,b" for n in range(5)]
    for bad, where in (
        ("P-9,Team,male,30-39,2025-01-01,,,850101-1234,b", "line 7, column 'support_before'"),
        ("P-9,Team,male,30-39,2025-01-01,,,850101-1234", "line 7 holds"),  # 8 fields
    ):
        write(
            tmp_path / "sodra_lappland" / "p.participants.csv",
            "\n".join([header, *good, bad, good[0]]) + "\n",
        )
        result = load_participant_files(tmp_path, load_reference())
        assert [len(loaded.records) for loaded in result.files] == [0]
        (refused,) = result.rejections
        assert where in refused.reason and refused.raw_content is None
