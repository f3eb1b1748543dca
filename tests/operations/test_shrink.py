"""A build that would lose facts is not published without consent.

Counts from the bundled sample's published warehouse (current facts in
marts.fct_fact_versions): 441 in all; skelleftea_norsjo 3 (all in 2015, the
only federation with 2015), sodra_lappland 2021: 5, 2022: 5, 2023: 42,
2024: 108, 2025: 184, 2026: 37; solleftea 19 in each of 2024, 2025, 2026.
"""

from __future__ import annotations

import shutil
import subprocess

import duckdb
import pytest
from dagster import Failure, build_asset_context, validate_run_config

from pipelines.defs.assets.publishing import PublishConfig, publish
from pipelines.defs.refresh import run_config
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.settings import PROJECT_ROOT, Settings
from pipelines.refresh.outcome import RefreshOptions
from pipelines.refresh.shrink import (
    FactCounts,
    Loss,
    ShrinkSettingError,
    count_facts,
    losses,
    max_shrink_pct,
    publishing_losses,
)
from tests.conftest import SAMPLE_LANDING, refresh_command, snapshot

SAMPLE_COUNTS = {
    ("skelleftea_norsjo", 2015): 3,
    ("sodra_lappland", 2021): 5,
    ("sodra_lappland", 2022): 5,
    ("sodra_lappland", 2023): 42,
    ("sodra_lappland", 2024): 108,
    ("sodra_lappland", 2025): 184,
    ("sodra_lappland", 2026): 37,
    ("solleftea", 2024): 19,
    ("solleftea", 2025): 19,
    ("solleftea", 2026): 19,
}


# --- the rule, on hand-made counts ---------------------------------------------------------------

PUBLISHED = FactCounts({("a", 2024): 10, ("a", 2025): 10, ("b", 2024): 5, ("c", 2023): 2})


def test_a_build_with_the_same_or_more_facts_loses_nothing():
    assert losses(PUBLISHED, PUBLISHED, 20) == []
    assert losses(PUBLISHED, FactCounts({**PUBLISHED.by_federation_year, ("d", 2025): 1}), 20) == []


def test_a_federation_or_a_year_that_had_facts_and_has_none_is_a_loss():
    built = FactCounts({("a", 2024): 10, ("a", 2025): 10, ("c", 2024): 2})  # b gone; c moved to 2024
    assert losses(PUBLISHED, built, 20) == [
        Loss("federation b", 5, 0),
        Loss("fiscal year 2023", 2, 0),
    ]


def test_a_federation_year_gone_while_both_remain_is_listed_on_its_own():
    built = FactCounts({("a", 2024): 10, ("b", 2024): 5, ("b", 2025): 10, ("c", 2023): 2})
    assert losses(PUBLISHED, built, 20) == [Loss("a 2025", 10, 0)]


def test_a_fall_of_more_than_the_share_is_a_loss_and_up_to_it_is_not():
    # 27 facts published; 21 is a fall of 22.2 %, 22 a fall of 18.5 %
    fell = FactCounts({("a", 2024): 5, ("a", 2025): 9, ("b", 2024): 5, ("c", 2023): 2})
    assert losses(PUBLISHED, fell, 20) == [Loss("all facts (down 22.2 %, more than 20 %)", 27, 21)]
    assert losses(PUBLISHED, fell, 25) == []
    assert losses(PUBLISHED, FactCounts({**fell.by_federation_year, ("a", 2024): 6}), 20) == []


def test_the_share_comes_from_the_argument_the_environment_or_20(monkeypatch):
    monkeypatch.delenv("FINSAM_MAX_SHRINK_PCT", raising=False)
    assert max_shrink_pct() == 20
    monkeypatch.setenv("FINSAM_MAX_SHRINK_PCT", "35")
    assert max_shrink_pct() == 35
    assert max_shrink_pct(5) == 5
    monkeypatch.setenv("FINSAM_MAX_SHRINK_PCT", "tjugo")
    with pytest.raises(ShrinkSettingError, match="FINSAM_MAX_SHRINK_PCT='tjugo' is not a number"):
        max_shrink_pct()
    with pytest.raises(ShrinkSettingError, match="must be 0 to 100 %, not 120"):
        max_shrink_pct(120)


def test_a_bad_share_is_refused_in_one_line_before_anything_runs(tmp_path, capsys):
    from pipelines.cli import main

    assert main(["refresh", "--max-shrink", "120", "--warehouse", str(tmp_path / "w.duckdb")]) == 1
    captured = capsys.readouterr()
    assert captured.err == "error: the largest allowed fall in facts must be 0 to 100 %, not 120.0\n"
    assert captured.out == ""


def test_the_refresh_passes_consent_and_the_share_to_the_publish_step():
    from pipelines.definitions import defs

    job = defs.resolve_implicit_global_asset_job_def()
    config = run_config(Settings.from_env(), RefreshOptions(allow_shrink=True, max_shrink_pct=35.0))
    assert config["ops"]["ops__publish"]["config"] == {"allow_shrink": True, "max_shrink_pct": 35.0}
    validated = validate_run_config(job, config)
    assert validated["ops"]["ops__publish"]["config"] == {"allow_shrink": True, "max_shrink_pct": 35.0}


# --- the publish step, on copies of the sample's warehouse ---------------------------------------


def prepare_build(settings, change: str) -> None:
    """A build beside the published warehouse: the same file with `change` applied, and the same export."""
    shutil.copy(settings.warehouse, settings.build_warehouse)
    with duckdb.connect(str(settings.build_warehouse)) as connection:
        connection.execute(change)
    shutil.copytree((settings.exports / "nns").resolve(), settings.nns_build)


def publish_with(settings, **config):
    with build_asset_context() as context:
        return publish(context, config=PublishConfig(**config), paths=FinsamPaths.from_settings(settings))


def test_the_sample_warehouse_has_the_counts_this_file_names(refreshed):
    counts = count_facts(refreshed.settings.warehouse)
    assert counts.by_federation_year == SAMPLE_COUNTS
    assert counts.total == 441


def test_a_build_without_a_federation_is_not_published_unless_allowed(published):
    before = snapshot(published)
    prepare_build(published, "delete from marts.fct_fact_versions where federation_id = 'skelleftea_norsjo'")

    with pytest.raises(Failure) as blocked:
        publish_with(published)
    assert blocked.value.description.splitlines() == [
        f"Not published: the new build has less than {published.warehouse}:",
        "  - federation skelleftea_norsjo: 3 facts published, 0 in the new build",
        "  - fiscal year 2015: 3 facts published, 0 in the new build",
        "If the landing was cleaned on purpose, refresh with --allow-shrink "
        "(in the Dagster UI: allow_shrink: true in the config of ops/publish).",
    ]
    assert snapshot(published) == before

    result = publish_with(published, allow_shrink=True)
    assert result.metadata["facts_lost_with_consent"] == 2
    assert count_facts(published.warehouse).by_federation == {"sodra_lappland": 381, "solleftea": 57}


def test_a_fall_beyond_the_share_is_blocked_and_a_larger_share_publishes_it(published):
    # 100 of sodra_lappland's 184 facts of 2025 gone: 441 -> 341, down 22.7 %; no year or federation empty
    prepare_build(
        published,
        "delete from marts.fct_fact_versions where rowid in (select rowid from marts.fct_fact_versions "
        "where is_current and federation_id = 'sodra_lappland' and fiscal_year = 2025 "
        "order by fact_version_id limit 100)",
    )
    assert publishing_losses(published.warehouse, published.build_warehouse, 20) == [
        Loss("all facts (down 22.7 %, more than 20 %)", 441, 341)
    ]
    before = snapshot(published)
    with pytest.raises(Failure, match=r"all facts \(down 22.7 %, more than 20 %\): 441 facts published, 341"):
        publish_with(published)
    assert snapshot(published) == before
    publish_with(published, max_shrink_pct=25)
    assert count_facts(published.warehouse).total == 341


def test_publishing_without_a_build_refuses_and_changes_nothing(published):
    before = snapshot(published)
    with pytest.raises(
        Failure, match=r"nothing to publish: .*\.finsam\.duckdb\.next, .*\.publish-next missing"
    ):
        publish_with(published, allow_shrink=True)
    assert snapshot(published) == before


def test_nothing_published_yet_is_never_blocked(published, tmp_path):
    assert publishing_losses(tmp_path / "none.duckdb", published.warehouse, 0) == []


# --- a whole refresh ---------------------------------------------------------------------------------


@pytest.mark.e2e
def test_a_refresh_of_a_landing_missing_a_federation_publishes_nothing_and_says_what_would_go(
    published, tmp_path
):
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing, ignore=shutil.ignore_patterns("skelleftea_norsjo"))
    settings = Settings(landing, published.warehouse, published.exports)
    before = snapshot(settings)

    completed = subprocess.run(
        refresh_command(settings), cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )

    assert completed.returncode == 1, completed.stdout[-2000:] + completed.stderr[-3000:]
    tail = completed.stderr.splitlines()[-6:]
    assert tail == [
        f"Not published: the new build has less than {settings.warehouse}:",
        "  - federation skelleftea_norsjo: 3 facts published, 0 in the new build",
        "  - fiscal year 2015: 3 facts published, 0 in the new build",
        "If the landing was cleaned on purpose, refresh with --allow-shrink "
        "(in the Dagster UI: allow_shrink: true in the config of ops/publish).",
        "Refresh failed (step ops__publish); nothing was published.",
        f"The previous warehouse and exports are unchanged: {settings.warehouse}",
    ]
    assert snapshot(settings) == before
    assert not settings.build_warehouse.exists() and not settings.publish_build.exists()
