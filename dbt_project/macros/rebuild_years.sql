{#-
    Incremental by fiscal year (dbt_project/README.md, "Rebuilding by year").

    in_rebuilt_years(column): a filter for a model's inputs; in an incremental
    run it keeps the rows of the years int_rebuild_years lists, in a whole
    build every row. The ref is taken on every render, so dbt knows the
    dependency even though the filter only applies incrementally.
-#}
{% macro in_rebuilt_years(column='fiscal_year') -%}
    {%- set rebuild_years = ref('int_rebuild_years') -%}
    {%- if is_incremental() -%}
        {{ column }} in (select rebuilt.fiscal_year from {{ rebuild_years }} as rebuilt)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#-
    The config of a model built by year: incremental, every row of a rebuilt
    year deleted and that year's rows inserted.
-#}
{% macro rebuilt_by_year_config() -%}
    {%- set rebuild_years = ref('int_rebuild_years') -%}
    {{ config(materialized='incremental', incremental_strategy='rebuild_years', on_schema_change='fail') }}
{%- endmacro %}

{#-
    The incremental strategy of the models built by year. dbt-duckdb's own
    delete+insert deletes only the keys present in the new rows
    (duckdb__get_delete_insert_merge_sql: `where key in (select key from
    new rows)`), so a year that lost all its rows (its documents removed)
    would keep the old ones. This one deletes every rebuilt year, then
    inserts the new rows, which are all of rebuilt years.
-#}
{% macro get_incremental_rebuild_years_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where fiscal_year in (select rebuilt.fiscal_year from {{ ref('int_rebuild_years') }} as rebuilt);

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{#-
    The distinct `columns` of a table the previous build left in the
    warehouse, or no rows (typed by `types`) when there is none: what
    int_rebuild_years compares this build's years with.
-#}
{% macro previous_build_rows(schema, identifier, columns, types) -%}
    {#- `is sameas true`: sqlfluff's templater has no `execute` and no `api` -#}
    {%- set found = none -%}
    {%- if execute is sameas true -%}
        {%- set found = load_relation(api.Relation.create(database=this.database, schema=schema, identifier=identifier)) -%}
    {%- endif -%}
    {%- if found is not none -%}
        select distinct {{ columns | join(', ') }} from {{ found }}
    {%- else -%}
        select
        {%- for column in columns %}
            cast(null as {{ types[loop.index0] }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
        from (select 1) as nothing
        where false
    {%- endif -%}
{%- endmacro %}

{#- Whether the warehouse holds `relation` (a source the raw layer may not have written yet). -#}
{% macro relation_exists(relation) -%}
    {{ return(execute is not sameas true or load_relation(relation) is not none) }}
{%- endmacro %}
