-- Every row with figures in a document's tables that did not become a fact,
-- and why: what a person should look at after a refresh. One federation's rows
-- are where federation_id is theirs; the line is the one an editor (or, for a
-- PDF, page:line) shows.

with

review as (

    select * from {{ ref('stg_raw__extraction_review') }}

),

final as (

    select
        federation_id,
        fiscal_year,
        source_file,
        source_line,
        raw_label,
        raw_values,
        reason,
        _source_file as landing_file,
        _source_sha256 as sha256,
        _loaded_at as detected_at
    from review

)

select * from final
