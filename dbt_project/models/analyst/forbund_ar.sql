-- Ett förbund och år per rad med alla nyckeltal sida vid sida
-- (marts.rpt_federation_year), med svenska kolumnnamn.

with

federation_year as (

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
    from {{ ref('rpt_federation_year') }}

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        federation_name as forbund_namn,
        total_costs_sek as totala_kostnader_kr,
        individual_costs_sek as kostnader_individinsatser_kr,
        participants as antal_deltagare,
        cost_per_participant_sek as kostnad_per_deltagare_kr,
        individual_cost_per_participant_sek as kostnad_individinsatser_per_deltagare_kr,
        equity_sek as eget_kapital_kr,
        contributions_sek as medlemsbidrag_kr,
        equity_pct as eget_kapital_procent,
        recommended_max_pct as rekommenderat_max_procent,
        exceeds_recommendation as over_rekommendation,
        total_assets_sek as summa_tillgangar_kr,
        soliditet_pct as soliditet_procent,
        indicators_assessed as antal_bedomda,
        met as antal_uppfyllda,
        partial as antal_delvis_uppfyllda,
        not_met as antal_ej_uppfyllda,
        unknown as antal_okanda,
        fulfilment_pct as maluppfyllelse_procent,
        {{ sv_label('scenario', 'financing_scenario') }} as finansiering_scenario,
        financing_contributions_sek as finansiering_medlemsbidrag_kr,
        state_pct as staten_procent,
        region_pct as regionen_procent,
        municipalities_pct as kommunerna_procent,
        region_municipalities_pct as region_och_kommuner_procent,
        deviates_from_statute as avviker_fran_lagen,
        budget_lines_compared as antal_jamforda_budgetrader,
        budget_total_costs_sek as budgeterade_totala_kostnader_kr,
        total_costs_diff_sek as totala_kostnader_avvikelse_kr,
        total_costs_diff_pct as totala_kostnader_avvikelse_procent,
        exits as antal_avslut,
        work_pct as arbete_procent,
        studies_pct as studier_procent,
        positive_exit_pct as positiva_avslut_procent
    from federation_year

)

select * from renamed
order by forbund_id, rakenskapsar
