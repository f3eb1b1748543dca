{#-
    Which rows a data test reads. A model built by year (incremental) keeps
    the rows of the years this build did not rebuild as the previous build
    left and tested them, so a rule that checks each row on its own reads
    the rows of intermediate.int_rebuild_years only; a rule across rows
    (`unique` over all rows, a unique key without fiscal_year, the
    singular tests) reads every row.

    The project's `rules` test (tests/generic/rules.sql) applies the scope
    rule by rule (tested_model_is_built_by_year, rebuilt_years_condition).
    For dbt's own not_null, accepted_values and relationships, should one
    be declared, get_where_subquery (dbt wraps a generic test's `model` in
    it; this version replaces dbt's) applies it to the whole test. The
    scope is not a `where` config on purpose: the NNS export's data
    dictionary reads a test with `where` as a conditional rule.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where', '') -%}
        {%- do conditions.append(config.get('where')) -%}
    {%- endif -%}
    {%- if model.test_metadata.name in ['not_null', 'accepted_values', 'relationships'] and tested_model_is_built_by_year() -%}
        {%- do conditions.append(rebuilt_years_condition()) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The model (or seed) the running test is attached to; none while dbt parses. -#}
{% macro tested_node() -%}
    {%- if not execute or not model.attached_node -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- do return(graph.nodes.get(model.attached_node)) -%}
{%- endmacro %}

{#- While dbt parses, the name the test's YAML entry gives (file_key_name 'models.<name>'). -#}
{% macro tested_model_name() -%}
    {%- set tested = tested_node() -%}
    {%- if tested is not none -%}
        {%- do return(tested.name) -%}
    {%- endif -%}
    {%- do return((model.file_key_name or '') | string | replace('models.', '') | replace('seeds.', '')) -%}
{%- endmacro %}

{% macro tested_model_is_built_by_year() -%}
    {%- set tested = tested_node() -%}
    {%- do return(tested is not none and tested.config.materialized == 'incremental') -%}
{%- endmacro %}

{%- macro rebuilt_years_condition() -%}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', 'int_rebuild_years') | first -%}
    {%- do return('fiscal_year in (select rebuilt.fiscal_year from ' ~ node.relation_name ~ ' as rebuilt)') -%}
{%- endmacro %}
