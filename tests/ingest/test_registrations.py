"""Federations registered in landing/federations.csv and landing/members.csv."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.defs.refresh import run_refresh
from pipelines.extract.vocabulary import load_vocabulary
from pipelines.foundation.reference import load_contract_reference, load_reference
from pipelines.foundation.settings import Settings
from pipelines.ingest.registrations import read_registrations, registered_in

FEDERATIONS = """federation_id,name_sv,county,founded,chief_fte_pct,board_members
norrvik,Samordningsförbundet Norrvik,Norrbotten,2008-01-01,100,7
solleftea,Samordningsförbundet i Sollefteå,Västernorrland,,,
Älvby,Samordningsförbundet Älvby,,,,
norrvik,Samordningsförbundet Norrvik igen,,,,
bjorkasen,Samordningsförbundet Björkåsen,,2011-13-01,,
"""

MEMBERS = """federation_id,member_id,name_sv,member_type,valid_from,valid_to
norrvik,forsakringskassan,Försäkringskassan,state,2008-01-01,
norrvik,region_norrbotten,Region Norrbotten,region,2008-01-01,
norrvik,norrvik,Norrviks kommun,municipality,2008-01-01,
norrvik,ostervik,Östervik kommun,county,,
nowhere,a,A kommun,municipality,,
solleftea,solleftea,Sollefteå kommun,municipality,,
"""


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "federations.csv").write_text(FEDERATIONS, encoding="utf-8")
    (landing / "members.csv").write_text(MEMBERS, encoding="utf-8")
    return landing


def test_valid_rows_register_and_every_bad_row_is_rejected_with_line_and_reason(tmp_path):
    contract = load_contract_reference()
    registrations = read_registrations(_landing(tmp_path), contract.federations, contract.members)

    assert [f.federation_id for f in registrations.federations.records] == ["norrvik"]
    assert [str(r) for r in registrations.federations.rejections] == [
        "federations.csv:3: federation solleftea is already in the contract (seeds/federations.csv)",
        "federations.csv:4: federation_id 'Älvby' is not a lower-case ASCII slug"
        " (å/ä → a, ö → o, words joined by _)",
        "federations.csv:5: norrvik is registered twice; the first row counts",
        "federations.csv:6: founded '2011-13-01' is not a date (YYYY-MM-DD)",
    ]
    assert [m.member_id for m in registrations.members.records] == [
        "forsakringskassan",
        "region_norrbotten",
        "norrvik",
    ]
    assert [str(r) for r in registrations.members.rejections] == [
        "members.csv:5: member_type 'county' is not one of state, region, municipality",
        "members.csv:6: federation 'nowhere' is neither in the contract nor registered",
        "members.csv:7: member solleftea of solleftea is already in the contract",
    ]


def test_a_landing_without_registration_files_knows_the_contract_only(tmp_path):
    assert load_reference(registered_in(tmp_path)).federations == load_contract_reference().federations
    assert load_contract_reference().federations == {"sodra_lappland", "skelleftea_norsjo", "solleftea"}


def test_registered_names_reach_the_extractor_lookups(tmp_path):
    landing = _landing(tmp_path)
    assert "norrvik" in load_reference(registered_in(landing)).federations
    assert load_reference(registered_in(landing)).members["norrvik"] == {
        "forsakringskassan",
        "region_norrbotten",
        "norrvik",
    }
    names = load_vocabulary(landing, registered=registered_in(landing)).names
    assert names.federations["norrvik"] == ("norrvik",)
    assert names.members["norrvik"]["norrviks kommun"] == ("norrvik", "municipality")
    assert "norrvik" not in load_vocabulary(tmp_path, registered=registered_in(tmp_path)).names.federations


def test_changing_a_registration_file_is_seen_without_restarting(tmp_path):
    landing = _landing(tmp_path)
    assert "storas" not in load_reference(registered_in(landing)).federations
    with (landing / "federations.csv").open("a", encoding="utf-8") as handle:
        handle.write("storas,Samordningsförbundet Storås,,,,\n")
    assert "storas" in load_reference(registered_in(landing)).federations


@pytest.mark.e2e
def test_a_registered_federation_flows_into_the_marts(tmp_path):
    landing = _landing(tmp_path)
    folder = landing / "norrvik"
    folder.mkdir()
    (folder / "norrvik_budget-2025.facts.csv").write_text(
        "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,"
        "source_file,source_line,status\n"
        "budget_line,norrvik,2025,budget,contribution_state,,1000000,sek,Staten,b.pdf,3,unverified\n"
        "budget_line,norrvik,2025,budget,contribution_region,,500000,sek,Regionen,b.pdf,4,unverified\n"
        "budget_line,norrvik,2025,budget,contribution_municipality,norrvik,500000,sek,Norrvik,b.pdf,5,unverified\n"
        "budget_line,norrvik,2025,budget,contributions_total,,2000000,sek,Summa,b.pdf,6,verified\n",
        encoding="utf-8",
    )
    settings = Settings.from_env(landing, tmp_path / "w" / "finsam.duckdb", tmp_path / "exports")

    outcome = run_refresh(settings)

    assert outcome.published
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        split = connection.execute(
            "select state_pct, region_pct, municipalities_pct from marts.rpt_financing_split"
            " where federation_id = 'norrvik' and fiscal_year = 2025"
        ).fetchall()
        dimension = connection.execute(
            "select name_sv, members, municipality_members from marts.dim_federations"
            " where federation_id = 'norrvik' and fiscal_year = 2025"
        ).fetchall()
        rejected = connection.execute(
            "select loader, _source_line from raw.rejected where loader like 'registered%' order by all"
        ).fetchall()
    assert [tuple(float(v) for v in row) for row in split] == [(50.0, 25.0, 25.0)]
    assert dimension == [("Samordningsförbundet Norrvik", 3, 1)]
    assert rejected == [
        ("registered_federations", 3),
        ("registered_federations", 4),
        ("registered_federations", 5),
        ("registered_federations", 6),
        ("registered_members", 5),
        ("registered_members", 6),
        ("registered_members", 7),
    ]
