-- Every fact key has exactly one current version, and only the current version
-- has no superseded_by.

select
    fact_key,
    count(*) filter (where is_current) as current_versions,
    count(*) filter (where not is_current and superseded_by is null) as unexplained_superseded
from {{ ref('fct_fact_versions') }}
group by fact_key
having
    count(*) filter (where is_current) <> 1
    or count(*) filter (where not is_current and superseded_by is null) > 0
