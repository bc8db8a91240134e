#!/usr/bin/env python3
"""Build the MeSH concept lexicon into models/lexicon/ (deterministic, < 2 minutes).

usage: python scripts/build_lexicon.py [--mesh ../shared/corpora/mesh] [--out models/lexicon]
                                       [--stoplist src/claimnlp/lexicon/data/lexicon_stoplist.json]
                                       [--do ../shared/corpora/disease_ontology | --do none]

See ``claimnlp.lexicon.build`` for the selection and filtering rules and
``models/lexicon/README.md`` for the output.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from claimnlp.lexicon.build import build_entries, write_lexicon
from claimnlp.lexicon.stoplist import DEFAULT_STOPLIST, load_stoplist

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mesh", type=Path, default=ROOT.parent / "shared" / "corpora" / "mesh")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "lexicon")
    ap.add_argument("--stoplist", type=Path, default=DEFAULT_STOPLIST)
    ap.add_argument("--do", type=Path, default=ROOT.parent / "shared" / "corpora" / "disease_ontology",
                    help="Human Disease Ontology tables (MESHinDO.tsv); 'none' to skip")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    t0 = time.perf_counter()
    do_dir = None if str(a.do) == "none" else a.do
    entries = build_entries(a.mesh, load_stoplist(a.stoplist), do_dir)
    sources = {p.name: p for p in sorted(a.mesh.glob("data_*.tsv"))}
    if do_dir is not None:
        sources["MESHinDO.tsv"] = do_dir / "MESHinDO.tsv"
    sources["lexicon_stoplist.json"] = a.stoplist
    manifest = write_lexicon(entries, a.out, sources=sources)
    manifest["build_seconds"] = round(time.perf_counter() - t0, 1)
    sys.stdout.write(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
