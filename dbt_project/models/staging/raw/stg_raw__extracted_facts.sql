-- raw.extracted_facts: the facts the extractor read from the documents,
-- cleaned as every fact-format table is (macros/staged_facts.sql).

{{ staged_facts(source('raw', 'extracted_facts')) }}
