-- Bokslutsposter ur årsredovisningarna (marts.fct_statements), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

{{ analyst_fact_view('fct_statements', 'statement') }}
