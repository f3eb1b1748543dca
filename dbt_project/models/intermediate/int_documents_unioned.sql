-- One row per federation and document: the documents a documents.csv names
-- (stg_raw__documents) and those the extractor read (stg_raw__extracted_documents).
-- A documents.csv entry wins over what extraction read from the same file.

with

listed as (

    select
        *,
        1 as precedence
    from {{ ref('stg_raw__documents') }}

),

extracted as (

    select
        *,
        2 as precedence
    from {{ ref('stg_raw__extracted_documents') }}

),

unioned as (

    select * from listed
    union all by name
    select * from extracted

),

deduplicated as (

    select * from unioned
    qualify row_number() over (
        partition by federation_id, source_file order by precedence, _source_file, _source_line
    ) = 1

),

final as (

    select
        federation_id,
        source_file,
        document_kind,
        document_date,
        title,
        _source_file,
        _source_sha256,
        _source_line,
        _loaded_at
    from deduplicated

)

select * from final
