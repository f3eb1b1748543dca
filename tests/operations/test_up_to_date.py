"""A refresh with nothing changed since the published one: same landing bytes, same product, same options."""

import pytest

from pipelines.foundation.settings import Settings
from pipelines.foundation.warehouse_file import create_warehouse_file
from pipelines.refresh.up_to_date import (
    landing_digest,
    output_options,
    published_inputs,
    record_inputs,
    refresh_inputs,
    unchanged_since_published,
)


def published_link(settings: Settings):
    return settings.exports / ".published"


@pytest.fixture
def published(tmp_path) -> Settings:
    """A landing of two files, and a published warehouse recorded as built from it."""
    landing = tmp_path / "landing"
    (landing / "alfa").mkdir(parents=True)
    (landing / "alfa" / "plan-2025.txt").write_text("Kostnader 1 200\n", encoding="utf-8")
    (landing / "federations.csv").write_text("federation_id\nalfa\n", encoding="utf-8")
    settings = Settings.from_env(landing, tmp_path / "warehouse" / "finsam.duckdb", tmp_path / "exports")
    settings.warehouse.parent.mkdir(parents=True)
    create_warehouse_file(settings.warehouse)
    record_inputs(settings.warehouse, refresh_inputs(landing, output_options(None)))
    (settings.exports / ".published-abc").mkdir(parents=True)
    (settings.exports / ".published").symlink_to(".published-abc")
    return settings


def test_the_same_landing_and_product_is_unchanged(published):
    found = unchanged_since_published(published, output_options("rfc4180"), published_link(published))
    assert found is not None and found.inputs.landing_files == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda landing: (landing / "alfa" / "plan-2025.txt").write_text(
            "Kostnader 1 300\n", encoding="utf-8"
        ),
        lambda landing: (landing / "alfa" / "plan-2026.txt").write_text(
            "Kostnader 1 400\n", encoding="utf-8"
        ),
        lambda landing: (landing / "federations.csv").unlink(),
        lambda landing: (landing / "alfa" / "plan-2025.txt").rename(landing / "alfa" / "plan-2024.txt"),
    ],
    ids=["a file's bytes", "a file added", "a file removed", "a file renamed"],
)
def test_any_change_of_the_landing_is_a_change(published, change):
    change(published.landing)
    assert unchanged_since_published(published, output_options(None), published_link(published)) is None


def test_another_csv_dialect_is_a_change(published):
    assert unchanged_since_published(published, output_options("sv"), published_link(published)) is None


def test_without_published_exports_or_a_record_a_refresh_runs(published):
    record_inputs(published.warehouse, None)  # a refresh of some assets drops the record
    assert published_inputs(published.warehouse) is None
    assert unchanged_since_published(published, output_options(None), published_link(published)) is None


def test_without_published_exports_a_refresh_runs(published):
    (published.exports / ".published").unlink()
    assert unchanged_since_published(published, output_options(None), published_link(published)) is None


def test_the_landing_digest_names_paths_and_contents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("1")
    first = landing_digest(tmp_path)
    (tmp_path / ".hidden").write_text("listed")  # the inventory lists (and quarantines) hidden files
    assert landing_digest(tmp_path) != first
    (tmp_path / ".hidden").unlink()
    (tmp_path / "a" / "x.txt").rename(tmp_path / "a" / "y.txt")
    assert landing_digest(tmp_path) != first and landing_digest(tmp_path)[1] == 1
