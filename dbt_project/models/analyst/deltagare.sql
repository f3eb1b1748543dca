-- Antal deltagare, totalt, per kön och per åldersgrupp (marts.fct_participants), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

participants as (

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
    from {{ ref('fct_participants') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'participants'

),

renamed as (

    select
        participants.federation_id as forbund_id,
        participants.fiscal_year as rakenskapsar,
        participants.scenario,
        participants.code as kod,
        codes.label_sv as kod_benamning,
        participants.item as post,
        participants.value as varde,
        participants.unit as enhet,
        participants.raw_label as tryckt_rubrik,
        participants.status,
        participants.message as meddelande,
        participants.is_corrected as ar_rattelse,
        participants.origin as ursprung,
        participants.source_file as kallfil,
        participants.source_line as kallrad,
        participants.document_date as dokumentdatum,
        participants.versions as antal_versioner,
        participants.values_disagree as versionerna_skiljer_sig,
        participants.records_value as registervarde,
        participants.reconciliation as avstamning
    from participants
    left join codes
        on participants.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post
