-- The facts loaded from the landing folder in the contract's fact format:
-- submitted fact CSVs and corrections files (stg_raw__facts) and the facts the
-- extractor read from documents (stg_raw__extracted_facts), one row per version.
{{ rebuilt_by_year_config() }}

with

submitted as (

    select
        *,
        'submitted' as input_kind
    from {{ ref('stg_raw__facts') }}
    where {{ in_rebuilt_years() }}

),

extracted as (

    select
        *,
        'extracted' as input_kind
    from {{ ref('stg_raw__extracted_facts') }}
    where {{ in_rebuilt_years() }}

),

unioned as (

    select * from submitted
    union all by name
    select * from extracted

)

select * from unioned
