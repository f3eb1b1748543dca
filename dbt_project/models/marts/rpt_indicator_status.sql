-- One row per federation, year and indicator of scenario outcome: target,
-- actual, the document's own assessment and the resulting fulfilment.
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

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        item,
        goal_area,
        indicator,
        cast(target as decimal(18, 2)) as target,
        cast(actual as decimal(18, 2)) as actual,
        unit,
        cast(assessment_value as decimal(18, 2)) as assessment_value,
        fulfilment
    from assessed

)

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
from final
