-- Fråga: Hur har det egna kapitalet utvecklats mot den nationella
-- rekommendationen?
--
-- Så läser du svaret: en rad per förbund och år. eget_kapital_procent är eget
-- kapital vid årets slut i procent av årets medlemsbidrag (staten, regionen och
-- kommunerna; aldrig ESF-medel). Rekommendationen är högst
-- rekommenderat_max_procent (20 %). over_rekommendation_procentenheter > 0
-- betyder att förbundet ligger över rekommendationen, och
-- over_rekommendation_kr är hur många kronor det egna kapitalet är större än
-- den rekommenderade nivån (negativt: under). forandring_procentenheter
-- jämför med förbundets föregående år i tabellen (NULL för det första året).
-- soliditet_procent = eget kapital / summa tillgångar.
--
-- Kör: .venv/bin/finsam sql < docs/queries/02_eget_kapital_mot_rekommendationen.sql

with

eget_kapital as (

    select
        forbund_id,
        rakenskapsar,
        eget_kapital_kr,
        medlemsbidrag_kr,
        eget_kapital_procent,
        rekommenderat_max_procent,
        over_rekommendation,
        soliditet_procent
    from analyst.eget_kapital
    where eget_kapital_procent is not null

)

select
    forbund_id,
    rakenskapsar,
    eget_kapital_kr,
    medlemsbidrag_kr,
    eget_kapital_procent,
    rekommenderat_max_procent,
    over_rekommendation,
    eget_kapital_procent - rekommenderat_max_procent as over_rekommendation_procentenheter,
    cast(round(eget_kapital_kr - medlemsbidrag_kr * rekommenderat_max_procent / 100) as decimal(18, 0))
        as over_rekommendation_kr,
    eget_kapital_procent
    - lag(eget_kapital_procent) over (partition by forbund_id order by rakenskapsar)
        as forandring_procentenheter,
    soliditet_procent
from eget_kapital
order by forbund_id, rakenskapsar;
