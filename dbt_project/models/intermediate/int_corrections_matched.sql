-- Every correction, and whether it corrects a fact some source reported: a
-- fact file, a document or the participant records (which report every
-- participants and outcome figure of each year they cover, zero included).
-- A correction that matches nothing is kept out of the facts and listed in
-- ops.corrections and ops.quarantine: a correction replaces a printed figure,
-- it never adds one.
{{ rebuilt_by_year_config() }}

with

facts as (

    select * from {{ ref('int_loaded_facts_unioned') }}
    where {{ in_rebuilt_years() }}

),

corrections as (

    select * from facts
    where is_correction

),

reported_keys as (

    select distinct
        record_type,
        federation_id,
        fiscal_year,
        scenario,
        code,
        item
    from facts
    where not is_correction

),

record_years as (

    select distinct
        federation_id,
        fiscal_year
    from {{ ref('int_participants_aggregated') }}
    where {{ in_rebuilt_years() }}

),

matched as (

    select
        corrections.fact_version_id,
        corrections.record_type,
        corrections.federation_id,
        corrections.fiscal_year,
        corrections.scenario,
        corrections.code,
        corrections.item,
        corrections.value,
        corrections._source_file,
        corrections._source_sha256,
        corrections._source_line,
        corrections._loaded_at,
        reported_keys.record_type is not null or record_years.federation_id is not null
            as corrects_reported_fact
    from corrections
    left join reported_keys
        on
            corrections.record_type = reported_keys.record_type
            and corrections.federation_id = reported_keys.federation_id
            and corrections.fiscal_year = reported_keys.fiscal_year
            and corrections.scenario = reported_keys.scenario
            and corrections.code = reported_keys.code
            and corrections.item = reported_keys.item
    left join record_years
        on
            corrections.federation_id = record_years.federation_id
            and corrections.fiscal_year = record_years.fiscal_year
            and corrections.record_type in ('participants', 'outcome')
            and corrections.scenario = 'outcome'

)

select * from matched
