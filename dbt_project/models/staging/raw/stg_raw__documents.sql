with

source as (

    select * from {{ source('raw', 'documents') }}

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

    from source

)

select * from renamed
