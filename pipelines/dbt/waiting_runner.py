"""A dbt process that imports dbt first and waits for its command (pipelines/dbt/waiting.py).

Run as `python -m pipelines.dbt.waiting_runner`. It reads one JSON request from
stdin, `{"arguments": [...], "environment": {...}}`, runs it with dbt's own
programmatic runner and exits with the code the `dbt` command would: 0 for
success, 1 when a node failed, 2 when dbt itself failed. An empty stdin (the
refresh ended or went another way) exits at once without running anything.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    # the point of this process: dbt's import (about 2.4 s) happens before the command arrives
    import dbt.adapters.duckdb  # noqa: F401  (the adapter plugin dbt loads for the profile)
    from dbt.cli.main import dbtRunner
    from dbt.task.build import BuildTask  # noqa: F401  (imported by `build` on its first use)

    request = sys.stdin.read()
    if not request.strip():
        return 0
    command = json.loads(request)
    os.environ.clear()
    os.environ.update(command["environment"])
    result = dbtRunner().invoke(list(command["arguments"]))
    if result.exception is not None:  # the `dbt` command prints these; the runner only returns them
        print(f"dbt failed: {type(result.exception).__name__}: {result.exception}", file=sys.stderr)
        return 2
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
