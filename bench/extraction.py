"""Benchmark: extract the development documents, report time per document and accuracy.

    .venv/bin/python bench/extraction.py [DOCUMENT_DIR] [--json OUT]

DOCUMENT_DIR defaults to ../shared/documents (the five real documents) and
falls back to the sample documents in landing/. Accuracy is measured against
the hand transcription in landing/*/*.facts.csv; a document without one is
timed only. The issue's target: all five real documents together under 5 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract.accuracy import measure, read_expected  # noqa: E402
from pipelines.extract.extractor import extract_document  # noqa: E402
from pipelines.extract.reading import DOCUMENT_SUFFIXES  # noqa: E402


def documents(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in DOCUMENT_SUFFIXES and not path.name.lower().startswith("readme")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--json", type=Path, help="write the results here")
    arguments = parser.parse_args()
    folder = arguments.folder or ROOT.parent / "shared" / "documents"
    if not folder.exists():
        folder = ROOT / "landing"
    transcriptions = sorted((ROOT / "landing").glob("*/*.facts.csv"))
    results, total = [], 0.0
    for path in documents(folder):
        started = time.perf_counter()
        _, extraction = extract_document(path)
        elapsed = time.perf_counter() - started
        total += elapsed
        expected = read_expected(transcriptions, path.name)
        accuracy = measure(extraction.facts, expected) if expected else None
        results.append(
            {
                "document": path.name,
                "seconds": round(elapsed, 4),
                "facts": len(extraction.facts),
                "expected": accuracy.expected if accuracy else None,
                "found": accuracy.found if accuracy else None,
                "wrong_but_verified": len(accuracy.wrong_but_verified) if accuracy else None,
            }
        )
        rate = f"{accuracy.found}/{accuracy.expected} right" if accuracy else "no transcription"
        print(f"{path.name:60} {elapsed * 1000:8.1f} ms  {len(extraction.facts):4} facts  {rate}")
    expected = sum(r["expected"] or 0 for r in results)
    found = sum(r["found"] or 0 for r in results)
    print(
        f"{'total':60} {total * 1000:8.1f} ms  accuracy {found}/{expected} ({found / expected:.1%})"
        if expected
        else f"total {total:.3f} s"
    )
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "documents": results,
            "total_seconds": round(total, 4),
            "figures_expected": expected,
            "figures_right": found,
        }
        arguments.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
