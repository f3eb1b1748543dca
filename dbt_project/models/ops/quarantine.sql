-- Every refused input, with where it was and why: nothing sent to the warehouse
-- is lost. Whole files (empty, unreadable, duplicated, unclassifiable, holding
-- personal data, of no known kind) have line 0; raw_content is NULL where
-- keeping it could leak personal data. Corrections of a fact no source
-- reported are listed too (loader corrections).

with

rejected as (

    select * from {{ ref('stg_raw__rejected') }}

),

unmatched_corrections as (

    select
        source_file,
        sha256,
        line,
        'corrections' as loader,
        'corrects ' || code || case when item = '' then '' else ' ' || item end
        || ' of ' || federation_id || ' ' || cast(fiscal_year as varchar) || ' (' || scenario || ')'
        || ', which no fact file, document or participant export reported;'
        || ' a correction replaces a reported figure, it is not loaded as a new one' as reason,
        concat_ws(',', record_type, federation_id, fiscal_year, scenario, code, item, value) as raw_content,
        detected_at
    from {{ ref('corrections') }}
    where not corrects_reported_fact

),

final as (

    select
        _source_file as source_file,
        _source_sha256 as sha256,
        _source_line as line,
        loader,
        reason,
        raw_content,
        _loaded_at as detected_at
    from rejected
    union all
    select
        source_file,
        sha256,
        line,
        loader,
        reason,
        raw_content,
        detected_at
    from unmatched_corrections

)

select * from final
