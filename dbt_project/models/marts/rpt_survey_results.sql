-- Survey results per federation, year, respondent group and question (scenario
-- outcome): how many the survey was sent to and how many answered (the
-- question's own `sent` / `respondents` facts where a document states them per
-- question, else the group's `<group>:all` facts), and the yes / partly / no
-- answers with their shares of the answers given, in % with 2 decimals.
{{ rebuilt_by_year_config() }}

with

survey_facts as (

    select
        federation_id,
        fiscal_year,
        code,
        item,
        value
    from {{ ref('fct_fact_versions') }}
    where
        {{ in_rebuilt_years() }}
        and is_current
        and record_type = 'survey'
        and scenario = 'outcome'

),

split as (

    select
        federation_id,
        fiscal_year,
        code,
        value,
        split_part(item, ':', 1) as respondent_group,
        case when contains(item, ':') then substr(item, strpos(item, ':') + 1) else '' end as question
    from survey_facts

),

groups as (

    select
        federation_id,
        fiscal_year,
        respondent_group,
        max(value) filter (where code = 'sent') as sent,
        max(value) filter (where code = 'respondents') as respondents
    from split
    where question = 'all'
    group by federation_id, fiscal_year, respondent_group

),

questions as (

    select
        federation_id,
        fiscal_year,
        respondent_group,
        question,
        max(value) filter (where code = 'sent') as sent,
        max(value) filter (where code = 'respondents') as respondents,
        max(value) filter (where code = 'yes') as answered_yes,
        max(value) filter (where code = 'partly') as answered_partly,
        max(value) filter (where code = 'no') as answered_no
    from split
    where question <> 'all'
    group by federation_id, fiscal_year, respondent_group, question

),

joined as (

    select
        questions.federation_id,
        questions.fiscal_year,
        questions.respondent_group,
        questions.question,
        coalesce(questions.sent, groups.sent) as sent,
        coalesce(questions.respondents, groups.respondents) as respondents,
        questions.answered_yes,
        questions.answered_partly,
        questions.answered_no,
        case
            when
                questions.answered_yes is not null
                or questions.answered_partly is not null
                or questions.answered_no is not null
                then
                    coalesce(questions.answered_yes, 0)
                    + coalesce(questions.answered_partly, 0)
                    + coalesce(questions.answered_no, 0)
        end as answers
    from questions
    left join groups
        on
            questions.federation_id = groups.federation_id
            and questions.fiscal_year = groups.fiscal_year
            and questions.respondent_group = groups.respondent_group

),

final as (

    select
        federation_id,
        cast(fiscal_year as integer) as fiscal_year,
        respondent_group,
        question,
        cast(sent as integer) as sent,
        cast(respondents as integer) as respondents,
        {{ exact_ratio('respondents', 'sent') }} as response_rate_pct,
        cast(answers as integer) as answers,
        cast(answered_yes as integer) as answered_yes,
        cast(answered_partly as integer) as answered_partly,
        cast(answered_no as integer) as answered_no,
        {{ exact_ratio('answered_yes', 'answers') }} as yes_pct,
        {{ exact_ratio('answered_partly', 'answers') }} as partly_pct,
        {{ exact_ratio('answered_no', 'answers') }} as no_pct
    from joined

)

select
    federation_id,
    fiscal_year,
    respondent_group,
    question,
    sent,
    respondents,
    response_rate_pct,
    answers,
    answered_yes,
    answered_partly,
    answered_no,
    yes_pct,
    partly_pct,
    no_pct
from final
