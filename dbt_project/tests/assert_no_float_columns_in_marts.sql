-- Money and percentages are decimals or integers: no mart column is a float.
{%- set marts = [
    'dim_federations', 'dim_members',
    'fct_budget_lines', 'fct_statements', 'fct_participants', 'fct_outcomes',
    'fct_surveys', 'fct_indicators', 'fct_fact_versions',
    'rpt_cost_per_participant', 'rpt_equity', 'rpt_goal_fulfilment',
    'rpt_indicator_status', 'rpt_financing_split', 'rpt_budget_vs_outcome',
    'rpt_exit_outcomes', 'rpt_exit_outcomes_by_intervention', 'rpt_federation_year',
    'rpt_survey_results', 'rpt_participant_reconciliation', 'rpt_data_quality',
] %}
{%- for mart in marts %}
-- depends_on: {{ ref(mart) }}
{%- endfor %}

select
    table_name,
    column_name,
    data_type
from information_schema.columns
where
    table_catalog = '{{ ref("rpt_federation_year").database }}'
    and table_schema = '{{ ref("rpt_federation_year").schema }}'
    and upper(data_type) in ('FLOAT', 'DOUBLE', 'REAL', 'FLOAT4', 'FLOAT8')
