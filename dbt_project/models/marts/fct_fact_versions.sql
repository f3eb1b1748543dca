-- Every version of every fact, current or superseded, with its lineage, ranked
-- by precedence: corrections first, then reported facts from the newest
-- document (document_date desc, undated last), then facts derived from
-- participant records; ties broken by source_file and source_line (numerically
-- where possible) so the ranking is deterministic. The marts read the current
-- versions from here. (_loaded_at is left out so that refreshing the same
-- landing gives the same bytes.)
{{ rebuilt_by_year_config() }}

with

facts as (

    select
        *,
        -- source_line is `line`, `page:line` or a range `first-last`
        try_cast(regexp_extract(source_line, '^(\d+)', 1) as integer) as source_line_first_number,
        try_cast(regexp_extract(source_line, '^\d+[:\-](\d+)', 1) as integer) as source_line_second_number
    from {{ ref('int_facts_unioned') }}
    where {{ in_rebuilt_years() }}

),

ranked as (

    select
        *,
        row_number() over key_window as precedence_rank,
        count(*) over key_partition as versions,
        count(distinct value) over key_partition > 1 as values_disagree,
        max(case when origin = 'participant_records' then value end) over key_partition as records_value,
        -- participant records cover the whole federation-year: a category
        -- they do not list (no non-binary participant, no exit to studies) is 0
        bool_or(origin = 'participant_records') over (
            partition by record_type, federation_id, fiscal_year, scenario
        ) as records_cover_year,
        count(case when origin <> 'participant_records' then 1 end) over key_partition as reported_versions
    from facts
    window
        key_partition as (partition by record_type, federation_id, fiscal_year, scenario, code, item),
        key_window as (
            partition by record_type, federation_id, fiscal_year, scenario, code, item
            order by
                case origin when 'correction' then 1 when 'reported' then 2 else 3 end,
                document_date desc nulls last,
                source_file asc nulls last,
                source_line_first_number asc nulls last,
                source_line_second_number asc nulls first,
                source_line asc nulls last,
                _source_file asc nulls last,
                _source_line asc nulls last,
                fact_version_id asc
        )

),

with_winner as (

    select
        *,
        first_value(source_file) over key_window as winning_source_file,
        first_value(value) over key_window as current_value
    from ranked
    window key_window as (
        partition by record_type, federation_id, fiscal_year, scenario, code, item
        order by precedence_rank
    )

),

final as (

    select
        fact_version_id,
        {{ fact_key() }} as fact_key,
        record_type,
        federation_id,
        fiscal_year,
        scenario,
        code,
        item,
        cast(value as decimal(18, 2)) as value,
        unit,
        raw_label,
        status,
        message,
        is_correction,
        origin,
        source_file,
        source_line,
        document_kind,
        document_date,
        document_title,
        cast(precedence_rank as integer) as precedence_rank,
        precedence_rank = 1 as is_current,
        case when precedence_rank > 1 then winning_source_file end as superseded_by,
        cast(versions as integer) as versions,
        values_disagree,
        cast(
            case
                when record_type in ('participants', 'outcome')
                    then coalesce(records_value, case when records_cover_year then 0 end)
            end as decimal(18, 2)
        ) as records_value,
        case
            when record_type not in ('participants', 'outcome') then null
            when not records_cover_year then 'reported_only'
            when reported_versions = 0 then 'records_only'
            when current_value = coalesce(records_value, 0) then 'match'
            else 'mismatch'
        end as reconciliation,
        _source_file,
        _source_sha256,
        _source_line
    from with_winner

)

select * from final
