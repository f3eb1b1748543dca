with

-- a federation's documents.csv wins over what extraction read from the same document
source as (

    select
        *,
        1 as precedence
    from {{ source('raw', 'documents') }}
    union all by name
    select
        *,
        2 as precedence
    from {{ source('raw', 'extracted_documents') }}

),

deduplicated as (

    select * from source
    qualify row_number() over (
        partition by lower(trim(federation_id)), trim(source_file) order by precedence, _source_file
    ) = 1

),

renamed as (

    select
        lower(trim(federation_id)) as federation_id,
        trim(source_file) as source_file,
        nullif(lower(trim(document_kind)), '') as document_kind,
        cast(document_date as date) as document_date,
        nullif(trim(title), '') as title,
        _source_file,
        _source_sha256,
        cast(_source_line as integer) as _source_line,
        _loaded_at

    from deduplicated

)

select * from renamed
