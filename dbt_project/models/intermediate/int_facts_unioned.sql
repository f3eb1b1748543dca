-- Every version of every fact: reported and corrected facts from the raw layer
-- plus the facts derived from participant records, each with the date of the
-- document it was printed in. A correction of a fact no source reported is
-- left out (int_corrections_matched; listed in ops.quarantine).
{{ rebuilt_by_year_config() }}

with

unmatched_corrections as (

    select fact_version_id from {{ ref('int_corrections_matched') }}
    where {{ in_rebuilt_years() }} and not corrects_reported_fact

),

reported as (

    select
        *,
        case when is_correction then 'correction' else 'reported' end as origin
    from {{ ref('int_loaded_facts_unioned') }}
    where
        {{ in_rebuilt_years() }}
        and fact_version_id not in (select unmatched_corrections.fact_version_id from unmatched_corrections)

),

from_participant_records as (

    select
        *,
        'participant_records' as origin
    from {{ ref('int_participants_aggregated') }}
    where {{ in_rebuilt_years() }}

),

unioned as (

    select * from reported
    union all by name
    select * from from_participant_records

),

documents as (

    -- one row per federation and document
    select
        federation_id,
        source_file,
        document_kind,
        document_date,
        title
    from {{ ref('int_documents_unioned') }}

),

joined as (

    select
        unioned.fact_version_id,
        unioned.record_type,
        unioned.federation_id,
        unioned.fiscal_year,
        unioned.scenario,
        unioned.code,
        unioned.item,
        unioned.value,
        unioned.unit,
        unioned.raw_label,
        unioned.source_file,
        unioned.source_line,
        unioned.status,
        unioned.message,
        unioned.is_correction,
        unioned.origin,
        documents.document_kind,
        documents.document_date,
        documents.title as document_title,
        unioned._source_file,
        unioned._source_sha256,
        unioned._source_line,
        unioned._loaded_at
    from unioned
    left join documents
        on
            unioned.federation_id = documents.federation_id
            and unioned.source_file = documents.source_file

)

select * from joined
