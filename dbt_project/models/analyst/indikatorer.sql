-- Målvärden, utfall och bedömningar per indikator (marts.fct_indicators), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

{{ analyst_fact_view('fct_indicators', 'indicator') }}
