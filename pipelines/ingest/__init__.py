"""Landing → raw: every file in landing/ read, checked against the contract, and written to `raw`.

landing.py lists the landing (every file and the kind it is read as, or why not); facts.py,
participants.py (participant_columns.py for plain exports), document_manifests.py and
registrations.py parse the CSV files (csv_rows.py, fact_values.py, plausible.py); document_facts.py
runs the extractor (pipelines/extract) over every document and checks its facts as submitted
ones are checked; document_lines.py keeps every document's lines for the report; sources.py
streams each loader's records in batches (loading.py); raw_tables.py writes them to raw.<table>
and every refused row to raw.rejected. landing_check.py refuses a landing with nothing to load
before a refresh starts; fact_file_check.py is `finsam validate-facts`.

In: the landing folder and the reference data (pipelines/foundation/reference.py, with the
landing's registrations). Out: the raw tables of a warehouse file, one per kind of input, each
row with its file, sha256 and line; rejections with file, line and reason.
"""
