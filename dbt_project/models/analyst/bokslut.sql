-- Bokslutsposter ur årsredovisningarna (marts.fct_statements), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

statements as (

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
    from {{ ref('fct_statements') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'statement'

),

renamed as (

    select
        statements.federation_id as forbund_id,
        statements.fiscal_year as rakenskapsar,
        statements.scenario,
        statements.code as kod,
        codes.label_sv as kod_benamning,
        statements.item as post,
        statements.value as varde,
        statements.unit as enhet,
        statements.raw_label as tryckt_rubrik,
        statements.status,
        statements.message as meddelande,
        statements.is_corrected as ar_rattelse,
        statements.origin as ursprung,
        statements.source_file as kallfil,
        statements.source_line as kallrad,
        statements.document_date as dokumentdatum,
        statements.versions as antal_versioner,
        statements.values_disagree as versionerna_skiljer_sig
    from statements
    left join codes
        on statements.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post
