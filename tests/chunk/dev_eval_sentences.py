"""Dev check (not a test): sentence-boundary accuracy on BioScope abstracts.

usage: python tests/chunk/dev_eval_sentences.py [/work/shared/corpora/bioscope/abstracts.xml] [-v]

Each abstract's gold sentences (BioScope ``<sentence>`` elements of the
``AbstractText`` part, Vincze et al. 2008) are joined with single spaces into
one paragraph, split with ``claimnlp.chunk.split_sentences``, and compared:
boundary precision/recall/F1 (a boundary = the end offset of a sentence other
than the last) and the share of gold sentences reproduced exactly. Reads the
corpus at run time only; nothing from it is stored in the project.
"""
from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from claimnlp.chunk import split_sentences


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else Path("/work/shared/corpora/bioscope/abstracts.xml")
    root = ET.parse(path).getroot()
    tp = fp = fn = 0
    n_sent = exact = 0
    chars = 0
    elapsed = 0.0
    for doc in root.iter("Document"):
        for part in doc.iter("DocumentPart"):
            if part.get("type") != "AbstractText":
                continue
            sents = [" ".join("".join(s.itertext()).split()) for s in part.iter("sentence")]
            sents = [s for s in sents if s]
            if not sents:
                continue
            text = " ".join(sents)
            gold_spans = []
            pos = 0
            for s in sents:
                gold_spans.append((pos, pos + len(s)))
                pos += len(s) + 1
            t0 = time.perf_counter()
            ours = split_sentences(text)
            elapsed += time.perf_counter() - t0
            chars += len(text)
            g_b = {e for _, e in gold_spans[:-1]}
            o_b = {e for _, e in ours[:-1]}
            tp += len(g_b & o_b)
            fp += len(o_b - g_b)
            fn += len(g_b - o_b)
            n_sent += len(gold_spans)
            exact += len(set(gold_spans) & set(ours))
            if verbose:
                for e in sorted(o_b - g_b):
                    print("FP:", repr(text[max(0, e - 50):e + 40]))
                for e in sorted(g_b - o_b):
                    print("FN:", repr(text[max(0, e - 50):e + 40]))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"boundaries: P={p:.4f} R={r:.4f} F1={f:.4f} (tp={tp} fp={fp} fn={fn}); "
          f"exact sentences {exact}/{n_sent} = {exact / n_sent:.4f}; {chars / max(elapsed, 1e-9) / 1e6:.1f} M chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
