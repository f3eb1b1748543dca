-- Eget kapital mot den nationella rekommendationen, och soliditet, per förbund
-- och år (marts.rpt_equity), med svenska kolumnnamn.

with

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

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        equity_sek as eget_kapital_kr,
        {{ sv_label('basis', 'equity_basis') }} as eget_kapital_underlag,
        contributions_sek as medlemsbidrag_kr,
        {{ sv_label('basis', 'contributions_basis') }} as medlemsbidrag_underlag,
        equity_pct as eget_kapital_procent,
        recommended_max_pct as rekommenderat_max_procent,
        exceeds_recommendation as over_rekommendation,
        total_assets_sek as summa_tillgangar_kr,
        soliditet_pct as soliditet_procent,
        soliditet_printed_pct as soliditet_tryckt_procent
    from equity

)

select * from renamed
order by forbund_id, rakenskapsar
