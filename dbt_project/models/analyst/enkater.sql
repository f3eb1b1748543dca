-- Enkätsvar (marts.fct_surveys), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

surveys as (

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
        values_disagree
    from {{ ref('fct_surveys') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'survey'

),

renamed as (

    select
        surveys.federation_id as forbund_id,
        surveys.fiscal_year as rakenskapsar,
        surveys.scenario,
        surveys.code as kod,
        codes.label_sv as kod_benamning,
        surveys.item as post,
        surveys.value as varde,
        surveys.unit as enhet,
        surveys.raw_label as tryckt_rubrik,
        surveys.status,
        surveys.message as meddelande,
        surveys.is_corrected as ar_rattelse,
        surveys.origin as ursprung,
        surveys.source_file as kallfil,
        surveys.source_line as kallrad,
        surveys.document_date as dokumentdatum,
        surveys.versions as antal_versioner,
        surveys.values_disagree as versionerna_skiljer_sig
    from surveys
    left join codes
        on surveys.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post
