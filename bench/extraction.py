"""Benchmark: extract documents, report per document what was read, how fast, and how right.

    .venv/bin/python bench/extraction.py [TRUTH.facts.csv ...] [--json OUT] [--missing]

Each truth file names its documents (`source_file`), which lie in the truth
file's folder. Without arguments it measures the development sets,
../shared/documents/truth.facts.csv (the five seed documents) and
../shared/documents/more/truth.facts.csv (seven more), and falls back to the
hand transcriptions in landing/ when ../shared is absent.

Per document: milliseconds, facts by status, review rows, recall (right key
and right value, `item_alt`/`scenario_alt` accepted), the share of figures
accounted for (a fact, or a fact or review row on the figure's line), printed
contradictions flagged `conflict`, and wrong values marked `verified` (must
be 0). `--missing` lists every figure not found.

Then per file format (bench/formats.py): workbooks, Word files and scans at
300 and 150 dpi, each with recall, seconds per page and Tesseract's mean
confidence, and the OCR of a 30-page scanned annual report, timed (a few
minutes on two cores; `--no-formats` skips it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.formats import measure_formats, print_formats  # noqa: E402
from pipelines.cli import use_library_environment  # noqa: E402
from pipelines.extract.accuracy import Score, TruthFigure, read_truth, score  # noqa: E402
from pipelines.extract.extractor import extract_document  # noqa: E402

SHARED = ROOT.parent / "shared" / "documents"
DEFAULT_TRUTHS = (SHARED / "truth.facts.csv", SHARED / "more" / "truth.facts.csv")


def truth_files(arguments: list[Path]) -> list[Path]:
    if arguments:
        return arguments
    found = [path for path in DEFAULT_TRUTHS if path.exists()]
    return found or sorted((ROOT / "landing").glob("*/*.facts.csv"))


def review_lines_of(extraction) -> set[str]:
    return {row.source_line for row in extraction.review}


def measure_document(path: Path, truth: list[TruthFigure]) -> tuple[dict, Score]:
    started = time.perf_counter()
    document, extraction = extract_document(path)
    elapsed = time.perf_counter() - started
    reviewed = review_lines_of(extraction)
    result = score(extraction.facts, reviewed, truth, document.lines)
    statuses = Counter(fact.status for fact in extraction.facts)
    row = {
        "document": path.name,
        "seconds": round(elapsed, 4),
        "facts": len(extraction.facts),
        "by_status": dict(sorted(statuses.items())),
        "review_rows": len(extraction.review),
        "expected": result.expected,
        "found": result.found,
        "recall": round(result.rate, 4),
        "accounted": result.accounted,
        "status_agrees": result.status_agrees,
        "conflicts_expected": result.conflicts_expected,
        "conflicts_flagged": result.conflicts_flagged,
        "wrong_but_verified": len(result.wrong_but_verified),
    }
    return row, result


def print_row(row: dict) -> None:
    statuses = " ".join(f"{status[:5]} {count}" for status, count in row["by_status"].items())
    print(
        f"{row['document'][:48]:48} {row['seconds'] * 1000:7.1f} ms  {row['facts']:4} facts ({statuses:32})"
        f" {row['review_rows']:3} review  {row['found']:3}/{row['expected']:3} {row['recall']:6.1%}"
        f"  accounted {row['accounted'] / max(row['expected'], 1):6.1%}"
        f"  conflicts {row['conflicts_flagged']}/{row['conflicts_expected']}"
        f"  wrong+verified {row['wrong_but_verified']}"
    )


def main() -> int:
    use_library_environment()  # as `finsam` does for its process
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("truths", nargs="*", type=Path)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--missing", action="store_true", help="list every figure not found")
    parser.add_argument("--no-formats", action="store_true", help="skip the per-format measures")
    arguments = parser.parse_args()
    sets, seconds = [], 0.0
    for truth_path in truth_files(arguments.truths):
        figures = read_truth(truth_path)
        total, rows = Score(), []
        print(f"\n{truth_path}")
        for name in sorted({figure.source_file for figure in figures}):
            path = truth_path.parent / name
            if not path.exists():
                print(f"{name}: not found beside the truth file")
                continue
            row, result = measure_document(path, [f for f in figures if f.source_file == name])
            rows.append(row)
            total.add(result)
            seconds += row["seconds"]
            print_row(row)
            if arguments.missing and (result.missing or result.wrong):
                print(result.report())
        print(
            f"{'total':48} recall {total.found}/{total.expected} ({total.rate:.1%}), "
            f"accounted {total.accounted_rate:.1%}, conflicts {total.conflicts_flagged}/"
            f"{total.conflicts_expected}, wrong+verified {len(total.wrong_but_verified)}"
        )
        sets.append(
            {
                "truth": str(truth_path),
                "documents": rows,
                "expected": total.expected,
                "found": total.found,
                "recall": round(total.rate, 4),
                "accounted": round(total.accounted_rate, 4),
                "core_recall": round(total.by_grade["core"] / max(total.expected_by_grade["core"], 1), 4),
                "conflicts_flagged": total.conflicts_flagged,
                "conflicts_expected": total.conflicts_expected,
                "wrong_but_verified": len(total.wrong_but_verified),
            }
        )
    print(f"\nall documents extracted in {seconds:.2f} s")
    formats = [] if arguments.no_formats else measure_formats(SHARED if SHARED.exists() else None)
    print_formats(formats)
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        summary = {"sets": sets, "total_seconds": round(seconds, 4), "formats": formats}
        arguments.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
