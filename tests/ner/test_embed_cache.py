"""Memoised token embeddings (claimnlp.ner.embed_cache): the same arrays and entities as the model as saved."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from claimnlp.chunk import chunk_blocks
from claimnlp.ner import load_ner
from claimnlp.ner.consistency import make_docs
from claimnlp.ner.embed_cache import cache_token_embeddings
from claimnlp.ner.loading import default_model_path

REPO = Path(__file__).resolve().parents[2]
BC5CDR_DEV = REPO.parent / "shared" / "corpora" / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt"

pytestmark = pytest.mark.skipif(not (default_model_path() / "config.cfg").exists(), reason="no shipped model")


def _texts() -> list[str]:
    """Blocks of our own samples, plus 120 BC5CDR dev abstracts when ../shared is there."""
    texts = []
    for f in sorted((REPO / "data" / "samples").glob("*.txt")) + sorted((REPO / "data" / "samples").glob("*.md")):
        t = f.read_text(encoding="utf-8")
        texts += [t[b.start:b.end] for b in chunk_blocks(t, f.suffix.lstrip(".")) if not b.is_boilerplate]
    if BC5CDR_DEV.is_file():
        for line in BC5CDR_DEV.read_text(encoding="utf-8").splitlines():
            parts = line.split("|", 2)
            if len(parts) == 3 and parts[1] in ("t", "a"):
                texts.append(parts[2])
            if len(texts) > 260:
                break
    return texts


@pytest.fixture(scope="module")
def models() -> tuple[object, object]:
    return load_ner(cache_embeddings=False), load_ner()


def _tok2vec(nlp: object) -> object:
    return nlp.get_pipe("ner").model.get_ref("tok2vec")  # type: ignore[attr-defined]


def _docs(nlp: object, texts: list[str]) -> list[object]:
    lexfeat = nlp.get_pipe("lexfeat")  # type: ignore[attr-defined]
    return [lexfeat(d) for d in make_docs(nlp, texts)]  # type: ignore[arg-type]


def _vectors(nlp: object, texts: list[str]) -> list[np.ndarray]:  # type: ignore[type-arg]
    """The NER tok2vec's output for each text (the model concatenates all tokens: split them back)."""
    docs = _docs(nlp, texts)
    arr = np.asarray(_tok2vec(nlp).predict(docs))  # type: ignore[attr-defined]
    return np.split(arr, np.cumsum([len(d) for d in docs])[:-1])  # type: ignore[arg-type]


def test_shipped_ner_is_wrapped_once(models: tuple[object, object]) -> None:
    plain, cached = models
    names = [n.name for n in _tok2vec(cached).walk()]  # type: ignore[attr-defined]
    assert sum(n.startswith("memo(") for n in names) == 1
    assert not any(n.name.startswith("memo(") for n in _tok2vec(plain).walk())  # type: ignore[attr-defined]


def _memo(nlp: object) -> object:
    return next(n for n in _tok2vec(nlp).walk() if n.name.startswith("memo("))  # type: ignore[attr-defined]


def _embed_rows(nlp: object, texts: list[str]) -> object:
    """The (ids Ragged) input of the memoised layer for ``texts``."""
    embed = next(n for n in _tok2vec(nlp).walk()  # type: ignore[attr-defined]
                 if n.name.startswith("extract_features>>") and _memo(nlp) in n.layers)
    return embed.layers[1].predict(embed.layers[0].predict(_docs(nlp, texts)))


def test_token_vectors_do_not_depend_on_batching_or_order() -> None:
    """A token type's cached vector is the same bits whichever batch and order first computed it."""
    texts = _texts()
    rng = random.Random(7)
    runs = []
    for size in (1, 7, 64, len(texts)):
        nlp = load_ner()  # a fresh, empty cache per batching
        order = list(range(len(texts)))
        rng.shuffle(order)
        for start in range(0, len(order), size):
            _memo(nlp).predict(_embed_rows(nlp, [texts[i] for i in order[start:start + size]]))  # type: ignore[attr-defined]
        X = _embed_rows(nlp, texts)
        runs.append(np.asarray(_memo(nlp).predict(X).dataXd))  # type: ignore[attr-defined]
    for other in runs[1:]:
        assert np.array_equal(other, runs[0])


def test_cached_vectors_equal_the_saved_models_up_to_rounding(models: tuple[object, object]) -> None:
    plain, cached = models
    texts = _texts()
    for a, b in zip(_vectors(cached, texts), _vectors(plain, texts)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-4)


def test_entities_identical(models: tuple[object, object]) -> None:
    plain, cached = models
    texts = _texts()

    def ents(nlp: object) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                for d in nlp.pipe(make_docs(nlp, texts), batch_size=16)]  # type: ignore[attr-defined]

    assert ents(cached) == ents(plain)


def test_cache_is_bounded_and_falls_back_when_full() -> None:
    plain = load_ner(cache_embeddings=False)
    small = load_ner(cache_embeddings=False)
    assert cache_token_embeddings(small, max_rows=300) == 1
    memo = _memo(small)
    texts = _texts()[:40]
    ref = _vectors(plain, texts)
    for t, r in zip(texts, ref):
        np.testing.assert_allclose(_vectors(small, [t])[0], r, rtol=1e-5, atol=1e-4)
    assert 0 < memo.attrs["claimnlp_memo_size"]() <= 300  # type: ignore[attr-defined]


def test_training_mode_bypasses_the_cache(models: tuple[object, object]) -> None:
    _, cached = models
    memo = _memo(cached)
    before = memo.attrs["claimnlp_memo_size"]()  # type: ignore[attr-defined]
    X = _embed_rows(cached, ["Aspirin lowered the risk of stroke."])
    Y, backprop = memo(X, is_train=True)  # type: ignore[operator]
    assert Y.dataXd.shape[0] == X.dataXd.shape[0]  # type: ignore[attr-defined]
    assert callable(backprop)
    assert memo.attrs["claimnlp_memo_size"]() == before  # type: ignore[attr-defined]  # training never fills it


def test_other_architectures_left_alone(tmp_path: Path) -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    nlp.initialize()
    assert cache_token_embeddings(nlp) == 1  # spaCy's default NER uses MultiHashEmbed (NORM, PREFIX, ...)
    textcat = spacy.blank("en")
    textcat.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                                  "ngram_size": 1, "no_output_layer": False}})
    textcat.get_pipe("textcat").add_label("A")
    textcat.get_pipe("textcat").add_label("B")
    textcat.initialize()
    assert cache_token_embeddings(textcat) == 0
