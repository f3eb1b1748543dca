{#-
    The analyst schema's view of one fct_ table: Swedish, easy-to-type column
    names and the code's Swedish label (seeds/codes.csv). One definition for
    all six fact views, so they cannot drift apart. `reconciled` adds the
    participant-record columns of fct_participants and fct_outcomes.
-#}
{% macro analyst_fact_view(fact_model, record_type, reconciled=false) %}

with

facts as (

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
        values_disagree{% if reconciled %},
        records_value,
        reconciliation{% endif %}
    from {{ ref(fact_model) }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = '{{ record_type }}'

),

renamed as (

    select
        facts.federation_id as forbund_id,
        facts.fiscal_year as rakenskapsar,
        {{ sv_label('scenario', 'facts.scenario') }} as scenario,
        facts.code as kod,
        codes.label_sv as kod_benamning,
        facts.item as post,
        facts.value as varde,
        {{ sv_label('unit', 'facts.unit') }} as enhet,
        facts.raw_label as tryckt_rubrik,
        {{ sv_label('status', 'facts.status') }} as status,
        facts.message as meddelande,
        facts.is_corrected as ar_rattelse,
        {{ sv_label('origin', 'facts.origin') }} as ursprung,
        facts.source_file as kallfil,
        facts.source_line as kallrad,
        facts.document_date as dokumentdatum,
        facts.versions as antal_versioner,
        facts.values_disagree as versionerna_skiljer_sig{% if reconciled %},
        facts.records_value as registervarde,
        {{ sv_label('reconciliation', 'facts.reconciliation') }} as avstamning{% endif %}
    from facts
    left join codes
        on facts.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, scenario, kod, post

{% endmacro %}
