-- Participant records turned into facts (participants and outcome, scenario
-- outcome) in the shape of stg_raw__facts, so that they can be ranked and
-- reconciled against the figures the documents print. A year's rows cite the
-- export files and lines of the participants counted in that year.
{{ rebuilt_by_year_config() }}

with

participants as (

    select
        *,
        coalesce(participant_ref, _source_file || ':' || cast(_source_line as varchar)) as person_key
    from {{ ref('stg_raw__participants') }}
    where start_date is not null

),

exports as (

    -- the export file(s) of each federation: the years they span, and the
    -- source of a year in which nobody was enrolled (int_rebuild_years rule 3)
    select
        federation_id,
        string_agg(distinct _source_file, ';' order by _source_file) as source_file,
        string_agg(distinct _source_sha256, ';' order by _source_sha256) as source_sha256,
        max(_loaded_at) as loaded_at,
        min(_source_line) as first_line,
        max(_source_line) as last_line,
        cast(min(extract(year from start_date)) as integer) as first_year,
        cast(max(extract(year from coalesce(end_date, start_date))) as integer) as last_year
    from participants
    group by federation_id

),

federation_years as (

    select
        exports.federation_id,
        cast(years.fiscal_year as integer) as fiscal_year
    from exports
    cross join lateral generate_series(exports.first_year, exports.last_year) as years (fiscal_year)
    where {{ in_rebuilt_years('years.fiscal_year') }}

),

enrolled as (

    -- enrolled at any time in the year
    select
        federation_years.fiscal_year,
        participants.*
    from federation_years
    inner join participants
        on
            federation_years.federation_id = participants.federation_id
            and participants.start_date <= make_date(federation_years.fiscal_year, 12, 31)
            and (
                participants.end_date is null
                or participants.end_date >= make_date(federation_years.fiscal_year, 1, 1)
            )

),

exited as (

    -- left in the year with a known exit code
    select
        cast(extract(year from end_date) as integer) as fiscal_year,
        *
    from participants
    where
        end_date is not null
        and exit_code is not null
        and {{ in_rebuilt_years('cast(extract(year from end_date) as integer)') }}

),

participants_total as (

    select
        federation_years.federation_id,
        federation_years.fiscal_year,
        'participants' as record_type,
        'participants_total' as code,
        '' as item,
        count(distinct enrolled.person_key) as record_count,
        min(enrolled._source_line) as first_line,
        max(enrolled._source_line) as last_line
    from federation_years
    left join enrolled
        on
            federation_years.federation_id = enrolled.federation_id
            and federation_years.fiscal_year = enrolled.fiscal_year
    group by federation_years.federation_id, federation_years.fiscal_year

),

participants_gender as (

    select
        federation_id,
        fiscal_year,
        'participants' as record_type,
        'participants_gender' as code,
        coalesce(gender, 'unknown') as item,
        count(distinct person_key) as record_count,
        min(_source_line) as first_line,
        max(_source_line) as last_line
    from enrolled
    group by federation_id, fiscal_year, coalesce(gender, 'unknown')

),

participants_age as (

    select
        federation_id,
        fiscal_year,
        'participants' as record_type,
        'participants_age' as code,
        age_band as item,
        count(distinct person_key) as record_count,
        min(_source_line) as first_line,
        max(_source_line) as last_line
    from enrolled
    where age_band is not null
    group by federation_id, fiscal_year, age_band

),

exits_total as (

    select
        federation_years.federation_id,
        federation_years.fiscal_year,
        'outcome' as record_type,
        'exits_total' as code,
        '' as item,
        count(exited.person_key) as record_count,
        min(exited._source_line) as first_line,
        max(exited._source_line) as last_line
    from federation_years
    left join exited
        on
            federation_years.federation_id = exited.federation_id
            and federation_years.fiscal_year = exited.fiscal_year
    group by federation_years.federation_id, federation_years.fiscal_year

),

exits_by_code as (

    select
        federation_id,
        fiscal_year,
        'outcome' as record_type,
        exit_code as code,
        '' as item,
        count(*) as record_count,
        min(_source_line) as first_line,
        max(_source_line) as last_line
    from exited
    group by federation_id, fiscal_year, exit_code

),

year_sources as (

    -- the export files and lines of the participants counted in each year
    select
        federation_id,
        fiscal_year,
        string_agg(distinct _source_file, ';' order by _source_file) as source_file,
        string_agg(distinct _source_sha256, ';' order by _source_sha256) as source_sha256,
        max(_loaded_at) as loaded_at,
        min(_source_line) as first_line,
        max(_source_line) as last_line
    from (
        select * from enrolled
        union all by name
        select * from exited
    ) as counted_rows
    group by federation_id, fiscal_year

),

counted_years as (

    select
        federation_id,
        fiscal_year
    from federation_years
    union
    select
        federation_id,
        fiscal_year
    from year_sources

),

cited as (

    -- a year with nobody enrolled or exiting cites the whole export
    select
        counted_years.federation_id,
        counted_years.fiscal_year,
        coalesce(year_sources.source_file, exports.source_file) as source_file,
        coalesce(year_sources.source_sha256, exports.source_sha256) as source_sha256,
        coalesce(year_sources.loaded_at, exports.loaded_at) as loaded_at,
        coalesce(year_sources.first_line, exports.first_line) as first_line,
        coalesce(year_sources.last_line, exports.last_line) as last_line
    from counted_years
    inner join exports
        on counted_years.federation_id = exports.federation_id
    left join year_sources
        on
            counted_years.federation_id = year_sources.federation_id
            and counted_years.fiscal_year = year_sources.fiscal_year

),

counted as (

    select * from participants_total
    union all
    select * from participants_gender
    union all
    select * from participants_age
    union all
    select * from exits_total
    union all
    select * from exits_by_code

),

final as (

    select
        md5(
            concat_ws(
                '|',
                'participant_records',
                counted.record_type,
                counted.federation_id,
                cast(counted.fiscal_year as varchar),
                'outcome',
                counted.code,
                counted.item
            )
        ) as fact_version_id,
        counted.record_type,
        counted.federation_id,
        counted.fiscal_year,
        'outcome' as scenario,
        counted.code,
        counted.item,
        cast(counted.record_count as decimal(18, 2)) as value,
        'count' as unit,
        'participant records' as raw_label,
        cited.source_file,
        -- the lines counted; for a zero count, the lines looked at (the year's)
        case
            when coalesce(counted.first_line, cited.first_line) = coalesce(counted.last_line, cited.last_line)
                then cast(coalesce(counted.first_line, cited.first_line) as varchar)
            else
                cast(coalesce(counted.first_line, cited.first_line) as varchar)
                || '-'
                || cast(coalesce(counted.last_line, cited.last_line) as varchar)
        end as source_line,
        'verified' as status,
        cast(null as varchar) as message,
        false as is_correction,
        cited.source_file as _source_file,
        cited.source_sha256 as _source_sha256,
        cast(null as integer) as _source_line,
        cited.loaded_at as _loaded_at
    from counted
    inner join cited
        on
            counted.federation_id = cited.federation_id
            and counted.fiscal_year = cited.fiscal_year

)

select * from final
