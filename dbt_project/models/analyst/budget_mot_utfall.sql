-- Budget mot utfall per budgetrad och år (marts.rpt_budget_vs_outcome), med
-- svenska kolumnnamn och kodens svenska benämning (seeds/codes.csv).

with

budget_vs_outcome as (

    select
        federation_id,
        fiscal_year,
        code,
        item,
        budget_sek,
        outcome_sek,
        diff_sek,
        diff_pct,
        budget_source_file,
        outcome_source_file
    from {{ ref('rpt_budget_vs_outcome') }}

),

codes as (

    select
        code,
        label_sv
    from {{ ref('codes') }}
    where record_type = 'budget_line'

),

renamed as (

    select
        budget_vs_outcome.federation_id as forbund_id,
        budget_vs_outcome.fiscal_year as rakenskapsar,
        budget_vs_outcome.code as kod,
        codes.label_sv as kod_benamning,
        budget_vs_outcome.item as post,
        budget_vs_outcome.budget_sek as budget_kr,
        budget_vs_outcome.outcome_sek as utfall_kr,
        budget_vs_outcome.diff_sek as avvikelse_kr,
        budget_vs_outcome.diff_pct as avvikelse_procent,
        budget_vs_outcome.budget_source_file as budget_kallfil,
        budget_vs_outcome.outcome_source_file as utfall_kallfil
    from budget_vs_outcome
    left join codes
        on budget_vs_outcome.code = codes.code

)

select * from renamed
order by forbund_id, rakenskapsar, kod, post
