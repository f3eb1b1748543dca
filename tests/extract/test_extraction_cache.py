"""Extraction over many documents: worker processes and the cache between refreshes."""

from __future__ import annotations

import pytest

from pipelines.extract.cache import ExtractionCache, fingerprint
from pipelines.extract.parallel import PARALLEL_FROM, DocumentJob, extract_many
from pipelines.foundation.reference import load_reference
from pipelines.ingest import document_facts as landing_module
from pipelines.ingest.document_facts import document_files, extract_landing
from pipelines.ingest.registrations import registered_in
from pipelines.synth.command import SynthArguments, synthesize


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Two fictional federations over seven years: 28 documents, enough to go parallel."""
    out = tmp_path_factory.mktemp("synth")
    synthesize(SynthArguments(federations=2, years=7, participants_per_year=100, seed=11), out)
    return out / "landing"


def _jobs(landing):
    return [DocumentJob(f.path, f.federation_id) for f in document_files(landing)]


def _facts(outcomes):
    return [
        (o.document.source_file, [(f.code, f.item, f.value, f.source_line) for f in o.extraction.facts])
        for o in outcomes
    ]


def test_two_workers_give_what_one_gives_in_the_same_order(synthetic):
    jobs = _jobs(synthetic)
    assert len(jobs) == 28 >= PARALLEL_FROM

    registered = registered_in(synthetic)  # the synthetic federations are registered in its landing
    alone = extract_many(jobs, synthetic, registered, workers=1)
    together = extract_many(jobs, synthetic, registered, workers=2)

    assert [o.document.source_file for o in alone] == [job.path.name for job in jobs]
    assert _facts(together) == _facts(alone)
    assert sum(len(o.extraction.facts) for o in alone) > 28 * 20


def test_the_second_extraction_reads_nothing_and_returns_the_same_facts(synthetic, tmp_path, monkeypatch):
    reference = load_reference(registered_in(synthetic))
    first_cache = ExtractionCache(tmp_path, synthetic)
    first = extract_landing(synthetic, reference, first_cache)

    def no_extraction(*_args, **_kwargs):
        raise AssertionError("a cached document was extracted again")

    second_cache = ExtractionCache(tmp_path, synthetic)
    monkeypatch.setattr(
        landing_module, "extract_many", lambda jobs, *_args, **_kwargs: [] if not jobs else no_extraction()
    )
    second = extract_landing(synthetic, reference, second_cache)

    assert (first_cache.hits, first_cache.misses) == (0, 28)
    assert (second_cache.hits, second_cache.misses) == (28, 0)
    assert [(f.name, f.records, f.rejections) for f in second.facts.files] == [
        (f.name, f.records, f.rejections) for f in first.facts.files
    ]
    assert second.summaries == first.summaries and len(first.facts.records) > 28 * 20


def test_a_changed_registration_misses_the_cache_and_drops_the_old_results(synthetic, tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "federations.csv").write_text(
        (synthetic / "federations.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    before = fingerprint(landing)
    old = ExtractionCache(tmp_path / "cache", landing)
    old.put("abc", "x", "result")
    assert old.get("abc", "x") == "result"

    with (landing / "federations.csv").open("a", encoding="utf-8") as handle:
        handle.write("storas,Samordningsförbundet Storås,,,,\n")
    new = ExtractionCache(tmp_path / "cache", landing)

    assert fingerprint(landing) != before
    assert new.get("abc", "x") is None
    assert not old.folder.exists()


def test_the_document_view_takes_the_lines_the_extraction_read(synthetic, tmp_path, monkeypatch):
    from pipelines.ingest import document_lines as lines_module

    read_again, _ = lines_module.load_document_lines(synthetic)
    cache = ExtractionCache(tmp_path, synthetic)
    extract_landing(synthetic, load_reference(registered_in(synthetic)), cache)
    monkeypatch.setattr(lines_module, "read_lines", lambda *_args: pytest.fail("a document was read again"))

    from_cache, unreadable = lines_module.load_document_lines(synthetic, extracted=cache)

    assert unreadable == [] and len(from_cache.files) == 28
    assert [(f.name, f.sha256, f.records) for f in from_cache.files] == [
        (f.name, f.sha256, f.records) for f in read_again.files
    ]
    assert sum(len(f.records) for f in from_cache.files) > 28 * 50


def test_while_waiting_runs_once_here_while_the_workers_read(synthetic):
    """The refresh imports the checks' libraries there (pipelines/defs/quality_ahead.py)."""
    jobs = _jobs(synthetic)
    registered = registered_in(synthetic)
    calls: list[int] = []

    together = extract_many(jobs, synthetic, registered, workers=2, while_waiting=lambda: calls.append(1))
    assert calls == [1] and len(together) == 28

    extract_many(jobs[:2], synthetic, registered, workers=2, while_waiting=lambda: calls.append(2))
    assert calls == [1], "read here, nothing waits"
