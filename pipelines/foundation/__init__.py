"""What every stage stands on, and which imports no stage: settings, reference data and shared rules.

- settings.py       the paths of a refresh (landing, warehouse, exports), one typed object
- reference.py      the contract's ids and codes from seeds/, plus what a landing registers
- fiscal_years.py   which fiscal years a refresh and its partitions know
- file_kinds.py     which landing files are read, and as what, by name and suffix
- text_files.py     a landing file's bytes to text, in the encoding it was saved in
- problems.py       a refused row or file (Rejection) with file, line and reason
- personal_data.py  personnummer detection and masking, applied to every input
- warehouse_file.py creating and opening the DuckDB file (readable by DuckDB 1.x)
- swedish_format.py numbers and dates as Swedish readers write them
- html_pages.py     the Jinja environment of the HTML pages (quality page, report)
- disk_space.py     a full disk named in words

In: files of the project (seeds/, dagster.yaml's neighbours) and the environment's FINSAM_*
(read once, by Settings.from_env). Out: plain values and records. Nothing here imports
pipelines/ingest, extract, dbt, quality, export, report, sql, synth, refresh or defs.
"""
