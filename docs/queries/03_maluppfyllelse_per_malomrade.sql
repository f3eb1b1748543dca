-- Fråga: Hur väl når förbunden sina mål inom varje målområde?
--
-- Så läser du svaret: en rad per förbund, år och målområde (Individen,
-- Utveckling, Arbetssätt = arbetssätt och samverkan, Ekonomi, Övrigt), och
-- en rad "alla" per förbund och år som är
-- samma siffra som analyst.maluppfyllelse. maluppfyllelse_procent =
-- (uppfyllda + 0,5 × delvis uppfyllda) / bedömda × 100. Indikatorer utan
-- utfall och bedömning (antal_okanda) räknas inte som bedömda; NULL betyder
-- att inget i målområdet gick att bedöma. Varje indikator med målvärde och
-- utfall: select * from analyst.maluppfyllelse_per_indikator.
--
-- Kör: .venv/bin/finsam sql < docs/queries/03_maluppfyllelse_per_malomrade.sql

with

indikatorer as (

    select
        forbund_id,
        rakenskapsar,
        malomrade,
        uppfyllelse
    from analyst.maluppfyllelse_per_indikator

),

raknade as (

    select
        forbund_id,
        rakenskapsar,
        coalesce(malomrade, 'alla') as malomrade,
        count(*) as antal_indikatorer,
        count(*) filter (where uppfyllelse = 'uppfylld') as antal_uppfyllda,
        count(*) filter (where uppfyllelse = 'delvis uppfylld') as antal_delvis_uppfyllda,
        count(*) filter (where uppfyllelse = 'ej uppfylld') as antal_ej_uppfyllda,
        count(*) filter (where uppfyllelse = 'okänd') as antal_okanda
    from indikatorer
    group by grouping sets ((forbund_id, rakenskapsar, malomrade), (forbund_id, rakenskapsar))

)

select
    forbund_id,
    rakenskapsar,
    malomrade,
    antal_indikatorer,
    antal_uppfyllda,
    antal_delvis_uppfyllda,
    antal_ej_uppfyllda,
    antal_okanda,
    cast(
        round(
            100 * (antal_uppfyllda + 0.5 * antal_delvis_uppfyllda)
            / nullif(antal_uppfyllda + antal_delvis_uppfyllda + antal_ej_uppfyllda, 0),
            2
        ) as decimal(18, 2)
    ) as maluppfyllelse_procent
from raknade
order by forbund_id, rakenskapsar, malomrade = 'alla', malomrade;
