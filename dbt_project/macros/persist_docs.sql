{#-
    persist_docs for DuckDB that sets only the comments a relation lacks.

    dbt-duckdb sets every comment again after each build: 650 statements and two
    `describe` queries per relation, 4.3 of a one-new-year build's 25 thread-seconds,
    although an incremental mart keeps its table and its comments between builds
    (docs/performance.md). Here one query reads the relation's comments from
    DuckDB's catalog, and one statement sets those that differ from the model's
    descriptions. A new table or view has none, so it gets them all, as before.
-#}
{% macro duckdb__persist_docs(relation, model, for_relation=true, for_columns=true) -%}
  {%- set by_relation = for_relation and config.persist_relation_docs() and model.description -%}
  {%- set by_column = for_columns and config.persist_column_docs() and model.columns -%}
  {%- if by_relation or by_column -%}
    {%- set present = catalog_comments(relation) -%}
    {%- set statements = [] -%}
    {%- if by_relation and present.get(none) != model.description -%}
      {%- do statements.append(duckdb__alter_relation_comment(relation, model.description)) -%}
    {%- endif -%}
    {%- if by_column -%}
      {%- set by_lower_name = {} -%}
      {%- for name in present if name is string -%}
        {%- do by_lower_name.update({name | lower: name}) -%}
      {%- endfor -%}
      {%- for name, column in model.columns.items() -%}
        {#- a quoted column matches its exact name, others any case (dbt's validate_doc_columns) -#}
        {%- set found = (name if name in present else none) if column.quote else by_lower_name.get(name | lower) -%}
        {%- if column.description and found is not none and present[found] != column.description -%}
          {%- set quoted = adapter.quote(name) if column.quote else name -%}
          {%- do statements.append('comment on column ' ~ relation ~ '.' ~ quoted ~ ' is '
                                   ~ duckdb_escape_comment(column.description) ~ ';') -%}
        {%- endif -%}
      {%- endfor -%}
    {%- endif -%}
    {%- if statements -%}
      {%- do run_query(statements | join('\n')) -%}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}


{#- A relation's comments in DuckDB's catalog: {column name: comment}, the relation's own under none. -#}
{% macro catalog_comments(relation) -%}
  {%- set kind = 'view' if relation.type == 'view' else 'table' -%}
  {%- set query -%}
    select column_name, comment from duckdb_columns()
    where database_name = '{{ relation.database }}' and schema_name = '{{ relation.schema }}'
      and table_name = '{{ relation.identifier }}'
    union all
    select null, comment from duckdb_{{ kind }}s()
    where database_name = '{{ relation.database }}' and schema_name = '{{ relation.schema }}'
      and {{ kind }}_name = '{{ relation.identifier }}'
  {%- endset -%}
  {%- set comments = {} -%}
  {%- for row in run_query(query).rows -%}
    {%- do comments.update({row[0]: row[1]}) -%}
  {%- endfor -%}
  {{- return(comments) -}}
{%- endmacro %}
