-- Antal deltagare, totalt, per kön och per åldersgrupp (marts.fct_participants), med svenska
-- kolumnnamn och kodens svenska benämning (seeds/codes.csv).

{{ analyst_fact_view('fct_participants', 'participants', reconciled=true) }}
