-- raw.extraction_review: every row with figures in a document's tables that
-- the extractor did not turn into a fact, and why. The extraction asset writes
-- it already clean; this is the one model that reads the source.

with

source as (

    select * from {{ source('raw', 'extraction_review') }}

)

select * from source
