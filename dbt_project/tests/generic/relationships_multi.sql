{#-
    Every combination of from_columns (all non-null) exists as to_columns in
    `to`: a relationships test on a composite key, e.g. (record_type, code) in
    the codes seed.
-#}
{% test relationships_multi(model, to, from_columns, to_columns) %}

with

child as (

    select distinct {{ from_columns | join(', ') }}
    from {{ model }}
    where
        {% for column in from_columns -%}
            {{ column }} is not null{% if not loop.last %} and {% endif %}
        {%- endfor %}

),

parent as (

    select distinct {{ to_columns | join(', ') }}
    from {{ to }}

)

select child.*
from child
left join parent
    on
        {% for column in from_columns -%}
            child.{{ column }} = parent.{{ to_columns[loop.index0] }}{% if not loop.last %} and {% endif %}
        {%- endfor %}
where parent.{{ to_columns[0] }} is null

{% endtest %}
