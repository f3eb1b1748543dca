"""Fictional federations and their members, written as the landing root's federations.csv and members.csv.

Every federation has the statutory members: Försäkringskassan and Arbetsförmedlingen
(state), one region, and one to six municipalities, whose shares of the municipal
quarter follow a fixed population weight.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipelines.extract.label_text import fold, slugify
from pipelines.synth.names import member_slug, place_name

REAL_FEDERATIONS = ("sodra_lappland", "skelleftea_norsjo", "solleftea")
FEDERATION_COLUMNS = ("federation_id", "name_sv", "county", "founded", "chief_fte_pct", "board_members")
MEMBER_COLUMNS = ("federation_id", "member_id", "name_sv", "member_type", "valid_from", "valid_to")
REGIONS = (
    ("Stockholm", "Region Stockholm"), ("Uppsala", "Region Uppsala"), ("Södermanland", "Region Sörmland"),
    ("Östergötland", "Region Östergötland"), ("Jönköping", "Region Jönköpings län"),
    ("Kronoberg", "Region Kronoberg"), ("Kalmar", "Region Kalmar län"), ("Gotland", "Region Gotland"),
    ("Blekinge", "Region Blekinge"), ("Skåne", "Region Skåne"), ("Halland", "Region Halland"),
    ("Värmland", "Region Värmland"), ("Örebro", "Region Örebro län"), ("Västmanland", "Region Västmanland"),
    ("Dalarna", "Region Dalarna"), ("Gävleborg", "Region Gävleborg"),
    ("Västernorrland", "Region Västernorrland"), ("Jämtland", "Region Jämtland Härjedalen"),
    ("Västerbotten", "Region Västerbotten"), ("Norrbotten", "Region Norrbotten"),
)  # fmt: skip
INTERVENTIONS = (
    "Samordningsfunktion", "Steg mot arbete", "Unga vuxna i rörelse", "Arbetsträning i samverkan",
    "Hälsoinriktad rehabilitering", "Språk och jobb", "Vägen framåt", "Individstöd IPS", "Aktivitetshuset",
    "Kompetensbron", "Nya vägar", "Friskvårdslotsen", "Samverkansteam", "Motivationslyftet", "Jobbspåret",
    "Ung framtid", "Lotsfunktion", "Kartläggningsteamet", "Trappan", "Brobyggarna", "Hälsoslingan",
    "Stegvis", "Mötesplatsen", "Växtverket", "Resursteam unga", "Arbetslivsbron",
)  # fmt: skip
_SIDES = ("Norra", "Södra", "Västra", "Östra", "Mellersta", "Övre", "Nedre")


@dataclass(frozen=True)
class Member:
    member_id: str
    name: str
    member_type: str  # state | region | municipality


@dataclass(frozen=True)
class Federation:
    federation_id: str
    name: str  # Samordningsförbundet …
    short: str  # the part a document names it by
    county: str
    founded: date
    chief_fte_pct: int
    board_members: int
    region: Member
    municipalities: tuple[Member, ...]
    weights: tuple[int, ...]  # population weight per municipality: shares of the municipal quarter
    interventions: tuple[str, ...]
    base_quarter_tkr: int  # a quarter of the first history year's member contributions, in tkr
    ref_prefix: str  # participant_ref prefix

    @property
    def members(self) -> tuple[Member, ...]:
        state = (
            Member("forsakringskassan", "Försäkringskassan", "state"),
            Member("arbetsformedlingen", "Arbetsförmedlingen", "state"),
        )
        return (*state, self.region, *self.municipalities)


def make_federations(count: int, seed: int, first_year: int) -> list[Federation]:
    """`count` federations, distinct by id, name and folded name (none inside another), none real."""
    rng = random.Random(f"{seed}:federations")
    places: set[str] = set()
    federations: list[Federation] = []
    shorts: list[str] = []
    while len(federations) < count:
        federation = _federation(rng, places, first_year)
        folded = fold(federation.short)
        if federation.federation_id in REAL_FEDERATIONS or any(
            folded in other or other in folded for other in shorts
        ):
            continue
        shorts.append(folded)
        federations.append(federation)
    return sorted(federations, key=lambda federation: federation.federation_id)


def _federation(rng: random.Random, places: set[str], first_year: int) -> Federation:
    county, region_name = rng.choice(REGIONS)
    count = rng.choices((1, 2, 3, 4, 5, 6), weights=(20, 25, 20, 15, 12, 8))[0]
    towns = [place_name(rng, places) for _ in range(count)]
    # Named after an area, not after a single member: a report's row `X kommun` that begins with the
    # federation's name is taken for a page header by the extractor (`Samordningsförbundet i X`).
    short = f"{towns[0]}-{towns[1]}" if count == 2 else f"{rng.choice(_SIDES)} {place_name(rng, places)}"
    name = f"Samordningsförbundet {short}"
    founded = date(2004, 1, 1) + timedelta(
        days=rng.randrange((date(first_year - 2, 12, 31) - date(2004, 1, 1)).days)
    )
    municipalities = tuple(Member(member_slug(town), f"{town} kommun", "municipality") for town in towns)
    letters = "".join(word[0] for word in slugify(short).split("_")).upper()
    return Federation(
        federation_id=slugify(short),
        name=name,
        short=short,
        county=county,
        founded=founded,
        chief_fte_pct=rng.choice((50, 75, 80, 100, 100, 100)),
        board_members=2 + 2 * count if count > 1 else rng.choice((4, 5, 6)),
        region=Member(member_slug(region_name), region_name, "region"),
        municipalities=municipalities,
        weights=tuple(rng.randint(3, 40) for _ in towns),
        interventions=tuple(rng.sample(INTERVENTIONS, rng.randint(3, 7))),
        base_quarter_tkr=rng.randint(330, 650) + count * rng.randint(40, 160),
        ref_prefix=(letters + "X")[:2] if len(letters) < 2 else letters[:3],
    )


def write_reference(federations: list[Federation], landing: Path) -> None:
    """federations.csv and members.csv at the landing root, columns as in seeds/."""
    with (landing / "federations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FEDERATION_COLUMNS)
        for f in federations:
            writer.writerow(
                (f.federation_id, f.name, f.county, f.founded.isoformat(), f.chief_fte_pct, f.board_members)
            )
    with (landing / "members.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MEMBER_COLUMNS)
        for f in federations:
            for member in f.members:
                writer.writerow(
                    (f.federation_id, member.member_id, member.name, member.member_type, f.founded, "")
                )
