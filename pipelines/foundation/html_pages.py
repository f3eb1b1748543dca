"""The HTML pages the refresh writes for people (the report, the quality page): one Jinja2
environment, one stylesheet, Swedish number filters.

Templates live in pipelines/templates/; every page is plain HTML with
inline SVG and no script, so it opens from disk with no network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipelines.foundation.swedish_format import (
    MISSING,
    format_count,
    format_kronor,
    format_number,
    format_percent,
    format_points,
)

TEMPLATES = Path(__file__).parents[1] / "templates"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        kr=format_kronor,
        pct=format_percent,
        points=format_points,
        count=format_count,
        number=format_number,
        missing=lambda value: MISSING if value is None or value == "" else value,
    )
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def stylesheet() -> str:
    return (TEMPLATES / "style.css").read_text(encoding="utf-8")
