-- Fråga: Vad kostar en deltagare i de olika förbunden, år för år?
--
-- Så läser du svaret: en rad per förbund och år där kostnaden per deltagare
-- går att räkna, dvs. årets totala kostnader (utfall) delat med antalet
-- deltagare som var inskrivna under året. Beloppen är hela kronor.
-- kostnad_individinsatser_per_deltagare_kr räknar bara kostnaderna för
-- individinriktade insatser och är den jämförelse som påverkas minst av hur
-- mycket förbundet lägger på strukturinsatser och administration.
-- skillnad_mot_median_kr jämför med medianen för alla förbund samma år (0 när
-- bara ett förbund har siffran det året); rang_lagst_kostnad 1 är lägst kostnad.
-- Saknas ett förbund eller år har dokumenten inte gett både kostnader och
-- antal deltagare: se analyst.forbund_ar.
--
-- Kör: .venv/bin/finsam sql < docs/queries/01_kostnad_per_deltagare.sql

with

kostnader as (

    select
        forbund_id,
        rakenskapsar,
        totala_kostnader_kr,
        antal_deltagare,
        kostnad_per_deltagare_kr,
        kostnad_individinsatser_per_deltagare_kr
    from analyst.kostnad_per_deltagare
    where kostnad_per_deltagare_kr is not null

),

forbund as (

    select
        forbund_id,
        rakenskapsar,
        forbund_namn
    from analyst.forbund

)

select
    kostnader.rakenskapsar,
    forbund.forbund_namn,
    kostnader.totala_kostnader_kr,
    kostnader.antal_deltagare,
    kostnader.kostnad_per_deltagare_kr,
    kostnader.kostnad_individinsatser_per_deltagare_kr,
    kostnader.kostnad_per_deltagare_kr
    - median(kostnader.kostnad_per_deltagare_kr) over (partition by kostnader.rakenskapsar)
        as skillnad_mot_median_kr,
    rank() over (
        partition by kostnader.rakenskapsar order by kostnader.kostnad_per_deltagare_kr
    ) as rang_lagst_kostnad
from kostnader
inner join forbund
    on
        kostnader.forbund_id = forbund.forbund_id
        and kostnader.rakenskapsar = forbund.rakenskapsar
order by kostnader.rakenskapsar, kostnader.kostnad_per_deltagare_kr;
