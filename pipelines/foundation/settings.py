"""Where the warehouse reads and writes: one typed object every part is given as an argument.

`Settings.from_env` reads the paths once, at an entry point: explicit values
(the CLI's options, a Dagster run's config) win over FINSAM_LANDING,
FINSAM_WAREHOUSE and FINSAM_EXPORTS, which win over the project's folders.
From there the paths travel as arguments (to dbt as `--vars`, see
pipelines/dbt/commands.py), never back through the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_ROOT / "seeds"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


@dataclass(frozen=True)
class Settings:
    landing: Path
    warehouse: Path
    exports: Path

    @classmethod
    def from_env(
        cls,
        landing: str | Path | None = None,
        warehouse: str | Path | None = None,
        exports: str | Path | None = None,
    ) -> Settings:
        """Explicit arguments win, then FINSAM_* variables, then the project defaults."""

        def pick(given, variable: str, default: Path) -> Path:
            value = given or os.environ.get(variable) or default
            path = Path(value)
            return (path if path.is_absolute() else Path.cwd() / path).resolve()

        return cls(
            landing=pick(landing, "FINSAM_LANDING", PROJECT_ROOT / "landing"),
            warehouse=pick(warehouse, "FINSAM_WAREHOUSE", PROJECT_ROOT / "warehouse" / "finsam.duckdb"),
            exports=pick(exports, "FINSAM_EXPORTS", PROJECT_ROOT / "exports"),
        )

    @property
    def build_warehouse(self) -> Path:
        """Where a refresh builds the next warehouse; it replaces `warehouse` only when checks pass."""
        return self.warehouse.with_name(f".{self.warehouse.name}.next")

    @property
    def docs_copy(self) -> Path:
        """A copy of the build, documented by dbt while the checks read the build (dbt/docs_ahead.py)."""
        build = self.build_warehouse
        return build.with_name(f"{build.name}-docs")

    @property
    def export_copy(self) -> Path:
        """A copy of the build the NNS export reads while the checks run (export/ahead.py)."""
        build = self.build_warehouse
        return build.with_name(f"{build.name}-export")

    @property
    def publish_build(self) -> Path:
        """Where a refresh writes everything it publishes in one step: `nns/`, `report/`, `docs/`."""
        return self.exports / ".publish-next"

    @property
    def nns_build(self) -> Path:
        """Where a refresh writes the next NNS export before it is published as `nns/`."""
        return self.publish_build / "nns"

    @property
    def report_build(self) -> Path:
        """Where a refresh writes the next comparison report, published as `report/`."""
        return self.publish_build / "report"

    @property
    def docs_build(self) -> Path:
        """Where a refresh writes the next model documentation, published as `docs/`."""
        return self.publish_build / "docs"
