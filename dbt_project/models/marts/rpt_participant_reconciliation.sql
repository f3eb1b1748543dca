-- The published participant and exit figures next to the counts from the
-- participant records, per federation, year, code and item (scenario outcome):
-- where they match, where they differ, and what only one side has.
{{ rebuilt_by_year_config() }}

with

current_facts as (

    select
        federation_id,
        fiscal_year,
        record_type,
        code,
        item,
        value,
        origin,
        records_value,
        reconciliation,
        source_file
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and record_type in ('participants', 'outcome')
        and scenario = 'outcome'

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        record_type,
        code,
        item,
        case when origin <> 'participant_records' then cast(value as decimal(18, 2)) end as reported_value,
        cast(records_value as decimal(18, 2)) as records_value,
        case
            when origin <> 'participant_records'
                then cast(records_value - value as decimal(18, 2))
        end as records_minus_reported,
        reconciliation,
        case when origin <> 'participant_records' then source_file end as reported_source_file
    from current_facts

)

select
    federation_id,
    fiscal_year,
    record_type,
    code,
    item,
    reported_value,
    records_value,
    records_minus_reported,
    reconciliation,
    reported_source_file
from final
