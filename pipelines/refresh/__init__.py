"""A refresh around its stages, in plain Python (no Dagster): what every refresh does whoever starts it.

One refresh per warehouse at a time (lock.py); before it builds, the landing is checked and what
an interrupted refresh left behind is removed (guard.py); it builds a new warehouse file and
export folder beside the published ones (build_files.py) and swaps them in whole
only when its checks pass and it loses no facts (publish.py, shrink.py); at the end it says what
it found (outcome.py, run_summary.py) and alerts when it failed (alerts.py).

In: the settings (pipelines/foundation/settings.py) and the stages' results. Out: a published
warehouse and exports, or the previous ones untouched. The Dagster executor and `finsam refresh`
(pipelines/defs/jobs.py, pipelines/defs/refresh.py) call it.
"""
