-- Every refused input, with where it was and why: nothing sent to the warehouse
-- is lost. Whole files (empty, unreadable, duplicated, unclassifiable, holding
-- personal data) have line 0; raw_content is NULL where keeping it could leak
-- personal data.

with

rejected as (

    select * from {{ source('raw', 'rejected') }}

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

)

select * from final
