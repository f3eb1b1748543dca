"""Documents → facts: plans and annual reports (text, PDF and scans, Excel, Word) read into facts.

extractor.py runs the steps for one document (its docstring lists them: readers/, classify.py,
tables/, interpret/ with reconcile/, review.py, ocr_trust.py); parallel.py spreads many documents
over processes; cache.py keeps each document's result by its sha256; command.py is
`finsam extract`; accuracy.py measures extraction against a transcription.

In: a document's file, the vocabulary (seeds/label_vocabulary.csv, a landing's
label_mappings.csv, the names of the contract's and the landing's registered federations and
members), the OCR cache folder. Out: ExtractedFact records (the contract's fact columns, with
file and line), review rows, and the document's kind, federation, year and date. Nothing here
writes the warehouse: pipelines/ingest/document_facts.py takes the facts to the raw layer.
"""
