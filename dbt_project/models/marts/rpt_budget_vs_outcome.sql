-- Budget vs outcome (docs/contract.md) per budget line (code, item) and year:
-- outcome - budget in kronor and in % of the budget. Only lines with both a
-- budget and an outcome.
{{ rebuilt_by_year_config() }}

with

budget_lines as (

    select
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        value,
        source_file
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and record_type = 'budget_line'
        and scenario in ('budget', 'outcome')

),

budgets as (

    select
        federation_id,
        fiscal_year,
        code,
        item,
        value,
        source_file
    from budget_lines
    where scenario = 'budget'

),

outcomes as (

    select
        federation_id,
        fiscal_year,
        code,
        item,
        value,
        source_file
    from budget_lines
    where scenario = 'outcome'

),

compared as (

    select
        budgets.federation_id,
        budgets.fiscal_year,
        budgets.code,
        budgets.item,
        budgets.value as budget,
        outcomes.value as outcome,
        outcomes.value - budgets.value as diff,
        budgets.source_file as budget_source_file,
        outcomes.source_file as outcome_source_file
    from budgets
    inner join outcomes
        on
            budgets.federation_id = outcomes.federation_id
            and budgets.fiscal_year = outcomes.fiscal_year
            and budgets.code = outcomes.code
            and budgets.item = outcomes.item

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        code,
        item,
        {{ whole_kronor('budget') }} as budget_sek,
        {{ whole_kronor('outcome') }} as outcome_sek,
        {{ whole_kronor('diff') }} as diff_sek,
        {{ exact_ratio('diff', 'budget') }} as diff_pct,
        budget_source_file,
        outcome_source_file
    from compared

)

select
    federation_id,
    fiscal_year,
    code,
    item,
    budget_sek,
    outcome_sek,
    diff_sek,
    diff_pct,
    budget_source_file,
    outcome_source_file
from final
