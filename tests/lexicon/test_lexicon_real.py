"""Smoke cases on the packaged lexicon (models/lexicon + packaged supplement); skipped when it is not built."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimnlp.lexicon.concepts import ConceptLexicon, default_lexicon_dir

CASES = json.loads((Path(__file__).resolve().parent / "fixtures" / "real_cases.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not (default_lexicon_dir() / "lexicon.tsv.gz").exists(),
                                reason="models/lexicon not built (python scripts/build_lexicon.py)")


@pytest.fixture(scope="module")
def real() -> ConceptLexicon:
    return ConceptLexicon.load()


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_real_lexicon_case(real, case):
    got = real.find(case["text"])
    assert [[m.text, m.label, m.norm_name] for m in got] == case["expected"]


def test_real_ids_are_mesh_or_cn(real):
    for m in real.find("IVIG for PANS, Kawasaki disease and tirzepatide"):
        assert m.norm_id.startswith(("MESH:D", "MESH:C", "CN:"))
    assert real.find("IVIG")[0].norm_id == "MESH:D016756"


def test_real_normalize_short_form_through_long_form(real):
    assert real.normalize("LDN", long_form="low-dose naltrexone").name == "naltrexone"
    assert real.normalize("CIDP", long_form="chronic inflammatory demyelinating polyneuropathy").id == "MESH:D020277"


def test_every_packaged_term_matches_itself_whole(real):
    """Each synonym of each concept is found as exactly one mention covering it (possessive endings aside)."""
    bad = []
    for c in real.concepts:
        for t in c.synonyms:
            ms = real.find(t)
            whole = len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(t)
            if not whole and not (t.endswith(("'s", "\u2019s")) and len(ms) == 1 and ms[0].end == len(t) - 2):
                bad.append(t)
    assert bad == []
