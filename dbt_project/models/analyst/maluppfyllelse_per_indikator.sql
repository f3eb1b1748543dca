-- Måluppfyllelse per förbund, år och indikator (marts.rpt_indicator_status),
-- med svenska kolumnnamn.

with

indicator_status as (

    select
        federation_id,
        fiscal_year,
        item,
        goal_area,
        indicator,
        target,
        actual,
        unit,
        assessment_value,
        fulfilment
    from {{ ref('rpt_indicator_status') }}

),

renamed as (

    select
        federation_id as forbund_id,
        fiscal_year as rakenskapsar,
        item as indikator_nyckel,
        {{ sv_label('goal_area', 'goal_area') }} as malomrade,
        indicator as indikator,
        target as malvarde,
        actual as utfall,
        {{ sv_label('unit', 'unit') }} as enhet,
        assessment_value as bedomning_procent,
        {{ sv_label('fulfilment', 'fulfilment') }} as uppfyllelse
    from indicator_status

)

select * from renamed
order by forbund_id, rakenskapsar, indikator_nyckel
