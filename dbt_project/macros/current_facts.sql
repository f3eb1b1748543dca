{#-
    The body of a fct_ model: the current version of every fact key of one
    record_type, with its lineage and how many versions competed for the key.
    with_reconciliation adds records_value and reconciliation (participants,
    outcome).
-#}
{% macro current_facts(record_type, with_reconciliation=false) -%}
with

ranked as (

    select
        fact_version_id,
        fact_key,
        record_type,
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        value,
        unit,
        raw_label,
        source_file,
        source_line,
        status,
        message,
        is_correction,
        origin,
        document_kind,
        document_date,
        document_title,
        precedence_rank,
        is_current,
        superseded_by,
        versions,
        values_disagree,
        records_value,
        reconciliation,
        _source_file,
        _source_sha256,
        _source_line
    from {{ ref('fct_fact_versions') }}
    where {{ in_rebuilt_years() }}

),

current_facts as (

    select
        fact_key,
        fact_version_id,
        record_type,
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        cast(value as decimal(18, 2)) as value,
        unit,
        raw_label,
        status,
        message,
        origin = 'correction' as is_corrected,
        origin,
        source_file,
        source_line,
        document_date,
        cast(versions as integer) as versions,
        values_disagree{% if with_reconciliation %},
        cast(records_value as decimal(18, 2)) as records_value,
        reconciliation{% endif %}
    from ranked
    where
        is_current
        and record_type = '{{ record_type }}'

)

select
    fact_key,
    fact_version_id,
    record_type,
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
    values_disagree{% if with_reconciliation %},
    records_value,
    reconciliation{% endif %}
from current_facts
{%- endmacro %}
