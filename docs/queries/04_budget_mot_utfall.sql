-- Fråga: Var skiljer sig utfallet mest från budgeten?
--
-- Så läser du svaret: de tio budgetrader per förbund och år där utfallet
-- avviker mest från budgeten i kronor, störst först. avvikelse_kr = utfall −
-- budget; kostnader och intäkter är belopp utan tecken, så en positiv
-- avvikelse på en kostnadsrad betyder att det kostade mer än budgeterat och på
-- en intäktsrad att intäkterna blev större. avvikelse_procent är avvikelsen i
-- procent av budgeten. Summarader (t.ex. total_costs, Summa kostnader) och
-- deras delar står bredvid varandra: läs summan först, sedan delarna. Bara
-- rader med både budget och utfall kommer med; alla rader:
-- select * from analyst.budget_mot_utfall.
--
-- Kör: .venv/bin/finsam sql < docs/queries/04_budget_mot_utfall.sql

with

avvikelser as (

    select
        forbund_id,
        rakenskapsar,
        kod,
        kod_benamning,
        post,
        budget_kr,
        utfall_kr,
        avvikelse_kr,
        avvikelse_procent
    from analyst.budget_mot_utfall

),

rangordnade as (

    select
        forbund_id,
        rakenskapsar,
        kod,
        kod_benamning,
        post,
        budget_kr,
        utfall_kr,
        avvikelse_kr,
        avvikelse_procent,
        row_number() over (
            partition by forbund_id, rakenskapsar order by abs(avvikelse_kr) desc, kod, post
        ) as rang
    from avvikelser

)

select
    forbund_id,
    rakenskapsar,
    rang,
    kod,
    kod_benamning,
    post,
    budget_kr,
    utfall_kr,
    avvikelse_kr,
    avvikelse_procent
from rangordnade
where rang <= 10
order by forbund_id, rakenskapsar, rang;
