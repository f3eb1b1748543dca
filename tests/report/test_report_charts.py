"""The report's charts: the same spec gives the same SVG, whatever was drawn before in the process."""

from __future__ import annotations

import re

from pipelines.report.charts import draw, heatmap, numbered_from_zero

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
