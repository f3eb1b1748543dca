"""The benchmark's own logic: stages of Dagster steps, targets and ratios, memory of a process tree."""

import json
import sys

import pytest

from bench.child import models_in_build_order
from bench.landings import cut_landing, year_of
from bench.memory import run_measured
from bench.national import GENERATOR_STAMP, generator_fingerprint, synth_matches
from bench.stages import STAGES, stage_of_step, stage_seconds
from bench.targets import NationalFigures, Target, per_second, ratio, ratios, targets


@pytest.mark.parametrize(
    ("step", "stage"),
    [
        ("raw_extracted", "extraction"),
        ("ops__warehouse_build", "loading"),
        ("raw__facts", "loading"),
        ("raw__registered_federations", "loading"),
        ("raw_registrations", "loading"),
        ("finsam_dbt_models", "dbt"),
        ("gx_raw_suites", "checks"),
        ("gx_marts_suites", "checks"),
        ("exports__nns_nns_export_matches_its_schema", "checks"),
        ("exports__nns", "export"),
        ("ops__publish", "export"),
        ("exports__report", "report"),
        ("exports__docs", "report"),
        ("raw__document_lines", "loading"),
        ("something_new", "other"),
    ],
)
def test_every_step_has_a_stage(step, stage):
    assert stage_of_step(step) == stage


def test_stage_seconds_sum_their_steps_and_keep_unknown_ones():
    totals = stage_seconds(
        {
            "raw_extracted": 2.0,
            "raw__facts": 0.5,
            "raw__documents": 1.0,
            "gx_raw_suites": 3.0,
            "mystery": 0.25,
        }
    )
    assert totals == {
        "extraction": 2.0,
        "loading": 1.5,
        "dbt": 0.0,
        "checks": 3.0,
        "export": 0.0,
        "report": 0.0,
        "other": 0.25,
    }
    assert tuple(totals) == STAGES


def test_targets_pass_and_miss_on_their_limits():
    assert Target("refresh", 120.0, 120, "s").verdict == "PASS"
    assert Target("refresh", 120.5, 120, "s").verdict == "MISS"
    assert Target("docs", 49.9, 50, "docs/s", at_least=True).verdict == "MISS"
    assert Target("docs", 50.0, 50, "docs/s", at_least=True).verdict == "PASS"
    assert Target("docs", None, 50, "docs/s").verdict == "n/a"
    assert Target("docs", None, 50, "docs/s").as_json()["passed"] is None


def test_ratios_and_rates():
    assert ratio(90, 45) == 2.0
    assert ratio(90, 0) is None
    assert ratio(None, 3) is None
    assert per_second(100, 4.0) == 25.0
    assert per_second(0, 4.0) is None
    figures = NationalFigures(
        full_refresh_seconds=100.0,
        full_refresh_peak_mb=1500.0,
        warm_full_refresh_seconds=50.0,
        year_refresh_seconds=15.5,
        no_change_seconds=5.0,
        extraction_seconds=20.0,
        plain_dbt_build_seconds=40.0,
        raw_sql_seconds=8.0,
        text_documents_per_second=60.0,
    )
    assert ratios(figures) == {
        "refresh_over_plain_dbt_build": 2.5,
        "refresh_over_plain_dbt_build_plus_extraction": 1.67,
        "refresh_over_raw_duckdb_sql": 12.5,
        "warm_full_refresh_over_plain_dbt_build": 1.25,
        "new_year_refresh_over_warm_full_refresh": 0.31,
        "no_change_refresh_over_warm_full_refresh": 0.1,
    }
    assert [(t.name, t.verdict) for t in targets(figures)] == [
        ("national full refresh, cold", "MISS"),
        ("national full refresh, warm", "PASS"),
        ("national refresh peak memory", "PASS"),
        ("refresh / (plain dbt build + extraction)", "MISS"),
        ("refresh of one new fiscal year", "MISS"),
        ("refresh with nothing changed", "PASS"),
        ("text documents extracted", "PASS"),
    ]


def test_peak_memory_counts_the_children_of_the_command(tmp_path):
    # the command itself stays small; its child holds 200 MB for half a second
    child = "b = bytearray(200 * 2**20); import time; time.sleep(0.5)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    measured = run_measured([sys.executable, "-c", parent], tmp_path / "log")
    assert measured.returncode == 0
    assert 200 <= measured.peak_rss_mb < 400
    assert 0.5 <= measured.wall_seconds < 10


def test_models_are_built_after_what_they_select_from():
    def model(name, *upstream):
        return {"resource_type": "model", "name": name, "depends_on": {"nodes": list(upstream)}}

    manifest = {
        "nodes": {
            "model.p.a_report": model("a_report", "model.p.fact", "seed.p.codes"),
            "model.p.fact": model("fact", "model.p.staging"),
            "model.p.staging": model("staging", "source.p.raw.facts"),
            "seed.p.codes": {"resource_type": "seed", "name": "codes", "depends_on": {"nodes": []}},
        }
    }
    assert [node["name"] for node in models_in_build_order(manifest)] == ["staging", "fact", "a_report"]


def test_a_generated_landing_is_reused_only_for_the_same_arguments_and_generator(tmp_path):
    wanted = {"federations": 80, "years": 11, "participants_per_year": 35000, "seed": 2026}
    synth_json = tmp_path / "synth.json"
    assert not synth_matches(synth_json, wanted)
    synth_json.write_text(json.dumps({"arguments": wanted, "documents": 1760}))
    assert not synth_matches(synth_json, wanted), "made by an unknown generator"
    (tmp_path / GENERATOR_STAMP).write_text(generator_fingerprint())
    assert synth_matches(synth_json, wanted)
    assert not synth_matches(synth_json, {**wanted, "seed": 1})
    (tmp_path / GENERATOR_STAMP).write_text("0" * 64)
    assert not synth_matches(synth_json, wanted), "made by older generator code"


def test_a_landing_is_cut_to_its_first_federations_and_without_a_year(tmp_path):
    source = tmp_path / "source"
    for federation in ("alfa", "beta", "gamma"):
        (source / federation).mkdir(parents=True)
        for name in (
            f"{federation}_plan-2024.txt",
            f"{federation}_plan-2025.txt",
            f"{federation}_deltagare-2025.participants.csv",
        ):
            (source / federation / name).write_text(name)
        (source / federation / "documents.csv").write_text(
            f"source_file,document_kind\n{federation}_plan-2024.txt,plan\n{federation}_plan-2025.txt,plan\n"
        )
    (source / "federations.csv").write_text("federation_id,name_sv\nalfa,A\nbeta,B\ngamma,C\n")
    cut = cut_landing(source, tmp_path / "cut", 2, without_year=2025)
    assert sorted(str(path.relative_to(cut)) for path in cut.rglob("*") if path.is_file()) == [
        "alfa/alfa_plan-2024.txt",
        "alfa/documents.csv",
        "beta/beta_plan-2024.txt",
        "beta/documents.csv",
        "federations.csv",
    ]
    assert (cut / "federations.csv").read_text() == "federation_id,name_sv\nalfa,A\nbeta,B\n"
    assert (
        cut / "beta" / "documents.csv"
    ).read_text() == "source_file,document_kind\nbeta_plan-2024.txt,plan\n"
    cut_landing(source, cut, 2)  # the year back: the same bytes as the source's files
    assert (cut / "alfa" / "documents.csv").read_text() == (source / "alfa" / "documents.csv").read_text()
    assert (cut / "alfa" / "alfa_deltagare-2025.participants.csv").stat().st_ino == (
        source / "alfa" / "alfa_deltagare-2025.participants.csv"
    ).stat().st_ino
    assert year_of("x_arsredovisning-2025_ocr.economy.facts.csv") == 2025
    assert year_of("federations.csv") is None
