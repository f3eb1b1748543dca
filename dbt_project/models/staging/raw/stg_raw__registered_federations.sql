-- raw.registered_federations: federations beyond the contract's, from
-- landing/federations.csv, in the seed's columns. The loader has checked every
-- row (slug, dates, no contract id repeated); this is the one model that reads
-- the source.

with

source as (

    select * from {{ source('raw', 'registered_federations') }}

)

select * from source
