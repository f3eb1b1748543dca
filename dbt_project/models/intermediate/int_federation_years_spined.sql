-- Every federation (seeds plus landing registrations) for every fiscal year the warehouse holds
-- a fact about, from the first to the last year of any federation, so that the
-- dimensions carry fiscal_year like every other mart and gaps stay visible.
{{ rebuilt_by_year_config() }}

with

federations as (

    select * from {{ ref('int_federations_unioned') }}

),

fact_years as (

    select
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year
    from {{ ref('fct_fact_versions') }}

),

years as (

    select cast(years.fiscal_year as integer) as fiscal_year
    from fact_years
    cross join lateral generate_series(fact_years.first_year, fact_years.last_year) as years (fiscal_year)
    where fact_years.first_year is not null and {{ in_rebuilt_years('years.fiscal_year') }}

),

facts_per_year as (

    select
        federation_id,
        fiscal_year,
        count(*) as current_facts
    from {{ ref('fct_fact_versions') }}
    where {{ in_rebuilt_years() }} and is_current
    group by federation_id, fiscal_year

),

spined as (

    select
        federations.federation_id,
        years.fiscal_year,
        coalesce(facts_per_year.current_facts, 0) as current_facts
    from federations
    cross join years
    left join facts_per_year
        on
            federations.federation_id = facts_per_year.federation_id
            and years.fiscal_year = facts_per_year.fiscal_year

)

select * from spined
