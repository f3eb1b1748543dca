"""The vocabulary: the wordings federations use for a line, matched with OCR damage and close spellings."""

from __future__ import annotations

import pytest

from pipelines.extract.vocabulary import load_vocabulary
from tests.extract.tiny_documents import values_of


@pytest.mark.parametrize(
    ("kind", "label", "code"),
    [
        ("budget", "Lokalhyra", "premises_total"),
        ("budget", "Lokaler", "premises_total"),
        ("budget", "Hyra", "premises_total"),
        ("budget", "Medlemsavgifter", "contributions_total"),
        ("budget", "Driftsbidrag", "contributions_total"),
        ("budget", "Medlemsbidrag", "contributions_total"),
        ("budget", "Bidrag från Försäkringskassan", "contribution_state"),
        ("budget", "Staten", "contribution_state"),
        ("budget", "Landstinget", "contribution_region"),
        ("budget", "Västerbottens läns landsting", "contribution_region"),
        ("budget", "Region", "contribution_region"),
        ("budget", "Övriga administrativa kostnader", "admin_total"),
        ("budget", "varav revision", "admin_audit"),  # a part named after its mark, without its total
        ("exits", "Vidare till hälso- och sjukvården", "to_healthcare"),
        ("budget", "Forsdkringskassan", "contribution_state"),  # OCR damage
        ("budget", "SUMMA KOSTNADER", "total_costs"),  # case
        ("budget", "Summa kostnder", "total_costs"),  # a close spelling
    ],
)
def test_wordings_map_to_their_codes(kind, label, code):
    assert load_vocabulary().lookup(kind, label)[0].code == code


def test_a_close_spelling_never_turns_a_heading_into_a_total():
    """`Övriga kostnader` is one letter from lines the vocabulary knows, and is a heading: no code."""
    vocabulary = load_vocabulary()
    assert vocabulary.lookup("budget", "Övriga kostnader") == []
    assert vocabulary.lookup("budget", "Summa övriga kostnader") == []


def test_the_same_word_under_two_totals_is_decided_by_where_it_stands():
    vocabulary = load_vocabulary()
    assert vocabulary.lookup("budget", "Övrigt", under="board_total")[0].code == "board_other"
    assert vocabulary.lookup("budget", "Övrigt", under="admin_total")[0].code == "admin_other"
    assert vocabulary.lookup("budget", "Övrigt") == []  # alone it could be either: not guessed


def test_a_label_two_codes_share_is_decided_by_the_arithmetic():
    """`Finansiering från medlemmar` is the members' total in a plan and all income in a report."""
    values = values_of("Budget 2031\nFinansiering från medlemmar 600\n - Malå kommun 200\n - Staten 400")
    assert values[(2031, "budget", "contributions_total", "")] == 600000
