"""Pairing a block of labels with the blocks of figures OCR printed after them (placeholder)."""

from __future__ import annotations


def paired(table, document, vocabulary, lines):
    return table
