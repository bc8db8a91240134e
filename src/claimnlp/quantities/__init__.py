"""Quantities: numbers, units, ranges and statistics in health text.

Public API
----------
parse_quantities(text, *, offset=0, column_kinds=None, cell_spans=None) -> list[Quantity]
column_kind(header_cell) -> str | None
table_row_cells(text) -> list[tuple[int, int]]
load_quantity_lexicon(data_dir=None) -> QuantityLexicon

Pure functions, no spaCy import (the optional spaCy component lives in
``claimnlp.quantities.component``). See ``parser.py`` for the method.

Conventions (shared/eval/ANNOTATION.md, plus these decisions)
--------------------------------------------------------------
* Ranges keep ``low``/``high`` and ``value=None``; never collapsed.
* Span: qualifier + currency + number(s) + unit (+ count noun); ``p``/``n``
  cues are inside the span (``p<0.001``, ``n=46``), ``between``/``from`` too when
  they open a range; other cues (``aged``, ``RR``, ``Cohen's d``) are not.
* Units: UCUM codes (``mg/kg``, ``mL/kg/h``, ``mg/m2``, ``[iU]``, ``ug``, ``a`` for
  years), ISO 4217 for money, ``1`` for counts, scores and ratios. Schedules
  written after a dose are rates (``1,000 mg daily`` -> ``mg/d``); frequencies
  are ``/d`` etc. for "N times a day"/"once per month", and the period itself for
  "every 3-6 weeks" / "4-6 weekly" (``wk``). ``10g/100ml`` -> 10 ``g/dL``.
* Kinds: population nouns make sample sizes ("12 children"), "4 of the 5" is a
  count and a sample size, "one in five" is a ratio (0.2), fractions and
  "N times"/"-fold" are ratios, lab values (mg/dL, ug/L) are measurements and
  product strengths (a "10 mg/mL solution", "16% IgG") concentrations, signed or
  decimal numbers without a unit are measurements, ``zero`` is ``other``.
* Not quantities: list markers, citation years, decades, reference numbers,
  DOIs, URLs, e-mails, phone numbers, trial IDs, dates and times, allocation
  ratios (2:1), labels (type 2, phase 3, Table 1, IL-6, chemical locants).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from claimnlp.model import Quantity
from claimnlp.quantities.lexicon import QuantityLexicon, QuantityLexiconError, load_quantity_lexicon
from claimnlp.quantities.parser import parse_text, shift
from claimnlp.quantities.tables import column_kind, is_separator_row, table_row_cells

logger = logging.getLogger(__name__)

__all__ = [
    "parse_quantities", "column_kind", "table_row_cells", "is_separator_row", "load_quantity_lexicon",
    "QuantityLexicon", "QuantityLexiconError", "Quantity",
]


def parse_quantities(text: str, *, offset: int = 0, column_kinds: Sequence[str | None] | None = None,
                     cell_spans: Sequence[tuple[int, int]] | None = None) -> list[Quantity]:
    """Find the quantities in one text unit.

    Parameters
    ----------
    text
        One unit: a sentence, list item, heading or table row.
    offset
        Added to every offset, so that ``Quantity.start``/``end`` index the document
        (``q.text == text[q.start - offset:q.end - offset]``).
    column_kinds
        For a table row: one kind (or None) per cell, from
        :func:`column_kind` applied to the header cells.
    cell_spans
        For a table row: the cells' ``(start, end)`` spans relative to ``text``
        (see :func:`table_row_cells`). When given, each cell is parsed alone and
        numbers in a cell whose column has a kind take that kind.

    Returns
    -------
    list of Quantity
        Sorted by start offset; never overlapping.
    """
    if not text:
        return []
    if cell_spans is None:
        return parse_text(text, offset=offset)
    out: list[Quantity] = []
    kinds = list(column_kinds or [])
    for i, (s, e) in enumerate(cell_spans):
        if not (0 <= s <= e <= len(text)) or s == e:
            continue
        kind = kinds[i] if i < len(kinds) else None
        for q in parse_text(text[s:e], offset=0, forced_kind=kind):
            out.append(shift(q, offset + s))
    out.sort(key=lambda q: (q.start, q.end))
    return out
