-- How much to trust a federation-year: facts and their versions, how many were
-- superseded, how many versions disagree, conflicts with printed totals,
-- corrections, unverified figures, and how the participant records reconcile.
{{ rebuilt_by_year_config() }}

with

versions as (

    select
        federation_id,
        fiscal_year,
        fact_key,
        source_file,
        status,
        origin,
        is_current,
        values_disagree,
        reconciliation
    from {{ ref('fct_fact_versions') }}
    where {{ in_rebuilt_years() }}

),

counted as (

    select
        federation_id,
        fiscal_year,
        count(*) filter (where is_current) as facts,
        count(*) as fact_versions,
        count(*) filter (where not is_current) as superseded_versions,
        count(*) filter (where is_current and values_disagree) as facts_with_disagreeing_versions,
        count(*) filter (where is_current and status = 'conflict') as conflicts,
        count(*) filter (where is_current and origin = 'correction') as corrections,
        count(*) filter (where is_current and status = 'unverified') as unverified,
        count(*) filter (where is_current and reconciliation = 'match') as reconciled_matches,
        count(*) filter (where is_current and reconciliation = 'mismatch') as reconciled_mismatches,
        count(*) filter (where is_current and reconciliation = 'records_only') as records_only,
        count(distinct source_file) filter (where origin <> 'participant_records') as documents
    from versions
    group by federation_id, fiscal_year

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        cast(facts as integer) as facts,
        cast(fact_versions as integer) as fact_versions,
        cast(superseded_versions as integer) as superseded_versions,
        cast(facts_with_disagreeing_versions as integer) as facts_with_disagreeing_versions,
        cast(conflicts as integer) as conflicts,
        cast(corrections as integer) as corrections,
        cast(unverified as integer) as unverified,
        cast(reconciled_matches as integer) as reconciled_matches,
        cast(reconciled_mismatches as integer) as reconciled_mismatches,
        cast(records_only as integer) as records_only,
        cast(documents as integer) as documents
    from counted

)

select
    federation_id,
    fiscal_year,
    facts,
    fact_versions,
    superseded_versions,
    facts_with_disagreeing_versions,
    conflicts,
    corrections,
    unverified,
    reconciled_matches,
    reconciled_mismatches,
    records_only,
    documents
from final
