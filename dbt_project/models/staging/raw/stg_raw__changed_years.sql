-- The fiscal years the raw layer's load changed. The table is looked up
-- before it is read: a warehouse loaded without it builds every year.
{%- set changed_years = source('raw', 'changed_years') %}
{%- set missing = not relation_exists(changed_years) %}
{%- if missing %}

    select
        cast(null as integer) as fiscal_year,
        true as every_year

{%- else %}

    select distinct
        cast(fiscal_year as integer) as fiscal_year,
        false as every_year
    from {{ changed_years }}

{%- endif %}
