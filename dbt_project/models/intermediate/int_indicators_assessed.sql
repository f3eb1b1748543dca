-- One row per federation, year and indicator (item) of scenario outcome: target,
-- actual and the document's own assessment side by side, and the fulfilment
-- (docs/contract.md, Goal fulfilment), evaluated in this order:
--   met      assessment = 100, or actual >= target
--   partial  assessment = 50
--   not_met  assessment = 0, or actual < target
--   unknown  no actual and no assessment
--   not_met  otherwise (an actual without target or assessment: "not_met otherwise")
{{ rebuilt_by_year_config() }}

with

indicator_facts as (

    select
        federation_id,
        fiscal_year,
        item,
        code,
        value,
        unit
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and record_type = 'indicator'
        and scenario = 'outcome'

),

pivoted as (

    select
        federation_id,
        fiscal_year,
        item,
        max(value) filter (where code = 'target') as target,
        max(value) filter (where code = 'actual') as actual,
        max(value) filter (where code = 'assessment') as assessment_value,
        coalesce(
            max(unit) filter (where code = 'target'),
            max(unit) filter (where code = 'actual')
        ) as unit
    from indicator_facts
    group by federation_id, fiscal_year, item

),

assessed as (

    select
        federation_id,
        fiscal_year,
        item,
        case when contains(item, ':') then split_part(item, ':', 1) end as goal_area,
        case when contains(item, ':') then substr(item, strpos(item, ':') + 1) else item end as indicator,
        target,
        actual,
        unit,
        assessment_value,
        case
            when assessment_value = 100 then 'met'
            when actual is not null and target is not null and actual >= target then 'met'
            when assessment_value = 50 then 'partial'
            when assessment_value = 0 then 'not_met'
            when actual < target then 'not_met'
            when actual is null and assessment_value is null then 'unknown'
            else 'not_met'
        end as fulfilment
    from pivoted

)

select * from assessed
