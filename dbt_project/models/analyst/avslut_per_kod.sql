-- Avslut per avslutskod (marts.fct_outcomes), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

{{ analyst_fact_view('fct_outcomes', 'outcome', reconciled=true) }}
