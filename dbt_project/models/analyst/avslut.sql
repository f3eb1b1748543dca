-- Avslut och andelen till arbete, studier och positiva avslut per förbund och
-- år (marts.rpt_exit_outcomes), med svenska kolumnnamn.

with

exit_outcomes as (

    select
        federation_id,
        fiscal_year,
        exits,
        exits_basis,
        exits_source,
        exits_by_codes,
        exits_to_work,
        exits_to_studies,
        positive_exits,
        work_pct,
        studies_pct,
        positive_exit_pct
    from {{ ref('rpt_exit_outcomes') }}

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        exits as antal_avslut,
        {{ sv_label('basis', 'exits_basis') }} as avslut_underlag,
        {{ sv_label('source', 'exits_source') }} as avslut_kalla,
        exits_by_codes as avslut_summa_koder,
        exits_to_work as avslut_till_arbete,
        exits_to_studies as avslut_till_studier,
        positive_exits as positiva_avslut,
        work_pct as arbete_procent,
        studies_pct as studier_procent,
        positive_exit_pct as positiva_avslut_procent
    from exit_outcomes

)

select * from renamed
order by forbund_id, rakenskapsar
