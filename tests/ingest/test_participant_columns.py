"""Clean participant exports go straight to Arrow columns, with the same result as row by row."""

from __future__ import annotations

from datetime import datetime

import duckdb

from pipelines.foundation.reference import load_reference
from pipelines.foundation.text_files import scan_file
from pipelines.ingest.loading import LoadedFile, LoadResult
from pipelines.ingest.participant_columns import chunk_columns
from pipelines.ingest.participants import parse_participants
from pipelines.ingest.raw_tables import write_raw
from pipelines.ingest.sources import load_participant_files
from tests.conftest import SAMPLE_LANDING

EXPORT = SAMPLE_LANDING / "sodra_lappland" / "sodra-lappland_insatser-2025.participants.csv"
LOADED_AT = datetime(2026, 11, 24)


def _raw(records) -> list[tuple]:
    result = LoadResult(files=[LoadedFile("x.participants.csv", "ab" * 32, records, [])])
    with duckdb.connect() as connection:
        write_raw(connection, "participants", result, LOADED_AT)
        return connection.execute("select * from raw.participants order by _source_line").fetchall()


def test_a_clean_export_as_columns_loads_exactly_what_the_row_parser_loads():
    text = EXPORT.read_text(encoding="utf-8")
    reference = load_reference()
    columns = chunk_columns(text, "sodra_lappland", reference)
    records, rejections = parse_participants(text, EXPORT.name, "sodra_lappland", reference)

    assert columns is not None and columns.num_rows == len(records) == 40 and rejections == []
    assert _raw(columns) == _raw(records)


def test_anything_unusual_goes_to_the_row_parser_which_names_the_line(tmp_path):
    reference = load_reference()
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    bad_gender = [
        *lines[:4],
        lines[4].replace(",female,", ",kvinna,").replace(",male,", ",kvinna,"),
        *lines[5:],
    ]
    quoted = [lines[0], '"SL25-001",' + lines[1].split(",", 1)[1], *lines[2:]]
    blank_line = [*lines[:3], "", *lines[3:]]
    assert chunk_columns("\n".join(bad_gender) + "\n", "sodra_lappland", reference) is None
    for variant in (quoted, blank_line):  # one record per line is not sure: never the Arrow path
        path = tmp_path / "variant.participants.csv"
        path.write_text("\n".join(variant) + "\n", encoding="utf-8")
        assert not scan_file(path, path.name).is_plain
    path.unlink()

    folder = tmp_path / "sodra_lappland"
    folder.mkdir()
    (folder / "bad.participants.csv").write_text("\n".join(bad_gender) + "\n", encoding="utf-8")
    (folder / "good.participants.csv").write_text("\r\n".join(lines[:10]) + "\r\n", encoding="utf-8")
    result = load_participant_files(tmp_path, reference)

    assert [str(r) for r in result.rejections] == [
        "sodra_lappland/bad.participants.csv:5: gender 'kvinna' is not one of female, male, non_binary, unknown"
    ]
    assert [type(f.records).__name__ for f in result.files] == ["list", "Table"]
    assert (
        sum(len(f.records) if isinstance(f.records, list) else f.records.num_rows for f in result.files)
        == 39 + 9
    )
