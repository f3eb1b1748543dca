-- The contract's federations (seeds/federations.csv) and those registered in
-- the landing folder (raw.registered_federations). The loader already refuses
-- a registration that repeats a contract id, so a plain union is enough.

with

contract as (

    select
        federation_id,
        name_sv,
        county,
        founded,
        chief_fte_pct,
        board_members,
        'contract' as listed_in
    from {{ ref('federations') }}

),

registered as (

    select
        federation_id,
        name_sv,
        county,
        founded,
        chief_fte_pct,
        board_members,
        'landing' as listed_in
    from {{ ref('stg_raw__registered_federations') }}

),

unioned as (

    select * from contract
    union all
    select * from registered

)

select * from unioned
