-- Kostnad per deltagare per förbund och år (marts.rpt_cost_per_participant),
-- med svenska kolumnnamn.

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

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        total_costs_sek as totala_kostnader_kr,
        individual_costs_sek as kostnader_individinsatser_kr,
        participants as antal_deltagare,
        cost_per_participant_sek as kostnad_per_deltagare_kr,
        individual_cost_per_participant_sek as kostnad_individinsatser_per_deltagare_kr,
        {{ sv_label('source', 'participants_source') }} as deltagare_kalla
    from cost_per_participant

)

select * from renamed
order by forbund_id, rakenskapsar
