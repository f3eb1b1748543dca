-- Avslut per avslutskod (marts.fct_outcomes), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

outcomes as (

    select
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        value,
        unit,
        raw_label,
        status,
        message,
        is_corrected,
        origin,
        source_file,
        source_line,
        document_date,
        versions,
        values_disagree,
        records_value,
        reconciliation
    from {{ ref('fct_outcomes') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'outcome'

),

renamed as (

    select
        outcomes.federation_id as forbund_id,
        outcomes.fiscal_year as rakenskapsar,
        outcomes.scenario,
        outcomes.code as kod,
        codes.label_sv as kod_benamning,
        outcomes.item as post,
        outcomes.value as varde,
        outcomes.unit as enhet,
        outcomes.raw_label as tryckt_rubrik,
        outcomes.status,
        outcomes.message as meddelande,
        outcomes.is_corrected as ar_rattelse,
        outcomes.origin as ursprung,
        outcomes.source_file as kallfil,
        outcomes.source_line as kallrad,
        outcomes.document_date as dokumentdatum,
        outcomes.versions as antal_versioner,
        outcomes.values_disagree as versionerna_skiljer_sig,
        outcomes.records_value as registervarde,
        outcomes.reconciliation as avstamning
    from outcomes
    left join codes
        on outcomes.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post
