-- Målvärden, utfall och bedömningar per indikator (marts.fct_indicators), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

indicators as (

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
    from {{ ref('fct_indicators') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'indicator'

),

renamed as (

    select
        indicators.federation_id as forbund_id,
        indicators.fiscal_year as rakenskapsar,
        indicators.scenario,
        indicators.code as kod,
        codes.label_sv as kod_benamning,
        indicators.item as post,
        indicators.value as varde,
        indicators.unit as enhet,
        indicators.raw_label as tryckt_rubrik,
        indicators.status,
        indicators.message as meddelande,
        indicators.is_corrected as ar_rattelse,
        indicators.origin as ursprung,
        indicators.source_file as kallfil,
        indicators.source_line as kallrad,
        indicators.document_date as dokumentdatum,
        indicators.versions as antal_versioner,
        indicators.values_disagree as versionerna_skiljer_sig
    from indicators
    left join codes
        on indicators.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post
