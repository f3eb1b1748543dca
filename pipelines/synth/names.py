"""Fictional Swedish-looking place names, composed from parts, and the contract's slugs.

Names are made, not listed, so 80 federations get some 300 distinct municipalities
without borrowing a real one's identity; the few compositions that are real places
are refused.
"""

from __future__ import annotations

import random

from pipelines.extract.label_text import slugify

_HEADS = (
    "Norr", "Söder", "Väster", "Öster", "Älv", "Sjö", "Berg", "Skog", "Fjäll", "Lund", "Hög", "Lid",
    "Ström", "Ås", "Hed", "Myr", "Tall", "Björk", "Gran", "Sand", "Sten", "Bäck", "Kors", "Lill",
    "Ny", "Ek", "Lind", "Ask", "Rön", "Ljung", "Mossa", "Kvarn", "Hägg", "Sälg", "Tjärn", "Hjort",
    "Ulv", "Örn", "Rävs", "Lo", "Forsa", "Hav", "Öre", "Rask", "Vind", "Mal", "Kall", "Varm",
)  # fmt: skip
_TAILS = (
    "dalen", "vik", "å", "by", "sjö", "berg", "mark", "holm", "näs", "fors", "hamn", "torp", "köping",
    "lunda", "ås", "ryd", "sund", "bo", "ed", "målen", "tuna", "stad", "hult", "åker", "fjärden",
    "bygden", "sele", "vattnet", "heden", "liden",
)  # fmt: skip
# Compositions that are real municipalities or well-known towns: never used.
_REAL = {
    "Älvdalen", "Sjöbo", "Lund", "Ljungby", "Lindesberg", "Hedemora", "Sandviken", "Strömsund", "Ånge",
    "Norrköping", "Söderköping", "Nyköping", "Ekerö", "Bergsjö", "Storuman", "Sorsele", "Malå", "Åsele",
    "Lycksele", "Skellefteå", "Sollefteå", "Norsjö", "Sundsvall", "Örnsköldsvik", "Askersund", "Eksjö",
    "Nybro", "Hjortkvarn", "Lidköping", "Falköping", "Köping", "Sandhamn", "Ljungdalen", "Bergby",
    "Lidby", "Malmberget", "Östersund", "Östhammar", "Söderhamn", "Norrtälje", "Forshaga", "Kalix",
    "Lindås", "Hudiksvall", "Byske", "Norrfjärden", "Storvik", "Ekby", "Grantorp", "Vindeln", "Sandsjö",
}  # fmt: skip


def place_name(rng: random.Random, taken: set[str]) -> str:
    """A new place name (`Ljungvik`, `Tjärnheden`) not in `taken`, not a real place, slug unique too."""
    slugs = {slugify(name) for name in taken}
    while True:
        head, tail = rng.choice(_HEADS), rng.choice(_TAILS)
        if head[-1] == tail[0]:
            continue
        name = head + tail
        if name not in _REAL and name not in taken and slugify(name) not in slugs:
            taken.add(name)
            return name


def member_slug(name: str) -> str:
    """`Ljungvik kommun` → `ljungvik`, `Region Västerbotten` → `region_vasterbotten`, as in seeds/."""
    return slugify(name.removesuffix(" kommun"))
