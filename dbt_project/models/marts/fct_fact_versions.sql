-- Every version of every fact, current or superseded, with its lineage: the
-- superseded figures stay visible next to the one that won. (_loaded_at is
-- left out so that refreshing the same landing gives the same bytes.)
{{ rebuilt_by_year_config() }}

with

final as (

    select
        fact_version_id,
        fact_key,
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
        is_correction,
        origin,
        source_file,
        source_line,
        document_kind,
        document_date,
        document_title,
        cast(precedence_rank as integer) as precedence_rank,
        is_current,
        superseded_by,
        cast(versions as integer) as versions,
        values_disagree,
        cast(records_value as decimal(18, 2)) as records_value,
        reconciliation,
        _source_file,
        _source_sha256,
        _source_line
    from {{ ref('int_facts_ranked') }}
    where {{ in_rebuilt_years() }}

)

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
    status,
    message,
    is_correction,
    origin,
    source_file,
    source_line,
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
from final
