"""Draws the charts a report build hands over (charts.ChartDrawer), in a process of its own.

`python -m pipelines.report.chart_worker FOLDER` reads FOLDER/charts.json (a
list of {spec, description}) and writes each chart's SVG to FOLDER/<index>.svg,
renamed into place when whole, so the build reads no half-written chart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipelines.report.charts import drawn_svg


def main(folder: Path) -> int:
    charts = json.loads((folder / "charts.json").read_text(encoding="utf-8"))
    for index, chart in enumerate(charts):
        partial = folder / f"{index}.svg.partial"
        partial.write_text(drawn_svg(chart["spec"], chart["description"]), encoding="utf-8")
        partial.rename(folder / f"{index}.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
