{#-
    The staging body of a list of documents (raw.documents from documents.csv,
    raw.extracted_documents from the extractor): ids trimmed and lower-cased,
    empty text NULL, the date a date. One definition for both sources.
-#}
{% macro staged_documents(source_relation) -%}
with

source as (

    select * from {{ source_relation }}

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
{%- endmacro %}
