-- Avslut per förbund, år och insats (marts.rpt_exit_outcomes_by_intervention),
-- med svenska kolumnnamn.

with

exit_outcomes_by_intervention as (

    select
        federation_id,
        fiscal_year,
        intervention,
        intervention_name,
        exits,
        exits_to_work,
        exits_to_studies,
        positive_exits,
        work_pct,
        studies_pct,
        positive_exit_pct
    from {{ ref('rpt_exit_outcomes_by_intervention') }}

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        intervention as insats,
        intervention_name as insats_namn,
        exits as antal_avslut,
        exits_to_work as avslut_till_arbete,
        exits_to_studies as avslut_till_studier,
        positive_exits as positiva_avslut,
        work_pct as arbete_procent,
        studies_pct as studier_procent,
        positive_exit_pct as positiva_avslut_procent
    from exit_outcomes_by_intervention

)

select * from renamed
order by forbund_id, rakenskapsar, insats
