with

source as (

    select * from {{ source('raw', 'participants') }}

),

renamed as (

    select
        lower(trim(federation_id)) as federation_id,
        trim(participant_ref) as participant_ref,
        trim(intervention) as intervention,
        nullif(
            trim(
                regexp_replace(lower(strip_accents(trim(intervention))), '[^a-z0-9]+', '_', 'g'),
                '_'
            ),
            ''
        ) as intervention_slug,
        lower(trim(gender)) as gender,
        trim(age_band) as age_band,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        nullif(lower(trim(exit_code)), '') as exit_code,
        nullif(trim(support_before), '') as support_before,
        nullif(trim(support_after), '') as support_after,
        _source_file,
        _source_sha256,
        cast(_source_line as integer) as _source_line,
        _loaded_at

    from source

)

select * from renamed
