-- The fiscal years this build rebuilds: the years whose raw rows changed
-- (raw.changed_years) and the years that depend on them. Every model built by
-- year (incremental, macros/rebuild_years.sql) deletes and rebuilds exactly
-- these years; GX, the export and the report read this table too.
--
-- Which rows of a year read another year's rows (audited model by model;
-- README "Rebuilding by year"):
--   1. int_participants_aggregated counts a participant in every year from
--      start_date to end_date, and one without end_date in every year up to
--      the federation's last participant year. raw.changed_years lists a row's
--      years from start to end (start alone when open), and a removed row is
--      gone, so a changed year rebuilds every later year as well. The same
--      covers a report's comparison with the year before.
--   2. Years that appear or vanish without a changed row of their own: the
--      spine (int_federation_years_spined) runs from the first to the last
--      fact year of all federations and int_participants_aggregated from a
--      federation's first to last participant year, so adding 2027 to data
--      that ends in 2025 adds 2026. The years the previous build held and
--      this one will not (and the other way round) are rebuilt.
--   3. A year of a federation's participant range in which no participant is
--      enrolled and none exits cites all of that federation's participant
--      files (the lines looked at); it is rebuilt whenever any year is.
--   Nothing else reads across years: facts, versions and their ranking
--   (fct_fact_versions partitions by fiscal_year), contributions, indicators
--   and every KPI are per federation and year.

with

changed as (

    select
        fiscal_year,
        every_year
    from {{ ref('stg_raw__changed_years') }}

),

participants as (

    select
        federation_id,
        cast(extract(year from start_date) as integer) as first_year,
        cast(extract(year from end_date) as integer) as last_year
    from {{ ref('stg_raw__participants') }}
    where start_date is not null

),

participant_ranges as (

    select
        federation_id,
        min(first_year) as first_year,
        max(coalesce(last_year, first_year)) as last_year
    from participants
    group by federation_id

),

participant_years as (

    -- the federation-years int_participants_aggregated will hold
    select
        participant_ranges.federation_id,
        cast(years.fiscal_year as integer) as fiscal_year
    from participant_ranges
    cross join
        lateral generate_series(participant_ranges.first_year, participant_ranges.last_year) as years (fiscal_year)

),

fact_years as (

    select fiscal_year from {{ ref('stg_raw__facts') }}
    union
    select fiscal_year from {{ ref('stg_raw__extracted_facts') }}
    union
    select fiscal_year from participant_years

),

spine_years as (

    -- the years int_federation_years_spined will hold
    select cast(years.fiscal_year as integer) as fiscal_year
    from (
        select
            min(fiscal_year) as first_year,
            max(fiscal_year) as last_year
        from fact_years
    ) as bounds
    cross join lateral generate_series(bounds.first_year, bounds.last_year) as years (fiscal_year)
    where bounds.first_year is not null

),

previous_spine_years as (

    {{ previous_build_rows('intermediate', 'int_federation_years_spined', ['fiscal_year'], ['integer']) }}

),

previous_participant_years as (

    {{ previous_build_rows(
        'intermediate', 'int_participants_aggregated', ['federation_id', 'fiscal_year'], ['varchar', 'integer']
    ) }}

),

known_years as (

    select fiscal_year from spine_years
    union
    select fiscal_year from previous_spine_years
    union
    select fiscal_year from changed
    where fiscal_year is not null

),

-- rule 1: a changed year and every later one
changed_and_later as (

    select known_years.fiscal_year
    from known_years
    where
        known_years.fiscal_year >= (select min(changed.fiscal_year) from changed)
        or (select bool_or(changed.every_year) from changed)

),

-- rule 2: years that appear or vanish
appearing_or_vanishing as (

    (
        select fiscal_year from spine_years
        except
        select fiscal_year from previous_spine_years
    )
    union
    (
        select fiscal_year from previous_spine_years
        except
        select fiscal_year from spine_years
    )
    union
    select participant_year_changes.fiscal_year
    from (
        (
            select * from participant_years
            except
            select * from previous_participant_years
        )
        union
        (
            select * from previous_participant_years
            except
            select * from participant_years
        )
    ) as participant_year_changes

),

-- rule 3: participant years with nobody enrolled or exiting
empty_participant_years as (

    select participant_years.fiscal_year
    from participant_years
    where
        exists (select 1 from changed)
        and not exists (
            select 1
            from participants
            where
                participants.federation_id = participant_years.federation_id
                and participants.first_year <= participant_years.fiscal_year
                and coalesce(participants.last_year, 9999) >= participant_years.fiscal_year
        )

),

rebuilt as (

    select fiscal_year from changed_and_later
    union
    select fiscal_year from appearing_or_vanishing
    union
    select fiscal_year from empty_participant_years

)

select cast(fiscal_year as integer) as fiscal_year
from rebuilt
where fiscal_year is not null
order by fiscal_year
