-- raw.facts: the fact CSVs and corrections files federations and analysts
-- submitted, cleaned as every fact-format table is (macros/staged_facts.sql).

{{ staged_facts(source('raw', 'facts')) }}
