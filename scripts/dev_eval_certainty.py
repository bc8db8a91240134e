"""Dev evaluation of the certainty engine on the seeds gold (certainty engineer).

Runs ``find_cues`` + ``certainty_of`` on the text of every non-optional gold
unit of ``/work/shared/eval/gold/seeds.jsonl`` and scores gold ``certainty``
against the prediction exactly as ``shared/eval/score.py`` does (accuracy,
per-label P/R/F1, macro-F1 over asserted/hedged/negated).

Two figures are printed: ``unit`` (the unit text alone) and ``with-lead``
(list items also take the certainty of the line that introduces the list, as
the claim assembler does with ``Block.lead``; the lead is found here with a
plain-text heuristic: bullet item lines back to the nearest line ending in a
colon). Usage::

    python scripts/dev_eval_certainty.py [--gold PATH ...] [--seeds DIR] [--errors] [--json OUT]
    python scripts/dev_eval_certainty.py --gold data/golden/*.jsonl --seeds data/samples
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimnlp.certainty import certainty_of, find_cues
from claimnlp.certainty.engine import combine_certainty
from claimnlp.metrics import prf

_BULLETS = {"-", "–", "—", "•", "*", "·", "◦", "▪"}


def score(pairs: list[tuple[str, str]]) -> dict[str, object]:
    res: dict[str, object] = {"n": len(pairs)}
    res["accuracy"] = round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0
    f1s = []
    for lab in ("asserted", "hedged", "negated"):
        tp = sum(g == lab and p == lab for g, p in pairs)
        fp = sum(g != lab and p == lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        res[lab] = prf(tp, fp, fn)
        f1s.append(res[lab]["f1"])  # type: ignore[index]
    res["macro_f1"] = round(sum(f1s) / 3, 4)
    return res


def _lines_before(doc: str, pos: int) -> list[str]:
    return [ln.strip() for ln in doc[:pos].split("\n")][::-1]


def find_lead(doc: str, start: int) -> str | None:
    """The line introducing the list this unit is an item of, or None."""
    line_start = doc.rfind("\n", 0, start) + 1
    prefix = doc[line_start:start].strip()
    before = [ln for ln in _lines_before(doc, line_start) if ln]
    if prefix in _BULLETS and prefix:
        pass
    elif not prefix and before and before[0] in _BULLETS:
        pass
    else:
        return None
    prev_bullet = prefix in _BULLETS and bool(prefix)
    for ln in before:
        if ln in _BULLETS:
            prev_bullet = True
            continue
        if ln[:1] in _BULLETS:
            continue  # another item of the same list
        if ln.endswith(":"):
            return ln
        if prev_bullet:  # an item written on the line after a bare bullet
            prev_bullet = False
            continue
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs="+", default=["/work/shared/eval/gold/seeds.jsonl"],
                    help="gold JSONL file(s), e.g. data/golden/*.jsonl")
    ap.add_argument("--seeds", default="/work/shared/seeds", help="folder with the gold documents")
    ap.add_argument("--errors", action="store_true", help="print the misclassified units")
    ap.add_argument("--json", help="write the scores here")
    a = ap.parse_args(argv)
    units = [json.loads(l) for g in a.gold for l in Path(g).read_text(encoding="utf-8").splitlines() if l.strip()]
    units = [u for u in units if not u.get("optional")]
    docs: dict[str, str] = {}
    plain: list[tuple[str, str]] = []
    lead_pairs: list[tuple[str, str]] = []
    for u in units:
        text, off = u["text"], u["start"]
        lead = None
        if off is not None:  # gold for extracted text (HTML, JSONL) has no offsets: no lead lookup
            doc = docs.setdefault(u["doc"], (Path(a.seeds) / u["doc"]).read_bytes().decode("utf-8"))
            lead = find_lead(doc, off)
        off = off or 0
        cues = find_cues(text, offset=off)
        own = certainty_of(text, cues, offset=off)
        with_lead = combine_certainty(own, certainty_of(lead, find_cues(lead))) if lead else own
        gold = u.get("certainty", "asserted")
        plain.append((gold, own))
        lead_pairs.append((gold, with_lead))
        if a.errors and gold != with_lead:
            print(f"gold={gold:8s} pred={with_lead:8s} cues={[c.text for c in cues]} lead={lead!r} | {text[:150]}")
    res = {"unit": score(plain), "with_lead": score(lead_pairs)}
    for name, r in res.items():
        print(f"[{name}] n={r['n']} accuracy={r['accuracy']} macro_f1={r['macro_f1']}")
        for lab in ("asserted", "hedged", "negated"):
            print(f"  {lab:9s} {r[lab]}")
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1), encoding="utf-8")
    print(f"f1={res['with_lead']['macro_f1']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
