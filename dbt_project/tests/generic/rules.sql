{#-
    Every rule of one model in one query (dbt_project/README.md, "Data
    tests"). A model's YAML declares them in one `rules` test:

      columns:   {<column>: [<rule>, ...]}, a rule being
                 not_null | unique | {accepted_values: [..]} |
                 {accepted_values: {values: [..], quote: false}} |
                 {value_between: [min, max]} |
                 {relationships: "ref('parent')"} |
                 {relationships: {to: "ref('parent')", field: <parent column>}}
      keys:      [<rule>, ...] over several columns:
                 {unique: [<column>, ...]} |
                 {relationships: {to: "ref('parent')", columns: [..],
                                  fields: [..], where: "<condition>"}}

    Each returned row is one finding: the model, the column(s), the rule,
    what it expects, the failing value and how many rows hold it. No row:
    the test passes. A rule's semantics are those of dbt's test of the same
    name: accepted_values and value_between let NULL pass, unique and
    relationships ignore NULL, a unique key counts NULL as a value.

    Which rows are read (macros/test_scope.sql): on a model built by year,
    the rules on single rows (not_null, accepted_values, value_between,
    relationships, a unique key with fiscal_year) read the rebuilt years
    only; `unique` on one column and a key without fiscal_year read every
    row. The test's `where` config, if any, applies to every rule.
-#}
{% test rules(model, columns={}, keys=[]) %}
{%- set whole = '(select * from ' ~ model ~ ')' -%}
{%- set rebuilt = whole -%}
{%- if tested_model_is_built_by_year() -%}
    {%- set rebuilt = '(select * from ' ~ model ~ ' where ' ~ rebuilt_years_condition() ~ ')' -%}
{%- endif -%}
{%- set checks = [] -%}
{%- for column, column_rules in columns.items() -%}
    {%- for rule in column_rules -%}
        {%- set kind, options = rule_kind(rule, column) -%}
        {%- if kind == 'not_null' -%}
            {%- do checks.append(rule_not_null(column, rebuilt)) -%}
        {%- elif kind == 'unique' -%}
            {%- do checks.append(rule_unique([column], whole)) -%}
        {%- elif kind == 'accepted_values' -%}
            {%- do checks.append(rule_accepted_values(column, options, rebuilt)) -%}
        {%- elif kind == 'value_between' -%}
            {%- do checks.append(rule_value_between(column, options, rebuilt)) -%}
        {%- elif kind == 'relationships' -%}
            {#- a ref renders to a relation, itself a mapping: the longer form is the one with `to` -#}
            {%- set long_form = options is mapping and 'to' in options -%}
            {%- set parent = options.to if long_form else options -%}
            {%- set field = options.get('field', column) if long_form else column -%}
            {%- do checks.append(rule_relationships([column], parent, [field], none, rebuilt)) -%}
        {%- else -%}
            {%- do rule_unknown(kind, column) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- for rule in keys -%}
    {%- set kind, options = rule_kind(rule, 'keys') -%}
    {%- if kind == 'unique' -%}
        {%- do checks.append(rule_unique(options, rebuilt if 'fiscal_year' in options else whole)) -%}
    {%- elif kind == 'relationships' -%}
        {%- set fields = options.get('fields', options.columns) -%}
        {%- do checks.append(rule_relationships(options.columns, options.to, fields, options.get('where'), rebuilt)) -%}
    {%- else -%}
        {%- do rule_unknown(kind, 'keys') -%}
    {%- endif -%}
{%- endfor %}

select
    '{{ tested_model_name() }}' as model_name,
    column_name,
    rule,
    expected,
    failing_value,
    failing_rows
from (
    {%- for check in checks %}
    {% if not loop.first %}union all
    {% endif -%}
    ({{ check }})
    {%- else %}
    select
        cast(null as varchar) as column_name,
        cast(null as varchar) as rule,
        cast(null as varchar) as expected,
        cast(null as varchar) as failing_value,
        0 as failing_rows
    where false
    {%- endfor %}
) as findings

{% endtest %}
