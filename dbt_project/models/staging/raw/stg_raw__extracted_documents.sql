-- raw.extracted_documents: the documents the extractor read, with the kind,
-- federation and adoption date printed in them, cleaned as every document
-- list is (macros/staged_documents.sql).

{{ staged_documents(source('raw', 'extracted_documents')) }}
