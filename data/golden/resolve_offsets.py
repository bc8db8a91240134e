"""Resolve gold claim units to character offsets in a run's ``documents.text``.

Gold for ``.txt``/``.md`` samples carries real offsets into the file content
(``Path(p).read_bytes().decode("utf-8")``, see ``shared/eval/ANNOTATION.md``).
Gold for ``.html`` and ``.jsonl`` samples is written against the *extracted*
text, which only the pipeline produces, so those units carry ``"start": null``
and ``"end": null`` and are located here by searching their ``text`` in
``documents.text``, in document order.

Matching, per unit:

1. units that already have offsets are checked against the document text at
   ``[start:end]`` and kept when they agree;
2. otherwise the unit text is searched exactly, from the end of the previous
   unit found in the same document (so repeated strings such as "No." resolve in
   order), then from the start of the document;
3. failing that, a whitespace-, pipe- and quote-tolerant pattern built from the
   unit's tokens is searched the same way (HTML extraction may render table
   cells, line breaks or entities differently).

Candidate documents for a gold ``doc`` name are those whose ``source`` base name
(without a ``#line`` suffix) equals it; a JSONL record with a ``url`` has the
URL as its source, so when no source matches, every document of the same
format is a candidate. A resolved unit's ``doc`` becomes the base name of the
matched document's ``source``, because that is how ``score.py`` pairs gold with
run output.

Used by ``tests/golden/test_golden.py``. Command line (authoring aid)::

    python data/golden/resolve_offsets.py fill data/golden/x.jsonl data/samples/x.txt

fills/checks the offsets of a ``.txt``/``.md`` sample's gold file in place.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT_OF_SUFFIX = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

_QUOTES = {"'": "['’‘`]", "’": "['’‘`]", "‘": "['’‘`]", '"': '["“”]', "“": '["“”]', "”": '["“”]',
           "–": "[-–—]", "—": "[-–—]", "-": "[-–—]"}
_SEP = r"[\s|]*"


class UnresolvedUnitError(ValueError):
    """Raised when non-optional gold units cannot be found in the documents."""

    def __init__(self, units: Sequence[Mapping[str, Any]]) -> None:
        self.units = list(units)
        lines = "\n".join(f"  {u.get('doc')}: {str(u.get('text'))[:90]!r}" for u in self.units)
        super().__init__(f"{len(self.units)} gold unit(s) not found in documents.text:\n{lines}")


def source_name(source: str) -> str:
    """Base name of a ``documents.source`` value, as ``score.py`` computes it."""
    return Path(str(source)).name


def _file_name(source: str) -> str:
    return Path(str(source).split("#", 1)[0]).name


def flexible_pattern(text: str) -> re.Pattern[str]:
    """A regex matching ``text`` with any whitespace/pipes between tokens and quote/dash variants.

    Parameters
    ----------
    text : str
        Unit text as annotated.

    Returns
    -------
    re.Pattern
        Compiled pattern; tokens are runs of word characters or single other
        characters, pipes are treated as separators.
    """
    tokens = re.findall(r"\w+|[^\w\s|]", text)
    if not tokens:
        raise ValueError(f"no tokens in {text!r}")
    parts = [_QUOTES.get(t, re.escape(t)) for t in tokens]
    return re.compile(_SEP.join(parts))


def _find(text: str, unit_text: str, cursor: int) -> tuple[int, int] | None:
    for start_at in (cursor, 0):
        i = text.find(unit_text, start_at)
        if i >= 0:
            return i, i + len(unit_text)
    pat = flexible_pattern(unit_text)
    for start_at in (cursor, 0):
        m = pat.search(text, start_at)
        if m:
            return m.start(), m.end()
    return None


def _rows(documents_df: Any) -> list[dict[str, Any]]:
    if hasattr(documents_df, "to_dict"):
        records = documents_df.to_dict("records")
    else:
        records = list(documents_df)
    out = []
    for i, r in enumerate(records):
        src = str(r["source"])
        fmt = r.get("format")
        if fmt is None or fmt != fmt:  # missing or NaN
            fmt = FORMAT_OF_SUFFIX.get(Path(src.split("#", 1)[0]).suffix.lower())
        out.append({"key": r.get("doc_id", i), "source": src, "text": str(r["text"]), "format": fmt})
    return out


def resolve(gold_units: Iterable[Mapping[str, Any]], documents_df: Any, *, strict: bool = True) -> list[dict[str, Any]]:
    """Give every gold unit real offsets into ``documents.text``.

    Parameters
    ----------
    gold_units : iterable of dict
        Gold units in ANNOTATION.md format, in document order; ``start``/``end``
        may be null (HTML/JSONL samples).
    documents_df : pandas.DataFrame or iterable of dict
        Rows with ``source`` and ``text`` (and optionally ``doc_id``, ``format``),
        e.g. ``documents.parquet`` of a run.
    strict : bool
        Raise :class:`UnresolvedUnitError` when a non-optional unit is not found
        (optional units that are not found are always dropped, with a log line).

    Returns
    -------
    list of dict
        Copies of the units with ``doc``, ``start``, ``end`` and ``text`` set from
        the matched document, in input order (unresolved units left out).
    """
    docs = _rows(documents_df)
    cursors: dict[Any, int] = {}
    current: dict[str, Any] = {}  # gold doc name -> key of the document last matched
    out: list[dict[str, Any]] = []
    missing: list[Mapping[str, Any]] = []
    for unit in gold_units:
        name = str(unit["doc"])
        cands = [d for d in docs if _file_name(d["source"]) == name or source_name(d["source"]) == name]
        if not cands:
            fmt = FORMAT_OF_SUFFIX.get(Path(name).suffix.lower())
            cands = [d for d in docs if d["format"] == fmt] if fmt else []
        if name in current:  # keep reading the document we are in first
            cands.sort(key=lambda d: d["key"] != current[name])
        found = None
        start, end = unit.get("start"), unit.get("end")
        if start is not None and end is not None:
            for d in cands:
                if d["text"][int(start):int(end)] == unit["text"]:
                    found = (d, int(start), int(end))
                    break
        if found is None:
            for d in cands:
                span = _find(d["text"], str(unit["text"]), cursors.get(d["key"], 0))
                if span is not None:
                    found = (d, span[0], span[1])
                    break
        if found is None:
            if unit.get("optional"):
                logger.info("optional gold unit not found, dropped: %s %r", name, unit["text"])
            else:
                missing.append(unit)
            continue
        d, s, e = found
        cursors[d["key"]] = e
        current[name] = d["key"]
        new = dict(unit)
        new.update(doc=source_name(d["source"]), start=s, end=e, text=d["text"][s:e])
        out.append(new)
    if missing:
        if strict:
            raise UnresolvedUnitError(missing)
        logger.warning("%d non-optional gold units not found", len(missing))
    return out


def load_units(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Read gold units from JSONL files, in file order."""
    units: list[dict[str, Any]] = []
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                units.append(json.loads(line))
    return units


def write_units(units: Iterable[Mapping[str, Any]], path: str | Path) -> Path:
    """Write units as JSONL (one object per line, UTF-8, key order kept)."""
    path = Path(path)
    path.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    return path


def file_documents(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Documents for ``.txt``/``.md`` files: the text is the file content, as in ANNOTATION.md."""
    docs = []
    for p in paths:
        p = Path(p)
        fmt = FORMAT_OF_SUFFIX.get(p.suffix.lower())
        if fmt not in ("txt", "md"):
            raise ValueError(f"only .txt/.md files have offsets into their content: {p}")
        docs.append({"source": str(p), "text": p.read_bytes().decode("utf-8"), "format": fmt})
    return docs


def _fill(gold_path: str, sample_path: str) -> int:
    units = load_units([gold_path])
    for u in units:
        u["start"] = u["end"] = None
    resolved = resolve(units, file_documents([sample_path]))
    for u, r in zip(units, resolved):
        if r["text"] != u["text"]:
            raise SystemExit(f"inexact match for {u['text']!r}: {r['text']!r}")
    write_units(resolved, gold_path)
    return len(resolved)


if __name__ == "__main__":  # pragma: no cover - authoring aid
    if len(sys.argv) != 4 or sys.argv[1] != "fill":
        raise SystemExit("usage: resolve_offsets.py fill GOLD.jsonl SAMPLE.(txt|md)")
    n = _fill(sys.argv[2], sys.argv[3])
    sys.stderr.write(f"{n} units resolved into {sys.argv[2]}\n")
