-- The members of each federation (seeds/members.csv and landing/members.csv), one row per member and
-- fiscal year in which it was a member (valid_from / valid_to; open ends count).
{{ rebuilt_by_year_config() }}

with

members as (

    select
        federation_id,
        member_id,
        name_sv,
        member_type,
        valid_from,
        valid_to
    from {{ ref('int_members_unioned') }}

),

federation_years as (

    select
        federation_id,
        fiscal_year,
        current_facts
    from {{ ref('int_federation_years_spined') }}
    where {{ in_rebuilt_years() }}

),

member_years as (

    select
        members.federation_id,
        federation_years.fiscal_year,
        members.member_id,
        members.name_sv,
        members.member_type,
        members.valid_from,
        members.valid_to
    from members
    inner join federation_years
        on
            members.federation_id = federation_years.federation_id
            and (members.valid_from is null or members.valid_from <= make_date(federation_years.fiscal_year, 12, 31))
            and (members.valid_to is null or members.valid_to >= make_date(federation_years.fiscal_year, 1, 1))

),

final as (

    select
        federation_id || '|' || member_id || '|' || cast(fiscal_year as varchar) as member_year_key,
        federation_id,
        fiscal_year,
        member_id,
        name_sv,
        member_type,
        valid_from,
        valid_to
    from member_years

)

select
    member_year_key,
    federation_id,
    fiscal_year,
    member_id,
    name_sv,
    member_type,
    valid_from,
    valid_to
from final
