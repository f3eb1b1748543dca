-- raw.rejected: every landing line (or whole file) the loaders refused, and
-- why. The loaders write it already clean; this is the one model that reads
-- the source.

with

source as (

    select * from {{ source('raw', 'rejected') }}

)

select * from source
