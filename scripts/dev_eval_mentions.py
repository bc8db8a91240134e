#!/usr/bin/env python3
"""Dev check of the concept lexicon: mention P/R/F1 on the seed gold, recall and speed on BC5CDR.

usage:
  python scripts/dev_eval_mentions.py seeds   [--gold ../shared/eval/gold/seeds.jsonl] [--top 15]
  python scripts/dev_eval_mentions.py bc5cdr  [--n 100] [--split dev]
  python scripts/dev_eval_mentions.py ncbi    [--n 100] [--split dev]
  python scripts/dev_eval_mentions.py speed   [--n 500]
  python scripts/dev_eval_mentions.py fuzzy   [--n 500]

* seeds: for each non-optional gold unit, ``lex.find(unit_text)`` scored as
  ``shared/eval/score.py`` scores mentions (text or norm_name equal to an
  alias, case-insensitive, whitespace-normalised; unmatched mentions are FP).
* bc5cdr: share of gold Disease mentions covered by a CONDITION mention
  (same span; and overlapping), and MeSH id agreement where both have ids.
* speed: words/s of ``find`` over BC5CDR abstracts, and load time.
* fuzzy: precision/coverage of ``normalize`` fuzzy step at several thresholds
  on BC5CDR Disease mentions that have no exact lexicon entry.

Reads ../shared at run time only; nothing from it is copied into the project.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from claimnlp.lexicon.concepts import ConceptLexicon, _load_cached
from claimnlp.metrics import prf

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def norm_text(s: object) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().casefold()


def concept_match(value: object, concepts: list[list[str]]) -> int | None:
    v = norm_text(value)
    if not v:
        return None
    for i, aliases in enumerate(concepts):
        if v in {norm_text(a) for a in aliases}:
            return i
    return None


def eval_seeds(lex: ConceptLexicon, gold: Path, top: int) -> dict[str, dict[str, float]]:
    cnt: dict[str, Counter[str]] = {lab: Counter() for lab in ("INTERVENTION", "CONDITION")}
    fps: dict[str, Counter[str]] = {lab: Counter() for lab in cnt}
    fns: dict[str, Counter[str]] = {lab: Counter() for lab in cnt}
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        u = json.loads(line)
        if u.get("optional"):
            continue
        ms = lex.find(u["text"])
        for lab, key in (("INTERVENTION", "interventions"), ("CONDITION", "conditions")):
            concepts = u.get(key, [])
            found = set()
            for m in ms:
                if m.label != lab:
                    continue
                j = concept_match(m.text, concepts)
                if j is None:
                    j = concept_match(m.norm_name, concepts)
                if j is None:
                    cnt[lab]["fp"] += 1
                    fps[lab][f"{m.text} -> {m.norm_name} ({m.norm_id})"] += 1
                else:
                    found.add(j)
            cnt[lab]["tp"] += len(found)
            cnt[lab]["fn"] += len(concepts) - len(found)
            for j, aliases in enumerate(concepts):
                if j not in found:
                    fns[lab][aliases[0]] += 1
    res = {}
    for lab in cnt:
        res[lab] = prf(cnt[lab]["tp"], cnt[lab]["fp"], cnt[lab]["fn"])
        print(f"{lab:13s} {res[lab]}")
        print(f"  top FP: {fps[lab].most_common(top)}")
        print(f"  top FN: {fns[lab].most_common(top)}")
    return res


def read_pubtator(path: Path, n: int) -> list[tuple[str, list[tuple[int, int, str, str, str]]]]:
    docs: list[tuple[str, list[tuple[int, int, str, str, str]]]] = []
    title = abstract = ""
    ann: list[tuple[int, int, str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if title or abstract:
                docs.append((title + " " + abstract, ann))
                if len(docs) >= n:
                    break
            title = abstract = ""
            ann = []
            continue
        if "|t|" in line[:20]:
            title = line.split("|t|", 1)[1]
        elif "|a|" in line[:20]:
            abstract = line.split("|a|", 1)[1]
        else:
            p = line.split("\t")
            if len(p) >= 6 and p[1] != "CID":
                ann.append((int(p[1]), int(p[2]), p[3], p[4], p[5]))
    return docs


def bc5cdr_path(split: str) -> Path:
    name = {"dev": "CDR_DevelopmentSet.PubTator.txt", "train": "CDR_TrainingSet.PubTator.txt"}[split]
    return SHARED / "corpora" / "bc5cdr" / name


def ncbi_path(split: str) -> Path:
    name = {"dev": "NCBIdevelopset_corpus.txt", "train": "NCBItrainset_corpus.txt"}[split]
    return SHARED / "corpora" / "ncbi_disease" / name


#: Disease mention types: BC5CDR "Disease"; NCBI "SpecificDisease", "DiseaseClass", "CompositeMention", "Modifier".
DISEASE_TYPES = frozenset({"Disease", "SpecificDisease", "DiseaseClass", "CompositeMention", "Modifier"})


def eval_bc5cdr(lex: ConceptLexicon, n: int, split: str, corpus: str = "bc5cdr") -> None:
    docs = read_pubtator(bc5cdr_path(split) if corpus == "bc5cdr" else ncbi_path(split), n)
    exact = overlap = total = id_ok = id_n = 0
    chem_exact = chem_total = 0
    misses: Counter[str] = Counter()
    for text, ann in docs:
        ms = lex.find(text)
        cond = {(m.start, m.end): m for m in ms if m.label == "CONDITION"}
        inter = {(m.start, m.end) for m in ms if m.label == "INTERVENTION"}
        for s, e, t, typ, mid in ann:
            if typ == "Chemical":
                chem_total += 1
                chem_exact += (s, e) in inter
                continue
            if typ not in DISEASE_TYPES:
                continue
            total += 1
            m = cond.get((s, e))
            if m is not None:
                exact += 1
                if mid.startswith("D") and "|" not in mid and m.norm_id and m.norm_id.startswith("MESH:"):
                    id_n += 1
                    id_ok += m.norm_id == f"MESH:{mid}"
            elif any(a < e and s < b for a, b in cond):
                overlap += 1
            else:
                misses[t.lower()] += 1
    print(f"{corpus} {split} first {len(docs)} abstracts: {total} disease mentions")
    print(f"  CONDITION recall exact span {exact / total:.4f}, exact+overlap {(exact + overlap) / total:.4f}")
    print(f"  MeSH id agreement on exact-span matches with a D id: {id_ok}/{id_n} = {id_ok / max(id_n, 1):.4f}")
    print(f"  (Chemical mentions found as INTERVENTION, exact span: {chem_exact}/{chem_total}; not 1:1 by design)")
    print(f"  top missed: {misses.most_common(25)}")


def eval_speed(path: Path | None, n: int) -> None:
    """Wall-clock and CPU figures (CPU time is steadier on a shared machine)."""
    _load_cached.cache_clear()
    t0, c0 = time.perf_counter(), time.process_time()
    lex = ConceptLexicon.load(path)
    load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    docs = [t for t, _ in read_pubtator(bc5cdr_path("dev"), n)]
    words = sum(len(t.split()) for t in docs)
    best = best_cpu = 0.0
    nm = 0
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        nm = sum(len(lex.find(t)) for t in docs)
        best = max(best, words / (time.perf_counter() - t0))
        best_cpu = max(best_cpu, words / max(time.process_time() - c0, 1e-9))
    print(f"load {load_s:.2f}s wall, {load_cpu:.2f}s CPU; {lex!r}")
    print(f"find: {len(docs)} abstracts, {words} words, {nm} mentions; best of 3: "
          f"{best:,.0f} words/s wall, {best_cpu:,.0f} words/s CPU")


def eval_fuzzy(lex: ConceptLexicon, n: int) -> None:
    docs = read_pubtator(bc5cdr_path("dev"), n)
    cases = []
    seen = set()
    for _, ann in docs:
        for s, e, t, typ, mid in ann:
            if typ == "Disease" and mid.startswith("D") and "|" not in mid and t.lower() not in seen:
                seen.add(t.lower())
                if lex.lookup(t, "CONDITION") is None:
                    cases.append((t, f"MESH:{mid}"))
    scored = []
    t0 = time.perf_counter()
    for t, mid in cases:
        hit = lex.fuzzy(t, "CONDITION")
        scored.append((hit[1] if hit else 0.0, hit[0].id == mid if hit else False, t, hit[0].name if hit else None))
    dt = time.perf_counter() - t0
    print(f"fuzzy on {len(cases)} distinct BC5CDR Disease strings without an exact entry ({dt / max(len(cases), 1) * 1000:.1f} ms each)")
    for th in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        acc = [ok for sc, ok, _, _ in scored if sc >= th]
        print(f"  threshold {th:.2f}: normalised {len(acc)}/{len(cases)}, correct id {sum(acc)} "
              f"(precision {sum(acc) / max(len(acc), 1):.3f})")
    wrong = sorted((x for x in scored if not x[1] and x[0] >= 0.7), reverse=True)[:15]
    print("  highest-scoring wrong:", [(round(sc, 2), t, nm) for sc, _, t, nm in wrong])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["seeds", "bc5cdr", "ncbi", "speed", "fuzzy"])
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold" / "seeds.jsonl")
    ap.add_argument("--lexicon", type=Path, default=None)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--split", default="dev")
    a = ap.parse_args(argv)
    if a.mode == "speed":
        eval_speed(a.lexicon, a.n)
        return 0
    lex = ConceptLexicon.load(a.lexicon)
    if a.mode == "seeds":
        eval_seeds(lex, a.gold, a.top)
    elif a.mode in ("bc5cdr", "ncbi"):
        eval_bc5cdr(lex, a.n, a.split, a.mode)
    else:
        eval_fuzzy(lex, a.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
