{#-
    The staging body of a table in the contract's fact format (raw.facts and
    raw.extracted_facts share it): codes trimmed and lower-cased, item never
    NULL, value as decimal(18,2), and the surrogate fact_version_id. One
    definition for both sources, so their facts cannot be cleaned differently.
-#}
{% macro staged_facts(source_relation) -%}
with

source as (

    select * from {{ source_relation }}

),

renamed as (

    select
        lower(trim(record_type)) as record_type,
        lower(trim(federation_id)) as federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        lower(trim(scenario)) as scenario,
        lower(trim(code)) as code,
        coalesce(lower(trim(item)), '') as item,
        cast(value as decimal(18, 2)) as value,
        lower(trim(unit)) as unit,
        nullif(trim(raw_label), '') as raw_label,
        trim(source_file) as source_file,
        trim(source_line) as source_line,
        lower(trim(status)) as status,
        nullif(trim(message), '') as message,
        _source_file,
        _source_sha256,
        cast(_source_line as integer) as _source_line,
        _loaded_at

    from source

),

final as (

    select
        md5(
            concat_ws(
                '|',
                record_type,
                federation_id,
                coalesce(cast(fiscal_year as varchar), ''),
                scenario,
                code,
                item,
                coalesce(source_file, ''),
                coalesce(source_line, ''),
                coalesce(_source_file, ''),
                coalesce(cast(_source_line as varchar), '')
            )
        ) as fact_version_id,
        record_type,
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        value,
        unit,
        raw_label,
        source_file,
        source_line,
        status,
        message,
        status = 'corrected' as is_correction,
        _source_file,
        _source_sha256,
        _source_line,
        _loaded_at

    from renamed

)

select * from final
{%- endmacro %}
