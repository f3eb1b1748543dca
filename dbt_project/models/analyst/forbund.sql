-- Förbunden, en rad per förbund och år (marts.dim_federations), med svenska
-- kolumnnamn.

with

federations as (

    select
        federation_id,
        fiscal_year,
        name_sv,
        county,
        founded,
        chief_fte_pct,
        board_members,
        is_founded,
        members,
        municipality_members,
        current_facts,
        has_facts
    from {{ ref('dim_federations') }}

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        name_sv as forbund_namn,
        county as lan,
        founded as bildat,
        chief_fte_pct as forbundschef_procent,
        board_members as antal_styrelseledamoter,
        is_founded as fanns_under_aret,
        members as antal_medlemmar,
        municipality_members as antal_medlemskommuner,
        current_facts as antal_fakta,
        has_facts as har_fakta
    from federations

)

select * from renamed
order by forbund_id, rakenskapsar
