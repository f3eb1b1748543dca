-- Every analyst's correction, with whether it replaced a reported figure. One
-- that did not is not in the facts (int_facts_unioned) and is quarantined.

with

matched as (

    select * from {{ ref('int_corrections_matched') }}

),

final as (

    select
        _source_file as source_file,
        _source_sha256 as sha256,
        _source_line as line,
        record_type,
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        value,
        corrects_reported_fact,
        _loaded_at as detected_at
    from matched

)

select * from final
