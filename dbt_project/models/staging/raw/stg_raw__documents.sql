-- raw.documents: every document a federation's documents.csv names, with its
-- date (the newer document wins), cleaned as every document list is
-- (macros/staged_documents.sql).

{{ staged_documents(source('raw', 'documents')) }}
