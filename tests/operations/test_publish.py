"""Swap on success, keep on failure: what analysts and the NNS see is a checked refresh or the last one."""

import shutil

import pytest

from tests.conftest import SAMPLE_LANDING, refresh_into, snapshot

# Loads (every row is valid on its own) but the parts contradict a total marked verified:
# a blocking data-quality error.
INCONSISTENT = """record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status
participants,skelleftea_norsjo,2015,outcome,participants_total,,10,count,Antal inskrivna,rapport.txt,4,verified
participants,skelleftea_norsjo,2015,outcome,participants_gender,female,3,count,Kvinna,rapport.txt,5,verified
participants,skelleftea_norsjo,2015,outcome,participants_gender,male,3,count,Man,rapport.txt,6,verified
"""


@pytest.mark.e2e
def test_a_clean_refresh_exits_0_and_a_blocking_failure_exits_1_keeping_everything(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING / "skelleftea_norsjo", landing / "skelleftea_norsjo")
    clean = refresh_into(tmp_path / "out", landing)
    assert clean.exit_code == 0, clean.stdout + clean.stderr[-2000:]
    before = snapshot(clean.settings)
    assert "2015/rpt_financing_split.csv" in before

    (landing / "skelleftea_norsjo" / "rapport.facts.csv").write_text(INCONSISTENT, encoding="utf-8")
    failed = refresh_into(tmp_path / "out", landing)
    assert failed.exit_code == 1
    assert "nothing was published" in failed.stderr
    assert "gx_fct_participants" in failed.stderr
    assert snapshot(failed.settings) == before, "the previous warehouse and export are byte-identical"
