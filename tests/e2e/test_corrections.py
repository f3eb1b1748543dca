"""A correction that makes a breakdown impossible blocks publishing, naming its file, line and both numbers."""

from __future__ import annotations

import shutil

from tests.conftest import SAMPLE_LANDING, refresh_into

HEADER = "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status"
# The 2025 annual report prints 40 participants: 18 women and 22 men. The correction makes the men 30.
IMPOSSIBLE = (
    "participants,sodra_lappland,2025,outcome,participants_gender,male,30,count,MAN,"
    "sodra-lappland_arsredovisning-2025_ocr.txt,312,corrected"
)


def test_an_impossible_correction_blocks_the_refresh_and_says_where_and_why(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING / "sodra_lappland", landing / "sodra_lappland")
    (landing / "sodra_lappland" / "rattelse.corrections.csv").write_text(
        f"{HEADER}\n{IMPOSSIBLE}\n", encoding="utf-8"
    )
    refreshed = refresh_into(tmp_path, landing)

    assert refreshed.exit_code == 1, refreshed.stdout + refreshed.stderr[-3000:]
    assert "marts/fct_fact_versions:gx_corrections" in refreshed.stderr  # the blocking check, by name
    (message,) = [line for line in refreshed.stderr.splitlines() if "corrected_parts_within_total" in line]
    assert "correction=sodra_lappland/rattelse.corrections.csv:2" in message
    assert "rule=gender" in message and "total=40" in message and "parts=48" in message
    assert not refreshed.settings.warehouse.exists()  # nothing published
