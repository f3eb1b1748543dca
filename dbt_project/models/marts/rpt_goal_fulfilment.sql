-- Goal fulfilment per federation and year (docs/contract.md): counts of met,
-- partial, not_met and unknown indicators and fulfilment % =
-- (met + 0.5 x partial) / assessed x 100, NULL when nothing was assessed.
{{ rebuilt_by_year_config() }}

with

assessed as (

    select
        federation_id,
        fiscal_year,
        item,
        goal_area,
        indicator,
        target,
        actual,
        unit,
        assessment_value,
        fulfilment
    from {{ ref('int_indicators_assessed') }}
    where {{ in_rebuilt_years() }}

),

counted as (

    select
        federation_id,
        fiscal_year,
        count(*) as indicators,
        count(*) filter (where fulfilment = 'met') as met,
        count(*) filter (where fulfilment = 'partial') as partial,
        count(*) filter (where fulfilment = 'not_met') as not_met,
        count(*) filter (where fulfilment = 'unknown') as unknown
    from assessed
    group by federation_id, fiscal_year

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        cast(indicators as integer) as indicators,
        cast(met + partial + not_met as integer) as indicators_assessed,
        cast(met as integer) as met,
        cast(partial as integer) as partial,
        cast(not_met as integer) as not_met,
        cast(unknown as integer) as unknown,
        -- (met + 0.5 partial) / assessed = (2 met + partial) / (2 assessed)
        {{ exact_ratio('(2 * met + partial)', '(2 * (met + partial + not_met))') }} as fulfilment_pct
    from counted

)

select
    federation_id,
    fiscal_year,
    indicators_assessed,
    met,
    partial,
    not_met,
    unknown,
    fulfilment_pct,
    indicators
from final
