"""Each kind of bad input a federation's e-mail brings: loaded exactly, or refused with file, line and reason."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from pipelines.defs.sensors import landing_state
from pipelines.extract.readers import UnreadableDocument, read_lines
from pipelines.foundation.file_kinds import FileKind, kind_of
from pipelines.foundation.reference import FACT_COLUMNS, load_contract_reference, load_reference
from pipelines.ingest.facts import parse_facts
from pipelines.ingest.landing import inventory
from pipelines.ingest.registrations import read_registrations
from pipelines.ingest.sources import load_document_manifests, load_fact_files
from tests.support.pdf_writer import encrypted_pdf_bytes, pageless_pdf_bytes

HEADER = ",".join(FACT_COLUMNS)
ROW = "budget_line,solleftea,2024,budget,contribution_state,,1416000,sek,Driftbidrag,vp.txt,{line},verified"
PCT = "statement,solleftea,2024,outcome,kf_soliditet,,{value},pct,Soliditet,ar.txt,{line},verified"


def write(path, content: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load(tmp_path, name: str, content: str | bytes):
    write(tmp_path / "solleftea" / name, content)
    return load_fact_files(tmp_path, load_reference())


def reasons(result) -> list[str]:
    return [str(rejection) for rejection in result.rejections]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])  # "CSV UTF-8" and "CSV (semikolonavgränsad)"
def test_swedish_excel_semicolons_decimal_comma_and_crlf_load_exactly(tmp_path, encoding):
    text = (
        HEADER.replace(",", ";") + "\r\n"
        "budget_line;solleftea;2024;budget;contribution_state;;1\u00a0416\u00a0000;sek;Driftbidrag från staten;"
        "vp.txt;283;verified\r\n"
        "statement;solleftea;2024;outcome;kf_soliditet;;85,26;pct;Soliditet;ar.txt;12;verified\r\n"
        ";;;;;;;;;;;\r\n"
    )
    result = load(tmp_path, "excel.facts.csv", text.encode(encoding))
    assert reasons(result) == []
    assert [(f.code, f.value, f.raw_label, f.line) for f in result.records] == [
        ("contribution_state", Decimal(1416000), "Driftbidrag från staten", 2),
        ("kf_soliditet", Decimal("85.26"), "Soliditet", 3),
    ]


def test_utf16_unicode_text_with_tabs_loads(tmp_path):
    text = HEADER.replace(",", "\t") + "\r\n" + PCT.format(value="85,26", line=12).replace(",", "\t") + "\r\n"
    text = text.replace("85\t26", "85,26")  # the decimal comma is not a separator in a tab file
    result = load(tmp_path, "unicode.facts.csv", text.encode("utf-16"))
    assert reasons(result) == []
    assert [fact.value for fact in result.records] == [Decimal("85.26")]


def test_a_comma_csv_with_a_decimal_comma_is_refused_never_misread(tmp_path):
    result = load(tmp_path, "x.facts.csv", f"{HEADER}\n{PCT.format(value='85,26', line=12)}\n")
    assert result.records == []
    assert reasons(result) == ["solleftea/x.facts.csv:2: has 13 fields, the header has 12"]


def test_a_header_only_file_is_quarantined(tmp_path):
    assert reasons(load(tmp_path, "x.facts.csv", f"{HEADER}\r\n")) == [
        "solleftea/x.facts.csv:1: has a header row but no data rows"
    ]


def test_missing_and_extra_columns_refuse_the_file_naming_them(tmp_path):
    missing = HEADER.replace(",status", "")
    (rejection,) = load(tmp_path, "x.facts.csv", f"{missing}\n{ROW.format(line=2)}\n").rejections
    assert rejection.line == 1 and rejection.reason.startswith("missing column(s) status")
    (tmp_path / "solleftea" / "x.facts.csv").unlink()
    (rejection,) = load(
        tmp_path, "y.facts.csv", f"{HEADER},belopp_tkr\n{ROW.format(line=2)},1416\n"
    ).rejections
    assert rejection.line == 1 and rejection.reason.startswith("unknown column(s) 'belopp_tkr'")


def test_reordered_columns_load_by_their_names(tmp_path):
    columns = list(FACT_COLUMNS)
    cells = ROW.format(line=7).split(",")
    order = list(reversed(range(len(columns))))
    text = ",".join(columns[i].upper() for i in order) + "\n" + ",".join(cells[i] for i in order) + "\n"
    result = load(tmp_path, "x.facts.csv", text)
    assert reasons(result) == []
    (fact,) = result.records
    assert (fact.code, fact.value, fact.source_line, fact.status) == (
        "contribution_state",
        1416000,
        "7",
        "verified",
    )


def test_a_quoted_line_break_loads_and_the_lines_after_keep_their_numbers(tmp_path):
    label = '"Driftbidrag\nfrån staten"'
    text = f"{HEADER}\n{ROW.format(line=2).replace('Driftbidrag', label)}\n{PCT.format(value=85, line=3)}\nbroken\n"
    result = load(tmp_path, "x.facts.csv", text)
    assert [(f.raw_label, f.line) for f in result.records] == [
        ("Driftbidrag\nfrån staten", 2),
        ("Soliditet", 4),
    ]
    assert reasons(result) == ["solleftea/x.facts.csv:5: has 1 fields, the header has 12"]


def test_a_nul_byte_refuses_its_line_only(tmp_path):
    damaged = PCT.format(value=85, line=3).replace("Soliditet", "Soli\x00ditet")
    text = f"{HEADER}\n{ROW.format(line=2)}\n{damaged}\n"
    result = load(tmp_path, "x.facts.csv", text)
    assert len(result.records) == 1
    assert reasons(result) == ["solleftea/x.facts.csv:3: holds a NUL byte (a damaged file?)"]
    assert "\x00" not in result.rejections[0].raw_content


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"fiscal_year": "1899"}, "fiscal_year 1899 is not a plausible year for a federation (2004-"),
        ({"fiscal_year": "2099"}, "fiscal_year 2099 is not a plausible year"),
        ({"value": "1e308"}, "value '1e308' is not a number"),
        ({"value": "1000000000000000"}, "value '1000000000000000' is beyond any federation's figure"),
        ({"value": "1 000 000 001"}, "beyond any federation's figure (at most 1 000 000 000 kr"),
        ({"source_file": "../../etc/passwd"}, "must name a document, not a path out of it"),
        ({"status": "corrected"}, "status 'corrected' is kept for analysts' corrections"),
        ({"status": "korrigerad"}, "status 'korrigerad' is not one of"),
    ],
)
def test_absurd_values_are_quarantined_never_published(cells, reason):
    row = dict(zip(FACT_COLUMNS, ROW.format(line=2).split(","), strict=True)) | cells
    facts, rejections = parse_facts(f"{HEADER}\n{','.join(row.values())}\n", "x.facts.csv", load_reference())
    assert facts == []
    assert reason in rejections[0].reason


def test_the_ceiling_itself_and_a_million_participants_still_load():
    ceiling = ROW.format(line=2).replace("1416000", "1000000000")
    count = (
        "participants,solleftea,2024,outcome,participants_total,,1000000,count,Deltagare,ar.txt,3,verified"
    )
    too_many = count.replace("1000000", "1000001")
    facts, rejections = parse_facts(
        f"{HEADER}\n{ceiling}\n{count}\n{too_many}\n", "x.facts.csv", load_reference()
    )
    assert [fact.value for fact in facts] == [1_000_000_000, 1_000_000]
    assert "beyond any federation's count (at most 1 000 000)" in rejections[0].reason


def test_a_stray_quote_costs_its_line_not_the_rest_of_a_large_file(tmp_path):
    rows = [ROW.format(line=n) for n in range(2, 30_002)]
    rows[8] = rows[8].replace("Driftbidrag", 'Driftbidrag "staten')  # line 10: opened, never closed
    rows[20] = rows[20].replace(",Driftbidrag,", ',"Driftbidrag,')  # line 22: swallows to the end
    result = load(tmp_path, "x.facts.csv", f"{HEADER}\n" + "\n".join(rows) + "\n")
    assert len(result.records) == 30_000 - 1
    (rejection,) = result.rejections
    assert rejection.line == 22 and 'a quote (") opened on this line is not closed' in rejection.reason
    assert rejection.raw_content.startswith("budget_line,solleftea,2024")


def test_unknown_files_are_listed_with_a_hint_and_suffixes_match_in_any_case(tmp_path):
    for name in (
        "Budget 2025.xlsx",
        "Budget 2025.xlsb",
        "budget.csv",
        "protokoll.docx",
        "protokoll.doc",
        "README",
        "scan.JPG",
        "PLAN.FACTS.CSV",
        "Plan 2024.PDF",
        "readme.md",
    ):
        write(tmp_path / "solleftea" / name, "x")
    found = inventory(tmp_path)
    assert [(f.name, f.kind) for f in found.files] == [
        ("solleftea/Budget 2025.xlsx", FileKind.DOCUMENT),  # workbooks and Word files are read (issue 12)
        ("solleftea/PLAN.FACTS.CSV", FileKind.FACTS),
        ("solleftea/Plan 2024.PDF", FileKind.DOCUMENT),
        ("solleftea/protokoll.docx", FileKind.DOCUMENT),
        ("solleftea/readme.md", FileKind.README),
    ]
    listed = {r.source_file: r.reason for r in found.not_read}
    assert (
        listed["solleftea/Budget 2025.xlsb"] == "not read: a workbook in a format not read; save it as .xlsx"
    )
    assert listed["solleftea/budget.csv"].startswith("not read: a CSV must say what it holds by its name")
    assert listed["solleftea/protokoll.doc"] == (
        "not read: a word-processor file in a format not read; save it as .docx or PDF"
    )
    assert listed["solleftea/README"].startswith("not read: unknown file type (no suffix)")
    assert listed["solleftea/scan.JPG"] == "not read: an image; put it in a PDF (it is OCR'd)"
    assert kind_of("FEDERATIONS.CSV") is FileKind.REGISTRATIONS and kind_of("x/federations.csv") is None


def test_encrypted_pageless_and_html_pdfs_are_refused_with_the_reason(tmp_path):
    encrypted = encrypted_pdf_bytes([["Verksamhetsplan 2024"]])
    no_pages = pageless_pdf_bytes()
    html = b"<!DOCTYPE html><html><body>Sidan kunde inte hittas</body></html>"
    for name, content, reason in (
        ("locked.pdf", encrypted, "the PDF is encrypted (password-protected)"),
        ("empty.PDF", no_pages, "the PDF has no pages"),
        ("download.pdf", html, "not a PDF although named so: it is a web page (HTML)"),
    ):
        with pytest.raises(UnreadableDocument, match=reason.replace("(", r"\(").replace(")", r"\)")):
            read_lines(write(tmp_path / name, content))


def test_names_with_spaces_a_leading_dash_or_non_ascii_letters_load_under_their_names(tmp_path):
    for index, name in enumerate(
        ("budget 2024 (kopia).facts.csv", "-plan.facts.csv", "Sollefteå årsplan.facts.csv")
    ):
        write(tmp_path / "solleftea" / name, f"{HEADER}\n{ROW.format(line=index + 2)}\n")
    os.makedirs(tmp_path / "solleftea" / "inkorg", exist_ok=True)
    (tmp_path / "solleftea" / "inkorg").joinpath(os.fsdecode(b"Sollefte\xe5.facts.csv")).write_bytes(b"x")
    result = load_fact_files(tmp_path, load_reference())
    assert sorted(loaded.name for loaded in result.files) == [
        "solleftea/-plan.facts.csv",
        "solleftea/Sollefteå årsplan.facts.csv",
        "solleftea/budget 2024 (kopia).facts.csv",
    ]
    (listed,) = inventory(tmp_path).not_read
    assert listed.source_file == "solleftea/inkorg/Sollefte\ufffd.facts.csv"
    assert "its name is not UTF-8 text" in listed.reason


def test_links_are_never_followed_and_content_outside_is_never_read(tmp_path):
    outside = write(tmp_path / "elsewhere" / "secret.facts.csv", f"{HEADER}\n{ROW.format(line=2)}\n")
    landing = tmp_path / "landing"
    write(landing / "solleftea" / "vp.facts.csv", f"{HEADER}\n{ROW.format(line=3)}\n")
    (landing / "solleftea" / "link.facts.csv").symlink_to(outside)
    (landing / "solleftea" / "inside.facts.csv").symlink_to(landing / "solleftea" / "vp.facts.csv")
    (landing / "skelleftea_norsjo").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (landing / "federations.csv").symlink_to(outside)
    outside.chmod(0)  # reading it would fail loudly
    try:
        result = load_fact_files(landing, load_reference())
        registrations = read_registrations(landing, *_contract())
    finally:
        outside.chmod(0o644)
    assert [fact.source_line for fact in result.records] == ["3"]
    assert registrations.federations.files == [] and registrations.federations.unreadable == []
    listed = {r.source_file: r for r in inventory(landing).not_read}
    assert listed["solleftea/link.facts.csv"].reason == (
        "not read: a symbolic link to a place outside the landing folder (not followed)"
    )
    assert listed["skelleftea_norsjo"].reason.endswith("outside the landing folder (not followed)")
    assert (
        "its target solleftea/vp.facts.csv is read where it lies"
        in listed["solleftea/inside.facts.csv"].reason
    )
    assert all(rejection.raw_content is None for rejection in listed.values())
    assert list(landing_state(landing)) == [
        "solleftea/vp.facts.csv"
    ]  # the sensor does not look through links


def _contract():
    contract = load_contract_reference()
    return contract.federations, contract.members


def test_nested_folders_belong_to_the_federation_of_their_first_folder(tmp_path):
    write(tmp_path / "solleftea" / "2024" / "inkorg" / "vp.facts.csv", f"{HEADER}\n{ROW.format(line=2)}\n")
    result = load_fact_files(tmp_path, load_reference())
    assert [(f.federation_id, f.source_line) for f in result.records] == [("solleftea", "2")]
    assert [f.name for f in result.files] == ["solleftea/2024/inkorg/vp.facts.csv"]


def test_a_documents_csv_naming_a_path_out_of_the_landing_is_refused(tmp_path):
    write(
        tmp_path / "solleftea" / "documents.csv",
        "source_file,document_kind,document_date,title\n"
        "../../etc/passwd,verksamhetsplan,2023-11-30,x\n"
        "vp.txt,verksamhetsplan,1899-11-30,VP\n",
    )
    result = load_document_manifests(tmp_path)
    assert result.records == []
    assert [str(r) for r in result.rejections] == [
        "solleftea/documents.csv:2: source_file '../../etc/passwd' must name a file in the landing, "
        "not a path out of it",
        "solleftea/documents.csv:3: document_date 1899-11-30 is not a plausible date (2004-01-01 to "
        f"{result.rejections[1].reason.split(' to ')[1]}",
    ]


def test_a_registration_cannot_redefine_a_contract_federation(tmp_path):
    write(
        tmp_path / "federations.csv",
        "federation_id,name_sv,county,founded,chief_fte_pct,board_members\n"
        "solleftea,Samordningsförbundet Sollefteå (ny),,,,\n"
        "norrvik,Samordningsförbundet Norrvik,,1899-01-01,,\n"
        "ostervik,Samordningsförbundet Östervik,,,100,1000000000000000\n",
    )
    write(
        tmp_path / "members.csv",
        "federation_id,member_id,name_sv,member_type,valid_from,valid_to\n"
        "solleftea,ny_kommun,Nya kommunen,municipality,,\n",
    )
    registrations = read_registrations(tmp_path, *_contract())
    assert registrations.federations.records == [] and registrations.members.records == []
    assert [str(r) for r in registrations.federations.rejections + registrations.members.rejections] == [
        "federations.csv:2: federation solleftea is already in the contract (seeds/federations.csv)",
        f"federations.csv:3: founded 1899-01-01 is not a plausible date (2004-01-01 to "
        f"{registrations.federations.rejections[1].reason.split(' to ')[1]}",
        "federations.csv:4: board_members '1000000000000000' is not a whole number",
        "members.csv:2: federation solleftea is the contract's: its members are seeds/members.csv's, "
        "a registration cannot add to them",
    ]


def test_a_text_document_saved_as_utf16_reads_like_utf8_and_binary_is_refused(tmp_path):
    text = "Samordningsförbundet i Sollefteå\r\nVerksamhetsplan 2024\r\n"
    utf8 = read_lines(write(tmp_path / "a.txt", text.encode("utf-8")))
    utf16 = read_lines(write(tmp_path / "b.txt", text.encode("utf-16")))
    assert [line.text for line in utf16] == [line.text for line in utf8] == text.splitlines()
    with pytest.raises(UnreadableDocument, match="is not text"):
        read_lines(write(tmp_path / "c.txt", b"PK\x03\x04" + bytes(100)))
