-- Budgetrader: budget, plan och utfall (marts.fct_budget_lines), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

budget_lines as (

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
    from {{ ref('fct_budget_lines') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'budget_line'

),

renamed as (

    select
        budget_lines.federation_id as forbund_id,
        budget_lines.fiscal_year as rakenskapsar,
        budget_lines.scenario,
        budget_lines.code as kod,
        codes.label_sv as kod_benamning,
        budget_lines.item as post,
        budget_lines.value as varde,
        budget_lines.unit as enhet,
        budget_lines.raw_label as tryckt_rubrik,
        budget_lines.status,
        budget_lines.message as meddelande,
        budget_lines.is_corrected as ar_rattelse,
        budget_lines.origin as ursprung,
        budget_lines.source_file as kallfil,
        budget_lines.source_line as kallrad,
        budget_lines.document_date as dokumentdatum,
        budget_lines.versions as antal_versioner,
        budget_lines.values_disagree as versionerna_skiljer_sig
    from budget_lines
    left join codes
        on budget_lines.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post
