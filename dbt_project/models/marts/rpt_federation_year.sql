-- One row per federation and year present in any report, every KPI side by
-- side. The financing split is the outcome scenario's when there is one, else
-- the budget's, else the plan's (financing_scenario says which); budget vs
-- outcome is summarised on the total_costs line.
{{ rebuilt_by_year_config() }}

with

cost_per_participant as (

    select
        federation_id,
        fiscal_year,
        total_costs_sek,
        individual_costs_sek,
        participants,
        cost_per_participant_sek,
        individual_cost_per_participant_sek,
        participants_source
    from {{ ref('rpt_cost_per_participant') }}
    where {{ in_rebuilt_years() }}

),

equity as (

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
    from {{ ref('rpt_equity') }}
    where {{ in_rebuilt_years() }}

),

goal_fulfilment as (

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
    from {{ ref('rpt_goal_fulfilment') }}
    where {{ in_rebuilt_years() }}

),

financing_split as (

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
    from {{ ref('rpt_financing_split') }}
    where {{ in_rebuilt_years() }}
    qualify row_number() over (
        partition by federation_id, fiscal_year
        order by case scenario when 'outcome' then 1 when 'budget' then 2 else 3 end
    ) = 1

),

budget_vs_outcome as (

    select
        federation_id,
        fiscal_year,
        count(*) as budget_lines_compared,
        max(budget_sek) filter (where code = 'total_costs' and item = '') as budget_total_costs_sek,
        max(outcome_sek) filter (where code = 'total_costs' and item = '') as outcome_total_costs_sek,
        max(diff_sek) filter (where code = 'total_costs' and item = '') as total_costs_diff_sek,
        max(diff_pct) filter (where code = 'total_costs' and item = '') as total_costs_diff_pct
    from {{ ref('rpt_budget_vs_outcome') }}
    where {{ in_rebuilt_years() }}
    group by federation_id, fiscal_year

),

exit_outcomes as (

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
    from {{ ref('rpt_exit_outcomes') }}
    where {{ in_rebuilt_years() }}

),

federations as (

    select
        federation_id,
        name_sv,
        county,
        founded,
        chief_fte_pct,
        board_members
    from {{ ref('int_federations_unioned') }}

),

federation_years as (

    select
        federation_id,
        fiscal_year
    from cost_per_participant
    union
    select
        federation_id,
        fiscal_year
    from equity
    union
    select
        federation_id,
        fiscal_year
    from goal_fulfilment
    union
    select
        federation_id,
        fiscal_year
    from financing_split
    union
    select
        federation_id,
        fiscal_year
    from budget_vs_outcome
    union
    select
        federation_id,
        fiscal_year
    from exit_outcomes

),

final as (

    select
        federation_years.federation_id,
        cast(federation_years.fiscal_year as integer) as fiscal_year,
        federations.name_sv as federation_name,
        cost_per_participant.total_costs_sek,
        cost_per_participant.individual_costs_sek,
        cost_per_participant.participants,
        cost_per_participant.cost_per_participant_sek,
        cost_per_participant.individual_cost_per_participant_sek,
        equity.equity_sek,
        equity.contributions_sek,
        equity.equity_pct,
        cast({{ var('recommended_equity_max_pct') }} as decimal(18, 2)) as recommended_max_pct,
        equity.exceeds_recommendation,
        equity.total_assets_sek,
        equity.soliditet_pct,
        goal_fulfilment.indicators_assessed,
        goal_fulfilment.met,
        goal_fulfilment.partial,
        goal_fulfilment.not_met,
        goal_fulfilment.unknown,
        goal_fulfilment.fulfilment_pct,
        financing_split.scenario as financing_scenario,
        financing_split.contributions_sek as financing_contributions_sek,
        financing_split.state_pct,
        financing_split.region_pct,
        financing_split.municipalities_pct,
        financing_split.region_municipalities_pct,
        financing_split.deviates_from_statute,
        cast(budget_vs_outcome.budget_lines_compared as integer) as budget_lines_compared,
        budget_vs_outcome.budget_total_costs_sek,
        budget_vs_outcome.total_costs_diff_sek,
        budget_vs_outcome.total_costs_diff_pct,
        exit_outcomes.exits,
        exit_outcomes.work_pct,
        exit_outcomes.studies_pct,
        exit_outcomes.positive_exit_pct
    from federation_years
    left join federations
        on federation_years.federation_id = federations.federation_id
    left join cost_per_participant
        on
            federation_years.federation_id = cost_per_participant.federation_id
            and federation_years.fiscal_year = cost_per_participant.fiscal_year
    left join equity
        on
            federation_years.federation_id = equity.federation_id
            and federation_years.fiscal_year = equity.fiscal_year
    left join goal_fulfilment
        on
            federation_years.federation_id = goal_fulfilment.federation_id
            and federation_years.fiscal_year = goal_fulfilment.fiscal_year
    left join financing_split
        on
            federation_years.federation_id = financing_split.federation_id
            and federation_years.fiscal_year = financing_split.fiscal_year
    left join budget_vs_outcome
        on
            federation_years.federation_id = budget_vs_outcome.federation_id
            and federation_years.fiscal_year = budget_vs_outcome.fiscal_year
    left join exit_outcomes
        on
            federation_years.federation_id = exit_outcomes.federation_id
            and federation_years.fiscal_year = exit_outcomes.fiscal_year

)

select
    federation_id,
    fiscal_year,
    federation_name,
    total_costs_sek,
    individual_costs_sek,
    participants,
    cost_per_participant_sek,
    individual_cost_per_participant_sek,
    equity_sek,
    contributions_sek,
    equity_pct,
    recommended_max_pct,
    exceeds_recommendation,
    total_assets_sek,
    soliditet_pct,
    indicators_assessed,
    met,
    partial,
    not_met,
    unknown,
    fulfilment_pct,
    financing_scenario,
    financing_contributions_sek,
    state_pct,
    region_pct,
    municipalities_pct,
    region_municipalities_pct,
    deviates_from_statute,
    budget_lines_compared,
    budget_total_costs_sek,
    total_costs_diff_sek,
    total_costs_diff_pct,
    exits,
    work_pct,
    studies_pct,
    positive_exit_pct
from final
order by federation_id, fiscal_year
