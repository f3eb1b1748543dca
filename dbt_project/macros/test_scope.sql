{#-
    The `model` a generic test reads (dbt wraps it in get_where_subquery;
    this project's version replaces dbt's). Besides dbt's `where` config, a
    test of a model built by year that checks each row on its own
    (ROW_TESTS, or unique_combination over keys that include fiscal_year)
    reads only the rows of the years this build rebuilt
    (intermediate.int_rebuild_years): the other years' rows are the ones the
    previous build tested. Tests across years (`unique` over all rows, a
    unique_combination without fiscal_year, the singular tests) read every
    row. The scope is not a `where` config on purpose: the NNS export's data
    dictionary reads a test with `where` as a conditional rule.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where', '') -%}
        {%- do conditions.append(config.get('where')) -%}
    {%- endif -%}
    {%- if execute and test_reads_rebuilt_years_only() -%}
        {%- do conditions.append(
            'fiscal_year in (select rebuilt.fiscal_year from ' ~ rebuild_years_relation() ~ ' as rebuilt)'
        ) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro test_reads_rebuilt_years_only() -%}
    {%- set row_tests = ['not_null', 'accepted_values', 'relationships', 'relationships_multi', 'value_between'] -%}
    {%- set tested = graph.nodes.get(model.attached_node) if model.attached_node else none -%}
    {%- if tested is none or tested.config.materialized != 'incremental' -%}
        {%- do return(false) -%}
    {%- endif -%}
    {%- set name = model.test_metadata.name -%}
    {%- set keys = model.test_metadata.kwargs.get('columns') or [] -%}
    {%- do return(name in row_tests or (name == 'unique_combination' and 'fiscal_year' in keys)) -%}
{%- endmacro %}

{%- macro rebuild_years_relation() -%}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', 'int_rebuild_years') | first -%}
    {{- return(node.relation_name) -}}
{%- endmacro %}
