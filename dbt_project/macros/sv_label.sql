{#-
    The Swedish word for a code value (seeds/value_labels.csv), for the analyst
    views: scenario outcome reads "utfall", goal area working_methods
    "Arbetssätt". A value the seed does not know is shown as it is.
-#}
{% macro sv_label(domain, column) -%}
    coalesce(
        (
            select value_labels.label_sv
            from {{ ref('value_labels') }} as value_labels
            where value_labels.domain = '{{ domain }}' and value_labels.value = {{ column }}
        ),
        {{ column }}
    )
{%- endmacro %}
