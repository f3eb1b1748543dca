-- The contract's members (seeds/members.csv) and those registered in the
-- landing folder (raw.registered_members), which the loader has checked.

with

contract as (

    select
        federation_id,
        member_id,
        name_sv,
        member_type,
        valid_from,
        valid_to,
        'contract' as listed_in
    from {{ ref('members') }}

),

registered as (

    select
        federation_id,
        member_id,
        name_sv,
        member_type,
        valid_from,
        valid_to,
        'landing' as listed_in
    from {{ ref('stg_raw__registered_members') }}

),

unioned as (

    select * from contract
    union all
    select * from registered

)

select * from unioned
