"""Developer aid: list claim-tuple errors of a run against a gold file (same matching as score.py).

usage: python scripts/dev_tuple_errors.py OUT GOLD.jsonl [--doc PREFIX]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd


def norm(s):
    return "" if s is None or (isinstance(s, float) and s != s) else re.sub(r"\s+", " ", str(s)).strip().casefold()


def table(out, name):
    p = Path(out) / f"{name}.parquet"
    return pd.read_parquet(p if p.exists() else Path(out) / name)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("gold")
    ap.add_argument("--doc", default="")
    ap.add_argument("--summary", action="store_true", help="only count error kinds")
    a = ap.parse_args()
    docs = table(a.out, "documents")
    claims = table(a.out, "claims")
    name = {r.doc_id: Path(r.source).name for r in docs.itertuples()}
    claims["doc"] = claims.doc_id.map(name)
    gold = defaultdict(list)
    for line in open(a.gold, encoding="utf-8"):
        if line.strip():
            u = json.loads(line)
            gold[u["doc"]].append(u)
    from collections import Counter
    kinds: Counter = Counter()
    for d, units in gold.items():
        if not d.startswith(a.doc):
            continue
        c = claims[claims.doc == d]
        for u in units:
            if u.get("optional"):
                continue
            rows = c[[min(r.end, u["end"]) - max(r.start, u["start"]) > 0 for r in c.itertuples()]]
            ivs = [x[0] for x in u["interventions"] + u["context_interventions"]]
            cds = [x[0] for x in u["conditions"] + u["context_conditions"]]
            got = sorted({(r.intervention_name, r.condition_name) for r in rows.itertuples()}, key=str)
            if a.summary:
                giv = {norm(x) for c in u["interventions"] + u["context_interventions"] for x in c}
                gcd = {norm(x) for c in u["conditions"] + u["context_conditions"] for x in c}
                for r in rows.itertuples():
                    iv_ok = (not giv and not norm(r.intervention_name)) or norm(r.intervention_name) in giv or norm(r.intervention) in giv
                    cd_ok = (not gcd and not norm(r.condition_name)) or norm(r.condition_name) in gcd or norm(r.condition) in gcd
                    ivk = "iv_ok" if iv_ok else "iv_extra" if not giv else "iv_missing" if not norm(r.intervention_name) else "iv_wrong"
                    cdk = "cd_ok" if cd_ok else "cd_extra" if not gcd else "cd_missing" if not norm(r.condition_name) else "cd_wrong"
                    kinds[(ivk, cdk)] += 1
                if rows.empty:
                    kinds[("unit_missed", "")] += 1
                continue
            print(f"{u['text'][:90]!r}\n   gold iv={ivs} cd={cds}\n   got  {got}")
    if a.summary:
        for k, v in kinds.most_common():
            print(v, *k)


if __name__ == "__main__":
    main()

