-- Financing split (docs/contract.md) per federation, year and scenario (budget,
-- plan and outcome all kept): the state, region and municipalities as % of the
-- member contributions (the printed contributions_total, else the sum of its
-- parts), against the statutory 50 / 25 / 25 (region and municipalities
-- together 50) with a tolerance of var financing_tolerance_pct points.
{{ rebuilt_by_year_config() }}

with

contributions as (

    select
        federation_id,
        fiscal_year,
        scenario,
        contributions_total_sek,
        state_sek,
        region_sek,
        municipalities_sek,
        region_municipalities_printed_sek,
        region_municipalities_sek,
        sum_of_parts_sek,
        contributions_sek,
        contributions_basis,
        municipalities_count
    from {{ ref('int_contributions_summed') }}
    where {{ in_rebuilt_years() }} and (state_sek is not null or contributions_total_sek is not null)

),

shares as (

    select
        federation_id,
        fiscal_year,
        scenario,
        contributions_sek,
        contributions_basis,
        state_sek,
        region_sek,
        municipalities_sek,
        region_municipalities_sek,
        {{ exact_ratio('state_sek', 'contributions_sek') }} as state_pct,
        {{ exact_ratio('region_sek', 'contributions_sek') }} as region_pct,
        {{ exact_ratio('municipalities_sek', 'contributions_sek') }} as municipalities_pct,
        {{ exact_ratio('region_municipalities_sek', 'contributions_sek') }} as region_municipalities_pct
    from contributions

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        scenario,
        {{ whole_kronor('contributions_sek') }} as contributions_sek,
        contributions_basis,
        {{ whole_kronor('state_sek') }} as state_sek,
        {{ whole_kronor('region_sek') }} as region_sek,
        {{ whole_kronor('municipalities_sek') }} as municipalities_sek,
        {{ whole_kronor('region_municipalities_sek') }} as region_municipalities_sek,
        state_pct,
        region_pct,
        municipalities_pct,
        region_municipalities_pct,
        case
            when
                state_pct is null
                and region_pct is null
                and municipalities_pct is null
                and region_municipalities_pct is null
                then null
            else
                coalesce(abs(state_pct - 50) > {{ var('financing_tolerance_pct') }}, false)
                or coalesce(abs(region_pct - 25) > {{ var('financing_tolerance_pct') }}, false)
                or coalesce(abs(municipalities_pct - 25) > {{ var('financing_tolerance_pct') }}, false)
                or coalesce(abs(region_municipalities_pct - 50) > {{ var('financing_tolerance_pct') }}, false)
        end as deviates_from_statute
    from shares

)

select
    federation_id,
    fiscal_year,
    scenario,
    contributions_sek,
    contributions_basis,
    state_sek,
    region_sek,
    municipalities_sek,
    region_municipalities_sek,
    state_pct,
    region_pct,
    municipalities_pct,
    region_municipalities_pct,
    deviates_from_statute
from final
