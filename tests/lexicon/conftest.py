from __future__ import annotations

from pathlib import Path

import pytest

from claimnlp.lexicon.build import build_entries, write_lexicon
from claimnlp.lexicon.concepts import ConceptLexicon
from claimnlp.lexicon.stoplist import load_stoplist

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def fixture_entries():
    return build_entries(FIXTURES / "mesh", load_stoplist(FIXTURES / "stoplist.json"), FIXTURES / "do")


@pytest.fixture(scope="session")
def fixture_lexdir(tmp_path_factory, fixture_entries):
    out = tmp_path_factory.mktemp("lexicon")
    write_lexicon(fixture_entries, out)
    return out


@pytest.fixture(scope="session")
def lex(fixture_lexdir) -> ConceptLexicon:
    return ConceptLexicon.load(fixture_lexdir, supplement=FIXTURES / "supplement.jsonl",
                              modifiers=FIXTURES / "modifiers.jsonl")
