{#-
    numerator / denominator * factor, rounded half away from zero (half up for
    the non-negative figures we report) to `scale` decimals, computed in
    integers so that money and percentages never pass through a float.
    Inputs carry at most two decimals (raw value is decimal(18,2)).
    NULL when either side is NULL or the denominator is 0.
-#}
{% macro exact_ratio(numerator, denominator, factor=100, scale=2) -%}
    {%- set num = "cast(round(cast(" ~ numerator ~ " as decimal(38, 2)) * 100) as hugeint)" -%}
    {%- set den = "cast(round(cast(" ~ denominator ~ " as decimal(38, 2)) * 100) as hugeint)" -%}
    {%- set multiplier = factor * (10 ** scale) -%}
    case
        when ({{ numerator }}) is null or ({{ denominator }}) is null or ({{ denominator }}) = 0 then null
        else cast(
            cast(
                sign({{ num }}) * sign({{ den }})
                * ((abs({{ num }}) * {{ multiplier }} * 2 + abs({{ den }})) // (2 * abs({{ den }})))
                as decimal(38, 0)
            ){% if scale > 0 %} * {{ '0.' ~ ('0' * (scale - 1)) ~ '1' }}{% endif %}
            as decimal(18, {{ scale }})
        )
    end
{%- endmacro %}

{#- Whole kronor, rounded half away from zero; money never passes through a float. -#}
{% macro whole_kronor(expression) -%}
    cast(round(cast({{ expression }} as decimal(38, 2)), 0) as decimal(18, 0))
{%- endmacro %}

{#- The fact key: record_type|federation_id|fiscal_year|scenario|code|item. -#}
{% macro fact_key(prefix='') -%}
    concat_ws(
        '|',
        {{ prefix }}record_type,
        {{ prefix }}federation_id,
        cast({{ prefix }}fiscal_year as varchar),
        {{ prefix }}scenario,
        {{ prefix }}code,
        {{ prefix }}item
    )
{%- endmacro %}
