-- Cost per participant (docs/contract.md): total costs of the year
-- (budget_line total_costs, outcome) and individual-intervention costs
-- (statement cd_individual, outcome) per participant enrolled that year
-- (participants_total, outcome). NULL, never 0, when either side is missing.
-- Money in whole kronor, rounded half up, never a float.
{{ rebuilt_by_year_config() }}

with

current_facts as (

    select
        federation_id,
        fiscal_year,
        record_type,
        code,
        value,
        origin
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and scenario = 'outcome'
        and item = ''
        and (
            (record_type = 'budget_line' and code = 'total_costs')
            or (record_type = 'statement' and code = 'cd_individual')
            or (record_type = 'participants' and code = 'participants_total')
        )

),

pivoted as (

    select
        federation_id,
        fiscal_year,
        max(value) filter (where code = 'total_costs') as total_costs,
        max(value) filter (where code = 'cd_individual') as individual_costs,
        max(value) filter (where code = 'participants_total') as participants,
        max(origin) filter (where code = 'participants_total') as participants_origin
    from current_facts
    group by federation_id, fiscal_year

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        {{ whole_kronor('total_costs') }} as total_costs_sek,
        {{ whole_kronor('individual_costs') }} as individual_costs_sek,
        cast(participants as integer) as participants,
        {{ exact_ratio('total_costs', 'participants', factor=1, scale=0) }} as cost_per_participant_sek,
        {{ exact_ratio('individual_costs', 'participants', factor=1, scale=0) }} as individual_cost_per_participant_sek,
        case
            when participants_origin = 'participant_records' then 'participant_records'
            when participants_origin is not null then 'reported'
        end as participants_source
    from pivoted

)

select
    federation_id,
    fiscal_year,
    total_costs_sek,
    individual_costs_sek,
    participants,
    cost_per_participant_sek,
    individual_cost_per_participant_sek,
    participants_source
from final
