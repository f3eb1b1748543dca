{#- The pieces of the `rules` test (tests/generic/rules.sql): one SELECT per rule. -#}

{#- [kind, options] of a rule written as `kind` or `{kind: options}`. -#}
{% macro rule_kind(rule, where_declared) -%}
    {%- if rule is string -%}
        {%- do return([rule, none]) -%}
    {%- endif -%}
    {%- if rule is mapping and rule | length == 1 -%}
        {%- set kind = rule.keys() | first -%}
        {%- do return([kind, rule[kind]]) -%}
    {%- endif -%}
    {%- do exceptions.raise_compiler_error(
        'rules on ' ~ tested_model_name() ~ ', ' ~ where_declared ~ ': a rule is a name or {name: options}, not ' ~ rule
    ) -%}
{%- endmacro %}

{% macro rule_unknown(kind, where_declared) -%}
    {%- do exceptions.raise_compiler_error(
        'rules on ' ~ tested_model_name() ~ ', ' ~ where_declared ~ ": unknown rule '" ~ kind
        ~ "' (not_null, unique, accepted_values, value_between, relationships)"
    ) -%}
{%- endmacro %}

{#- A SQL string literal. -#}
{% macro rule_literal(text) -%}
    '{{ text | string | replace("'", "''") }}'
{%- endmacro %}

{#- The failing value(s) as text: `a` alone, `a=x, b=2024` for several columns. -#}
{% macro rule_value(columns) -%}
    {%- if columns | length == 1 -%}
        cast({{ columns[0] }} as varchar)
    {%- else -%}
        concat_ws(', '
        {%- for column in columns -%}
            , '{{ column }}=' || coalesce(cast({{ column }} as varchar), 'null')
        {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{% macro rule_finding(columns, rule, expected, value) -%}
    select
        {{ rule_literal(columns | join(', ')) }} as column_name,
        '{{ rule }}' as rule,
        {{ rule_literal(expected) }} as expected,
        {{ value }} as failing_value,
        count(*) as failing_rows
{%- endmacro %}

{% macro rule_not_null(column, rows) -%}
    {{ rule_finding([column], 'not_null', 'a value', 'cast(null as varchar)') }}
    from {{ rows }} as checked
    where {{ column }} is null
    having count(*) > 0
{%- endmacro %}

{% macro rule_unique(columns, rows) -%}
    {{ rule_finding(columns, 'unique', 'one row per value', rule_value(columns)) }}
    from {{ rows }} as checked
    {%- if columns | length == 1 %}
    where {{ columns[0] }} is not null
    {%- endif %}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{%- endmacro %}

{% macro rule_accepted_values(column, options, rows) -%}
    {%- set values = options.get('values') if options is mapping else options -%}
    {%- set quoted = options.get('quote', true) if options is mapping else true -%}
    {%- set listed = [] -%}
    {%- for value in values -%}
        {%- do listed.append(rule_literal(value) if quoted else value | string) -%}
    {%- endfor -%}
    {{ rule_finding([column], 'accepted_values', 'one of ' ~ values | join(', '), rule_value([column])) }}
    from {{ rows }} as checked
    where {{ column }} not in ({{ listed | join(', ') }})
    group by {{ column }}
{%- endmacro %}

{% macro rule_value_between(column, bounds, rows) -%}
    {{ rule_finding([column], 'value_between', 'from ' ~ bounds[0] ~ ' to ' ~ bounds[1], rule_value([column])) }}
    from {{ rows }} as checked
    where {{ column }} < {{ bounds[0] }} or {{ column }} > {{ bounds[1] }}
    group by {{ column }}
{%- endmacro %}

{% macro rule_relationships(columns, parent, fields, condition, rows) -%}
    {%- set parent_name = parent.identifier if parent.identifier is defined else parent -%}
    {%- set expected = 'in ' ~ parent_name ~ ' (' ~ fields | join(', ') ~ ')' ~ (' where ' ~ condition if condition else '') -%}
    {{ rule_finding(columns, 'relationships', expected, rule_value(columns)) }}
    from {{ rows }} as checked
    where
        {% for column in columns -%}
            {{ column }} is not null and
        {% endfor -%}
        {%- if condition -%}
            ({{ condition }}) and
        {% endif -%}
        not exists (
            select 1 from {{ parent }} as parent
            where
                {% for column in columns -%}
                    parent.{{ fields[loop.index0] }} = checked.{{ column }}{% if not loop.last %} and {% endif %}
                {%- endfor %}
        )
    group by {{ columns | join(', ') }}
{%- endmacro %}
