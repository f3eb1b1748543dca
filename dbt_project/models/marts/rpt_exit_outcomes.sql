-- Exit outcomes (docs/contract.md) per federation and year: exits (exits_total,
-- else the sum of the exit codes) and the shares of exits to work, to studies
-- and positive exits (seeds/outcome_categories.csv), in % with 2 decimals.
-- One source per federation-year, so that shares never mix sources: the
-- reported (or corrected) outcome facts when the year has any, else the facts
-- derived from participant records.
{{ rebuilt_by_year_config() }}

with

outcome_facts as (

    select
        federation_id,
        fiscal_year,
        code,
        value,
        origin
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and record_type = 'outcome'
        and scenario = 'outcome'

),

year_sources as (

    select
        federation_id,
        fiscal_year,
        case
            when bool_or(origin <> 'participant_records') then 'reported'
            else 'participant_records'
        end as exits_source
    from outcome_facts
    group by federation_id, fiscal_year

),

chosen as (

    select
        outcome_facts.federation_id,
        outcome_facts.fiscal_year,
        year_sources.exits_source,
        outcome_facts.code,
        outcome_facts.value
    from outcome_facts
    inner join year_sources
        on
            outcome_facts.federation_id = year_sources.federation_id
            and outcome_facts.fiscal_year = year_sources.fiscal_year
    where (year_sources.exits_source = 'reported') = (outcome_facts.origin <> 'participant_records')

),

categories as (

    select
        outcome_code,
        sus_category,
        positive_exit,
        self_support
    from {{ ref('outcome_categories') }}

),

summed as (

    select
        chosen.federation_id,
        chosen.fiscal_year,
        chosen.exits_source,
        max(chosen.value) filter (where chosen.code = 'exits_total') as exits_total,
        sum(chosen.value) filter (where chosen.code <> 'exits_total') as exits_by_codes,
        sum(chosen.value) filter (where categories.sus_category = 'work') as to_work,
        sum(chosen.value) filter (where categories.sus_category = 'studies') as to_studies,
        sum(chosen.value) filter (where categories.positive_exit) as positive
    from chosen
    left join categories
        on chosen.code = categories.outcome_code
    group by chosen.federation_id, chosen.fiscal_year, chosen.exits_source

),

completed as (

    -- once any exit code is given, the codes not given count as 0
    select
        federation_id,
        fiscal_year,
        exits_source,
        coalesce(exits_total, exits_by_codes) as exits,
        case
            when exits_total is not null then 'printed_total'
            when exits_by_codes is not null then 'sum_of_codes'
        end as exits_basis,
        exits_by_codes,
        case when exits_by_codes is not null then coalesce(to_work, 0) end as to_work,
        case when exits_by_codes is not null then coalesce(to_studies, 0) end as to_studies,
        case when exits_by_codes is not null then coalesce(positive, 0) end as positive
    from summed

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        cast(exits as integer) as exits,
        exits_basis,
        exits_source,
        cast(exits_by_codes as integer) as exits_by_codes,
        cast(to_work as integer) as exits_to_work,
        cast(to_studies as integer) as exits_to_studies,
        cast(positive as integer) as positive_exits,
        {{ exact_ratio('to_work', 'exits') }} as work_pct,
        {{ exact_ratio('to_studies', 'exits') }} as studies_pct,
        {{ exact_ratio('positive', 'exits') }} as positive_exit_pct
    from completed

)

select
    federation_id,
    fiscal_year,
    exits,
    exits_basis,
    exits_source,
    exits_by_codes,
    exits_to_work,
    exits_to_studies,
    positive_exits,
    work_pct,
    studies_pct,
    positive_exit_pct
from final
