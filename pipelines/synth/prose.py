"""Running text for the generated documents, written for this generator (no sentence is taken from
a real document). It names the federation and its members, as real text does, and states no figure
except where a fact says so."""

from __future__ import annotations

import random
import textwrap

from pipelines.synth.federations import Federation

WIDTH = 96


def _members_sentence(federation: Federation) -> str:
    towns = [member.name.removesuffix(" kommun") for member in federation.municipalities]
    listed = towns[0] if len(towns) == 1 else ", ".join(towns[:-1]) + " och " + towns[-1]
    noun = "kommun" if len(towns) == 1 else "kommuner"
    return (
        f"Förbundets medlemmar är Försäkringskassan, Arbetsförmedlingen, {federation.region.name} "
        f"samt {listed} {noun}."
    )


_PLAN_TEXT = (
    "{name} arbetar för att personer som behöver stöd från flera myndigheter samtidigt ska få det "
    "samordnat och närma sig arbete eller studier.",
    "Planen beskriver vilka insatser styrelsen vill finansiera under {year} och hur pengarna fördelas "
    "mellan styrelse, kansli och insatser.",
    "Insatserna följs upp under året och styrelsen får en ekonomisk rapport vid varje sammanträde.",
    "Förbundet prioriterar unga vuxna, personer med långvarig sjukskrivning och personer som står långt "
    "från arbetsmarknaden.",
)
_REPORT_TEXT = (
    "Under {year} har förbundet fortsatt att finansiera insatser där parterna arbetar tillsammans "
    "kring individen.",
    "Styrelsen har sammanträtt regelbundet och följt verksamheten genom rapporter från kansliet och "
    "från insatsernas styrgrupper.",
    "Arbetet med att utveckla uppföljningen av deltagarnas stegförflyttningar har fortsatt under året.",
    "Kansliet har deltagit i regionala och nationella nätverk för samordningsförbund.",
)


def wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH)


def plan_paragraphs(federation: Federation, year: int, adopted: str, rng: random.Random) -> list[str]:
    lines = [federation.name, "", f"Verksamhetsplan {year}, plan {year + 1}–{year + 2}", ""]
    lines += [f"Beslutad {adopted.replace('-', '.')}", "", "1. Inledning", ""]
    chosen = rng.sample(_PLAN_TEXT, rng.randint(2, len(_PLAN_TEXT)))
    for sentence in [_members_sentence(federation), *chosen]:
        lines += wrap(sentence.format(name=federation.name, year=year)) + [""]
    return lines


def report_paragraphs(federation: Federation, year: int, rng: random.Random) -> list[str]:
    chosen = rng.sample(_REPORT_TEXT, rng.randint(2, len(_REPORT_TEXT)))
    lines: list[str] = []
    for sentence in [_members_sentence(federation), *chosen]:
        lines += wrap(sentence.format(name=federation.name, year=year)) + [""]
    return lines
