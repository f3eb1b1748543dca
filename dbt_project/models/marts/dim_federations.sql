-- The federations (seeds/federations.csv and landing/federations.csv), one row per federation and fiscal
-- year of the warehouse, with the members of that year counted.
{{ rebuilt_by_year_config() }}

with

federations as (

    select
        federation_id,
        name_sv,
        county,
        founded,
        chief_fte_pct,
        board_members
    from {{ ref('int_federations_unioned') }}

),

federation_years as (

    select
        federation_id,
        fiscal_year,
        current_facts
    from {{ ref('int_federation_years_spined') }}
    where {{ in_rebuilt_years() }}

),

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

member_counts as (

    select
        federation_years.federation_id,
        federation_years.fiscal_year,
        count(members.member_id) as members,
        count(members.member_id) filter (where members.member_type = 'municipality') as municipality_members
    from federation_years
    left join members
        on
            federation_years.federation_id = members.federation_id
            and (members.valid_from is null or members.valid_from <= make_date(federation_years.fiscal_year, 12, 31))
            and (members.valid_to is null or members.valid_to >= make_date(federation_years.fiscal_year, 1, 1))
    group by federation_years.federation_id, federation_years.fiscal_year

),

final as (

    select
        federation_years.federation_id || '|' || cast(federation_years.fiscal_year as varchar) as federation_year_key,
        federation_years.federation_id,
        federation_years.fiscal_year,
        federations.name_sv,
        federations.county,
        federations.founded,
        federations.chief_fte_pct,
        federations.board_members,
        federations.founded is null
        or extract(year from federations.founded) <= federation_years.fiscal_year as is_founded,
        cast(member_counts.members as integer) as members,
        cast(member_counts.municipality_members as integer) as municipality_members,
        cast(federation_years.current_facts as integer) as current_facts,
        federation_years.current_facts > 0 as has_facts
    from federation_years
    inner join federations
        on federation_years.federation_id = federations.federation_id
    left join member_counts
        on
            federation_years.federation_id = member_counts.federation_id
            and federation_years.fiscal_year = member_counts.fiscal_year

)

select
    federation_year_key,
    federation_id,
    fiscal_year,
    name_sv,
    county,
    founded,
    chief_fte_pct,
    board_members,
    is_founded,
    members,
    municipality_members,
    current_facts,
    has_facts
from final
