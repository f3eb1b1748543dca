-- Equity percentage (docs/contract.md): equity at year end (statement
-- br_equity_total, else budget_line equity_closing; outcome) over the member
-- contributions of the same year (contributions_total, outcome, else the sum of
-- its parts), against the configurable recommended maximum; and soliditet =
-- equity / total assets (br_assets_total).
{{ rebuilt_by_year_config() }}

with

current_facts as (

    select
        federation_id,
        fiscal_year,
        record_type,
        code,
        value
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and scenario = 'outcome'
        and item = ''
        and (
            (record_type = 'statement' and code in ('br_equity_total', 'br_assets_total', 'kf_soliditet'))
            or (record_type = 'budget_line' and code = 'equity_closing')
        )

),

pivoted as (

    select
        federation_id,
        fiscal_year,
        max(value) filter (where code = 'br_equity_total') as br_equity_total,
        max(value) filter (where code = 'equity_closing') as equity_closing,
        max(value) filter (where code = 'br_assets_total') as total_assets,
        max(value) filter (where code = 'kf_soliditet') as soliditet_printed
    from current_facts
    group by federation_id, fiscal_year

),

contributions as (

    select
        federation_id,
        fiscal_year,
        contributions_sek,
        contributions_basis
    from {{ ref('int_contributions_summed') }}
    where {{ in_rebuilt_years() }} and (scenario = 'outcome')

),

equity as (

    select
        pivoted.federation_id,
        pivoted.fiscal_year,
        coalesce(pivoted.br_equity_total, pivoted.equity_closing) as equity,
        case
            when pivoted.br_equity_total is not null then 'br_equity_total'
            when pivoted.equity_closing is not null then 'equity_closing'
        end as equity_basis,
        contributions.contributions_sek as contributions,
        contributions.contributions_basis,
        pivoted.total_assets,
        pivoted.soliditet_printed
    from pivoted
    left join contributions
        on
            pivoted.federation_id = contributions.federation_id
            and pivoted.fiscal_year = contributions.fiscal_year
    where
        pivoted.br_equity_total is not null
        or pivoted.equity_closing is not null
        or pivoted.total_assets is not null

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        {{ whole_kronor('equity') }} as equity_sek,
        equity_basis,
        {{ whole_kronor('contributions') }} as contributions_sek,
        contributions_basis,
        {{ exact_ratio('equity', 'contributions') }} as equity_pct,
        cast({{ var('recommended_equity_max_pct') }} as decimal(18, 2)) as recommended_max_pct,
        {{ exact_ratio('equity', 'contributions') }}
        > cast({{ var('recommended_equity_max_pct') }} as decimal(18, 2)) as exceeds_recommendation,
        {{ whole_kronor('total_assets') }} as total_assets_sek,
        {{ exact_ratio('equity', 'total_assets') }} as soliditet_pct,
        cast(soliditet_printed as decimal(18, 2)) as soliditet_printed_pct
    from equity

)

select
    federation_id,
    fiscal_year,
    equity_sek,
    equity_basis,
    contributions_sek,
    contributions_basis,
    equity_pct,
    recommended_max_pct,
    exceeds_recommendation,
    total_assets_sek,
    soliditet_pct,
    soliditet_printed_pct
from final
