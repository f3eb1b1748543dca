-- raw.registered_members: members from landing/members.csv of registered (or
-- contract) federations, in the seed's columns. The loader has checked every
-- row; this is the one model that reads the source.

with

source as (

    select * from {{ source('raw', 'registered_members') }}

)

select * from source
