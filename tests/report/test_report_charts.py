"""The report's charts: the same spec gives the same SVG, whatever was drawn before in the process."""

from __future__ import annotations

import re

import pytest

import pipelines.report.charts as charts_module
from pipelines.report.charts import ChartDrawer, draw, heatmap, lines_with_rule, numbered_from_zero

CELLS = [
    {
        "rad": "Södra Lappland 2025",
        "kolumn": "Personal",
        "procent": 12.5,
        "etikett": "12,5",
        "beskrivning": "a",
    },
    {"rad": "Solleftå 2025", "kolumn": "Personal", "procent": -20.0, "etikett": "−20", "beskrivning": "b"},
]


def _heatmap():
    return draw(
        "budget-mot-utfall", "t", "d", heatmap(CELLS, "rad", "kolumn", "procent", "etikett", ["Personal"])
    )


def test_a_chart_drawn_again_in_the_same_process_has_the_same_ids():
    first, second = _heatmap(), _heatmap()  # Vega's own counter gives the second gradient_1
    assert first.svg == second.svg
    assert re.findall(r'id="(gradient_\d+)"', second.svg) == ["gradient_0"]
    assert 'fill="url(#gradient_0)"' in second.svg


def test_ids_are_counted_per_stem_in_order_of_appearance_and_every_reference_follows():
    svg = (
        '<svg><defs><linearGradient id="gradient_7"/><linearGradient id="gradient_12"/>'
        '<clipPath id="clip3"/></defs><rect fill="url(#gradient_12)"/><rect fill="url(#gradient_7)"/>'
        '<g clip-path="url(#clip3)"/><use href="#gradient_7"/><text id="title">gradient_7</text></svg>'
    )
    assert numbered_from_zero(svg) == (
        '<svg><defs><linearGradient id="gradient_0"/><linearGradient id="gradient_1"/>'
        '<clipPath id="clip0"/></defs><rect fill="url(#gradient_1)"/><rect fill="url(#gradient_0)"/>'
        '<g clip-path="url(#clip0)"/><use href="#gradient_0"/><text id="title">gradient_7</text></svg>'
    )


def _equity_lines(federations: int) -> list:
    values = [
        {"År": str(year), "Förbund": f"F{n}", "värde": 10.0 * n + year - 2020, "beskrivning": f"F{n} {year}"}
        for n in range(federations)
        for year in (2023, 2024, 2025)
    ]
    return [
        draw(f"eget-kapital-{n}", "t", f"F{n}", lines_with_rule(values[: 3 * (n + 1)], 20, "r", "y"))
        for n in range(federations)
    ]


def test_charts_drawn_in_a_second_process_are_the_charts_drawn_here(monkeypatch):
    monkeypatch.setattr(ChartDrawer, "FROM", 2)
    here = [chart.svg for chart in _equity_lines(3)]
    charts = _equity_lines(3)
    drawer = ChartDrawer()
    drawer.start(charts)
    try:
        assert all(chart.__dict__["drawing"]() is not None for chart in charts), "drawn by the worker"
        assert [chart.svg for chart in charts] == here
    finally:
        drawer.close()
    assert len({*here}) == 3 and all('aria-label="F' in svg for svg in here)


def test_a_chart_the_second_process_did_not_draw_is_drawn_here(monkeypatch):
    monkeypatch.setattr(ChartDrawer, "FROM", 2)
    monkeypatch.setattr(charts_module.sys, "executable", "/bin/false")  # the worker exits at once
    charts = _equity_lines(2)
    drawer = ChartDrawer()
    drawer.start(charts)
    try:
        assert [chart.svg for chart in charts] == [chart.svg for chart in _equity_lines(2)]
    finally:
        drawer.close()


def test_a_chart_made_after_drawing_started_takes_the_drawn_svg_when_its_spec_is_the_same(monkeypatch):
    """A build starts drawing before it makes the pages; their charts are new objects with the same specs."""
    monkeypatch.setattr(ChartDrawer, "FROM", 2)
    started = _equity_lines(3)
    drawer = ChartDrawer()
    drawer.start(started)
    try:
        later, other = _equity_lines(3), _equity_lines(4)[3]  # the same three, and one not started
        for chart in [*later, other]:
            drawer.attach(chart)
        assert all("drawing" in chart.__dict__ for chart in later) and "drawing" not in other.__dict__
        assert all(chart.__dict__["drawing"]() is not None for chart in later), "drawn by the worker"
        assert [chart.svg for chart in later] == [chart.svg for chart in started]
        assert 'aria-label="F3"' in other.svg  # drawn here
    finally:
        drawer.close()


def test_a_chart_that_names_a_url_fails_instead_of_fetching_it():
    spec = {
        "data": {"url": "https://example.com/figures.csv"},
        "mark": "bar",
        "encoding": {"x": {"field": "a"}},
    }
    with pytest.raises(Exception, match="not allowed"):
        charts_module.drawn_svg(spec, "a chart whose data is not in its spec")


def test_the_national_comparisons_legend_notice_stays_off_the_console(caplog):
    federations = [{"år": "2025", "förbund": f"Förbund {n:02d}", "värde": n} for n in range(40)]
    spec = {
        "data": {"values": federations},
        "mark": "line",
        "encoding": {
            "x": {"field": "år", "type": "ordinal"},
            "y": {"field": "värde", "type": "quantitative"},
            "color": {"field": "förbund", "type": "nominal"},
        },
    }
    svg = charts_module.drawn_svg(spec, "40 federations, a legend of 30 entries")
    legend = re.findall(r"role-legend-label.*?>([^<]*)</text>", svg)
    assert legend == [f"Förbund {n:02d}" for n in range(29)] + ["…11 entries"]  # Vega's cap of 30 entries
    assert not [record for record in caplog.records if record.name.startswith("vl_convert")]
