-- Måluppfyllelse per förbund och år (marts.rpt_goal_fulfilment), med svenska
-- kolumnnamn.

with

goal_fulfilment as (

    select
        federation_id,
        fiscal_year,
        indicators,
        indicators_assessed,
        met,
        partial,
        not_met,
        unknown,
        fulfilment_pct
    from {{ ref('rpt_goal_fulfilment') }}

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        indicators as antal_indikatorer,
        indicators_assessed as antal_bedomda,
        met as antal_uppfyllda,
        partial as antal_delvis_uppfyllda,
        not_met as antal_ej_uppfyllda,
        unknown as antal_okanda,
        fulfilment_pct as maluppfyllelse_procent
    from goal_fulfilment

)

select * from renamed
order by forbund_id, rakenskapsar
