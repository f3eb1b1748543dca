-- Exit outcomes per intervention, from participant records: exits in the year
-- (end_date in the year, exit code given) and the shares to work, to studies
-- and positive exits, in % with 2 decimals.
{{ rebuilt_by_year_config() }}

with

participants as (

    select
        federation_id,
        intervention,
        intervention_slug,
        end_date,
        exit_code
    from {{ ref('stg_raw__participants') }}
    where {{ in_rebuilt_years('cast(extract(year from end_date) as integer)') }}

),

categories as (

    select
        outcome_code,
        sus_category,
        positive_exit,
        self_support
    from {{ ref('outcome_categories') }}

),

exits as (

    select
        participants.federation_id,
        cast(extract(year from participants.end_date) as integer) as fiscal_year,
        coalesce(participants.intervention_slug, 'unknown') as intervention,
        participants.intervention as intervention_name,
        categories.sus_category,
        coalesce(categories.positive_exit, false) as positive_exit
    from participants
    left join categories
        on participants.exit_code = categories.outcome_code
    where
        participants.end_date is not null
        and participants.exit_code is not null

),

counted as (

    select
        federation_id,
        fiscal_year,
        intervention,
        min(intervention_name) as intervention_name,
        count(*) as exits,
        count(*) filter (where sus_category = 'work') as to_work,
        count(*) filter (where sus_category = 'studies') as to_studies,
        count(*) filter (where positive_exit) as positive
    from exits
    group by federation_id, fiscal_year, intervention

),

final as (

    select
        federation_id,
        fiscal_year,
        intervention,
        intervention_name,
        cast(exits as integer) as exits,
        cast(to_work as integer) as exits_to_work,
        cast(to_studies as integer) as exits_to_studies,
        cast(positive as integer) as positive_exits,
        {{ exact_ratio('to_work', 'exits') }} as work_pct,
        {{ exact_ratio('to_studies', 'exits') }} as studies_pct,
        {{ exact_ratio('positive', 'exits') }} as positive_exit_pct
    from counted

)

select
    federation_id,
    fiscal_year,
    intervention,
    intervention_name,
    exits,
    exits_to_work,
    exits_to_studies,
    positive_exits,
    work_pct,
    studies_pct,
    positive_exit_pct
from final
