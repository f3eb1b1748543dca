-- Member contributions per federation, year and scenario from the current
-- budget_line facts: the printed total and its parts (state, region, the sum of
-- the municipalities, or region and municipalities together when the document
-- does not split them).
{{ rebuilt_by_year_config() }}

with

contribution_facts as (

    select
        federation_id,
        fiscal_year,
        scenario,
        code,
        value
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and record_type = 'budget_line'
        and code in (
            'contributions_total',
            'contribution_state',
            'contribution_region',
            'contribution_municipality',
            'contribution_region_municipalities'
        )

),

pivoted as (

    select
        federation_id,
        fiscal_year,
        scenario,
        sum(value) filter (where code = 'contributions_total') as contributions_total_sek,
        sum(value) filter (where code = 'contribution_state') as state_sek,
        sum(value) filter (where code = 'contribution_region') as region_sek,
        sum(value) filter (where code = 'contribution_municipality') as municipalities_sek,
        sum(value) filter (where code = 'contribution_region_municipalities') as region_municipalities_printed_sek,
        count(*) filter (where code = 'contribution_municipality') as municipalities_count
    from contribution_facts
    group by federation_id, fiscal_year, scenario

),

combined as (

    select
        *,
        -- region and municipalities together: the split when the document
        -- splits them, else the combined line it prints
        case
            when region_sek is not null or municipalities_sek is not null
                then coalesce(region_sek, 0) + coalesce(municipalities_sek, 0)
            else region_municipalities_printed_sek
        end as region_municipalities_sek
    from pivoted

),

summed as (

    select
        *,
        case
            when state_sek is not null or region_municipalities_sek is not null
                then coalesce(state_sek, 0) + coalesce(region_municipalities_sek, 0)
        end as sum_of_parts_sek
    from combined

),

final as (

    select
        federation_id,
        fiscal_year,
        scenario,
        cast(contributions_total_sek as decimal(18, 2)) as contributions_total_sek,
        cast(state_sek as decimal(18, 2)) as state_sek,
        cast(region_sek as decimal(18, 2)) as region_sek,
        cast(municipalities_sek as decimal(18, 2)) as municipalities_sek,
        cast(region_municipalities_printed_sek as decimal(18, 2)) as region_municipalities_printed_sek,
        cast(region_municipalities_sek as decimal(18, 2)) as region_municipalities_sek,
        cast(sum_of_parts_sek as decimal(18, 2)) as sum_of_parts_sek,
        cast(coalesce(contributions_total_sek, sum_of_parts_sek) as decimal(18, 2)) as contributions_sek,
        case
            when contributions_total_sek is not null then 'printed_total'
            when sum_of_parts_sek is not null then 'sum_of_parts'
        end as contributions_basis,
        municipalities_count
    from summed

)

select * from final
