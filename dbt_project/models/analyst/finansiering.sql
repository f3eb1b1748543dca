-- Finansieringsfördelning per förbund, år och scenario mot lagens 50 / 25 / 25
-- (marts.rpt_financing_split), med svenska kolumnnamn.

with

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

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        {{ sv_label('scenario', 'scenario') }} as scenario,
        contributions_sek as medlemsbidrag_kr,
        {{ sv_label('basis', 'contributions_basis') }} as medlemsbidrag_underlag,
        state_sek as staten_kr,
        region_sek as regionen_kr,
        municipalities_sek as kommunerna_kr,
        region_municipalities_sek as region_och_kommuner_kr,
        state_pct as staten_procent,
        region_pct as regionen_procent,
        municipalities_pct as kommunerna_procent,
        region_municipalities_pct as region_och_kommuner_procent,
        deviates_from_statute as avviker_fran_lagen
    from financing_split

)

select * from renamed
order by forbund_id, rakenskapsar, scenario
