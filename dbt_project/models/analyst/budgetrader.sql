-- Budgetrader: budget, plan och utfall (marts.fct_budget_lines), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

{{ analyst_fact_view('fct_budget_lines', 'budget_line') }}
