"""The report's charts: Vega-Lite specifications drawn to static SVG at build time.

vl-convert (a PyPI package that bundles Vega and Vega-Lite) renders them
here, with Swedish number format, so the pages carry finished SVG: nothing to
load or run in the browser, and every mark has an ARIA description for
screen readers. Each chart's numbers are also in the table beneath it.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache, cached_property, partial
from pathlib import Path
from typing import Any

COLOURS = ["#12355b", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#c4a69d"]
PART_COLOURS = {
    "Staten": "#12355b",
    "Regionen": "#00798c",
    "Kommunerna": "#66a182",
    "Region och kommuner": "#4f9d8f",
    "Arbete": "#12355b",
    "Studier": "#00798c",
    "Arbete eller studier": "#2e6f9e",
    "Annat": "#c9ced6",
    "uppfylld": "#1a7f37",
    "delvis uppfylld": "#edae49",
    "ej uppfylld": "#d1495b",
    "okänd": "#c9ced6",
}
# vl-convert measures text with the fonts it finds; DejaVu Sans is Debian's default, and the padding
# leaves room when a reader's browser draws the labels in a wider font
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
CONFIG = {
    "font": FONT,
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 320},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal"},
    "title": {"fontSize": 14, "anchor": "start"},
    "view": {"stroke": None},
}


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str  # what the chart shows, for screen readers (aria-label of the figure)
    spec: dict[str, Any]  # the whole Vega-Lite spec, data inline

    @cached_property
    def svg(self) -> str:
        """The chart drawn, when a page shows it (a page linked from the published report does not)."""
        drawing = self.__dict__.get("drawing")  # ChartDrawer: being drawn in a second process
        drawn = drawing() if drawing is not None else None
        return drawn if drawn is not None else drawn_svg(self.spec, self.description)


def drawn_svg(spec: dict[str, Any], description: str) -> str:
    """A Vega-Lite spec drawn to SVG, labelled for screen readers, its ids counted from 0."""
    svg = _converter().vegalite_to_svg(spec, format_locale="sv-SE", time_format_locale="sv-SE")
    svg = re.sub(r"^<svg ", f'<svg role="img" aria-label="{_attribute(description)}" ', svg, count=1)
    return numbered_from_zero(svg)


@cache
def _converter():
    """vl-convert, loaded on the first chart and kept from the network.

    The specs carry their data inline, so a chart that names a URL is a
    mistake: it fails instead of fetching. Vega's notice that a legend shows
    its first 30 entries (the national comparisons of 80 federations) is expected
    and not repeated on the console.
    """
    import vl_convert

    vl_convert.configure(allowed_base_urls=[])
    logging.getLogger("vl_convert").setLevel(logging.ERROR)
    return vl_convert


class ChartDrawer:
    """Draws many charts in a second process while this one writes the other pages.

    vl-convert draws one chart at a time (about 11 ms for a federation's
    line chart, 0.1 s for the national heat map, after 0.2 s to start its
    JavaScript engine) and holds Python's lock meanwhile: a national report's
    85 charts take 1.3-1.7 s that the second process overlaps with the pages.
    A chart's SVG depends only on its spec (ids counted from 0 per chart), so
    drawn elsewhere it is the same. The second process (chart_worker.py) is a
    plain command, not a multiprocessing child, so it never runs the caller's
    main module again; it writes each chart to a file of a temporary folder.
    Should it fail, a chart not drawn there is drawn here. A few charts are
    drawn here anyway: starting the process costs more than they do.
    """

    FROM = 12  # charts to draw before a second process is worth starting

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory | None = None
        self._worker: subprocess.Popen | None = None
        self._drawing: dict[str, Path] = {}  # a started chart's spec and description -> its SVG file

    def start(self, charts: list[Chart]) -> None:
        """Start drawing `charts` elsewhere; each chart's `svg` waits for its file when read.

        A chart made later with the same spec and description takes its SVG
        from there too once `attach`ed: a build starts drawing before it has
        made the pages (and their charts) that show them.
        """
        charts = [chart for chart in charts if "svg" not in chart.__dict__]
        if len(charts) < self.FROM:
            return
        self._folder = tempfile.TemporaryDirectory(prefix="finsam-charts-")
        folder = Path(self._folder.name)
        specs = [{"spec": chart.spec, "description": chart.description} for chart in charts]
        (folder / "charts.json").write_text(json.dumps(specs), encoding="utf-8")
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "pipelines.report.chart_worker", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for index, chart in enumerate(charts):
            self._drawing[_drawn_from(chart)] = folder / f"{index}.svg"
            self.attach(chart)

    def attach(self, chart: Chart) -> None:
        """Let `chart` take its SVG from the second process when one with the same spec was started there."""
        path = self._drawing.get(_drawn_from(chart))
        if path is not None and "svg" not in chart.__dict__:
            chart.__dict__["drawing"] = partial(self._drawn, path)

    def _drawn(self, path: Path) -> str | None:
        """The SVG the worker wrote at `path`, once it is there; None when the worker stopped without it."""
        while not path.exists():
            if self._worker is None or self._worker.poll() is not None:
                return path.read_text(encoding="utf-8") if path.exists() else None
            time.sleep(0.005)
        return path.read_text(encoding="utf-8")

    def close(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._worker = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _drawn_from(chart: Chart) -> str:
    """What a chart's SVG depends on (drawn_svg): its spec and its description."""
    return json.dumps([chart.spec, chart.description], sort_keys=True)


def draw(chart_id: str, title: str, description: str, spec: dict[str, Any]) -> Chart:
    """A Vega-Lite spec (data inline) as a chart drawn to SVG with Swedish number and date format."""
    full = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": CONFIG,
        "background": "white",
        "padding": {"left": 24, "right": 12, "top": 6, "bottom": 6},
        **spec,
    }
    return Chart(chart_id, title, description, full)


def numbered_from_zero(svg: str) -> str:
    """The SVG with Vega's numbered ids (`gradient_7`) counted from 0 within this chart.

    Vega numbers gradients and clip paths with a counter kept for the whole
    process, so the same chart drawn second in a process would get other ids
    than drawn first; counted per chart, a chart's SVG depends only on its spec.
    """
    numbered = dict.fromkeys(re.findall(r'\bid="([A-Za-z_]+?\d+)"', svg))
    counts: dict[str, int] = {}
    renamed = {}
    for old in numbered:
        stem = re.sub(r"\d+$", "", old)
        renamed[old] = f"{stem}{counts.get(stem, 0)}"
        counts[stem] = counts.get(stem, 0) + 1
    if not renamed or all(old == new for old, new in renamed.items()):
        return svg
    pattern = re.compile(r'(\bid="|url\(#|href="#)(' + "|".join(map(re.escape, renamed)) + r')(?=[")])')
    return pattern.sub(lambda match: match.group(1) + renamed[match.group(2)], svg)


def colour_scale(names: list[str]) -> dict[str, Any]:
    known = [PART_COLOURS[name] for name in names if name in PART_COLOURS]
    if len(known) == len(names):
        return {"domain": names, "range": known}
    return {"domain": names, "range": [COLOURS[index % len(COLOURS)] for index in range(len(names))]}


def grouped_bars(
    values: list[dict], x: str, y: str, colour: str, y_title: str, y_format: str, width: int = 640
) -> dict[str, Any]:
    """Bars per `x` (a year), one per `colour` (a federation) side by side."""
    colours = sorted({row[colour] for row in values})
    return {
        "width": width,
        "height": 260,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": x, "type": "ordinal", "title": "År", "axis": {"labelAngle": 0}},
            "xOffset": {"field": colour},
            "y": {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": y_format}},
            "color": {"field": colour, "type": "nominal", "title": "Förbund", "scale": colour_scale(colours)},
            "description": {"field": "beskrivning"},
        },
    }


def lines_with_rule(
    values: list[dict], rule: float | None, rule_label: str, y_title: str, width: int = 640
) -> dict[str, Any]:
    """A line per federation over the years, and a dashed horizontal rule (the recommended maximum)."""
    colours = sorted({row["Förbund"] for row in values})
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": {"size": 70, "filled": True}, "strokeWidth": 2.5},
            "encoding": {
                "x": {"field": "År", "type": "ordinal", "axis": {"labelAngle": 0}},
                "y": {"field": "värde", "type": "quantitative", "title": y_title, "axis": {"format": ",.0f"}},
                "color": {"field": "Förbund", "type": "nominal", "scale": colour_scale(colours)},
                "description": {"field": "beskrivning"},
            },
        }
    ]
    if rule is not None:
        layers.append(
            {
                "data": {"values": [{"regel": float(rule), "etikett": rule_label}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2, "color": "#b42318"},
                        "encoding": {"y": {"field": "regel", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "left",
                            "dx": 4,
                            "dy": -8,
                            "color": "#b42318",
                            "x": 0,
                            "fontSize": 12,
                        },
                        "encoding": {
                            "y": {"field": "regel", "type": "quantitative"},
                            "text": {"field": "etikett"},
                        },
                    },
                ],
            }
        )
    return {"width": width, "height": 280, "data": {"values": values}, "layer": layers}


def stacked_shares(
    values: list[dict], row: str, part: str, parts: list[str], x_title: str, rule: float | None = None
) -> dict[str, Any]:
    """Horizontal bars of parts adding up to 100 %, one bar per `row` (a federation and year)."""
    rows = list(dict.fromkeys(value[row] for value in values))
    bars: dict[str, Any] = {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": row, "type": "nominal", "title": None, "sort": rows},
            "x": {
                "field": "procent",
                "type": "quantitative",
                "title": x_title,
                "stack": "zero",
                "scale": {"domain": [0, 100]},
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": part,
                "type": "nominal",
                "title": None,
                "scale": colour_scale(parts),
                "sort": parts,
            },
            "order": {"field": "ordning", "type": "quantitative"},
            "description": {"field": "beskrivning"},
        },
    }
    layers = [bars]
    if rule is not None:
        layers.append(
            {
                "data": {"values": [{"regel": rule}]},
                "mark": {"type": "rule", "strokeDash": [5, 3], "color": "#1f2328", "strokeWidth": 1.5},
                "encoding": {"x": {"field": "regel", "type": "quantitative"}},
            }
        )
    return {"width": 560, "height": max(60, 30 * len(rows)), "data": {"values": values}, "layer": layers}


def heatmap(
    values: list[dict], row: str, column: str, value: str, label: str, columns: list[str]
) -> dict[str, Any]:
    """A grid of cells coloured by a signed percentage (red above zero, blue below), each labelled."""
    rows = list(dict.fromkeys(v[row] for v in values))
    encoding = {
        "y": {"field": row, "type": "nominal", "title": None, "sort": rows},
        "x": {
            "field": column,
            "type": "nominal",
            "title": None,
            "sort": columns,
            "axis": {"orient": "top", "labelAngle": -35, "labelAlign": "left", "labelLimit": 220},
        },
    }
    return {
        "data": {"values": values},
        "width": {"step": 74},
        "height": {"step": 24},
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white", "tooltip": True},
                "encoding": {
                    **encoding,
                    "color": {
                        "field": value,
                        "type": "quantitative",
                        "title": "Avvikelse från budget, %",
                        "scale": {
                            "scheme": "redblue",
                            "reverse": True,
                            "domainMid": 0,
                            "domain": [-50, 50],
                            "clamp": True,
                        },
                        "legend": {"format": ",.0f", "direction": "horizontal", "orient": "bottom"},
                    },
                    "description": {"field": "beskrivning"},
                },
            },
            {"mark": {"type": "text", "fontSize": 11}, "encoding": {**encoding, "text": {"field": label}}},
        ],
    }


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
