"""Table rows: cell spans and column kinds from header cells.

A markdown/pipe table row (``| Irritability | 0.87 | Large | <0.0001 |``) is one
unit. Its numbers take their kind from the header cell above them: a ``p``
column makes ``<0.001`` a p value, a ``d'`` column makes ``0.80`` an effect size.
Header cues live in ``quantity_cues.json`` (``header_cues``).
"""

from __future__ import annotations

import logging
import re

from claimnlp.quantities.grammar import get_grammar

logger = logging.getLogger(__name__)

_PAREN = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*")
_SEP_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def table_row_cells(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the cells of a pipe-table row, relative to ``text``.

    Cell spans are stripped of surrounding whitespace; an empty cell gives an empty
    span at its position so that cells line up with header cells. Leading and
    trailing pipes are optional; a text without ``|`` is one cell.

    >>> t = "| Irritability | 0.87 |"
    >>> [t[s:e] for s, e in table_row_cells(t)]
    ['Irritability', '0.87']
    """
    bars = [i for i, ch in enumerate(text) if ch == "|" and (i == 0 or text[i - 1] != "\\")]
    if not bars:
        s, e = _strip(text, 0, len(text))
        return [(s, e)]
    edges = [-1] + bars + [len(text)]
    cells = []
    for a, b in zip(edges, edges[1:]):
        s, e = a + 1, b
        if a == -1 and not text[:b].strip():
            continue  # before a leading pipe
        if b == len(text) and not text[s:].strip():
            continue  # after a trailing pipe
        cells.append(_strip(text, s, e))
    return cells


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def is_separator_row(text: str) -> bool:
    """True for a markdown header separator row such as ``|---|:---:|``."""
    return bool(_SEP_ROW.match(text))


def column_kind(header_cell: str, *, data_dir: str | None = None) -> str | None:
    """The :class:`claimnlp.schema.QuantityKind` value a header cell implies, or None.

    Matching is case-insensitive on the whole cell, then on the cell without a
    parenthesised part (``Effect Size (d')`` -> ``effect size``), then on the
    parenthesised part alone (``Effect Size (d')`` -> ``d'``), then on the last
    word. ``p``, ``p-value``, ``P value`` give ``p_value``; ``d'``, ``Cohen's d``,
    ``Effect size`` give ``effect_size``; ``OR (95% CI)`` gives ``ratio``.
    """
    cues = get_grammar(data_dir).header_cues
    h = " ".join(header_cell.strip().strip("*_`").lower().split())
    if not h:
        return None
    tries = [h, _PAREN.sub(" ", h).strip()]
    tries += [m.strip() for m in re.findall(r"[(\[]([^()\[\]]*)[)\]]", h)]
    words = tries[1].split()
    if words:
        tries.append(words[-1])
        tries.append(words[0])
    for t in tries:
        t = t.strip(" :.")
        if t in cues:
            return cues[t]
    return None
