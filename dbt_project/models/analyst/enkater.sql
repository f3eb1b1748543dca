-- Enkätsvar (marts.fct_surveys), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

{{ analyst_fact_view('fct_surveys', 'survey') }}
