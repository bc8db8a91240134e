"""Causal-language strength of a claim sentence (Yu, Li and Wang 2019).

Four labels (:class:`claimnlp.schema.Strength`): ``direct_causal`` ("X
reduces Y"), ``conditional_causal`` (hedged causal: "X may reduce Y"),
``correlational`` ("X is associated with Y", "higher in A than B") and
``none`` (no relation claimed). Yu et al. reached macro-F1 0.88 with BioBERT
on PubMed conclusions.

The model is a linear SVM (scikit-learn ``LinearSVC``) over word 1-2-gram
TF-IDF, character 2-5-gram TF-IDF (``char_wb``; format ``/2``, optional) plus
dense rule features: causal-verb, association and "no claim"
lexicon hits, binary phrase features (modal + causal verb, finite causal verb,
association phrase, comparison, recommendation, trial registration, "no
difference"; all regexes stored with the model) and the hedge and negation
cues of :func:`claimnlp.certainty.find_cues`, with causal x hedge
interactions. It is stored as plain JSON (vocabulary, idf, weights, lexicon):
no pickle, so a model file is inspectable; prediction needs only NumPy (the
TF-IDF of the stored vocabularies is recomputed as scikit-learn's
``TfidfVectorizer`` does; scikit-learn is needed for training only). Training is :func:`train_strength`
(``scripts/train_strength.py`` / ``claimnlp train-strength``).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from claimnlp.certainty.engine import find_cues
from claimnlp.lexicon.regex import LiteralIndex, Literals, required_literals
from claimnlp.metrics import precision_recall_f1
from claimnlp.model import Mention
from claimnlp.schema import Strength

logger = logging.getLogger(__name__)

MODEL_FILE = "strength_model.json"
# The opt-in encoder model (claimnlp.certainty.strength_encoder); StrengthModel.load() dispatches on the format.
ENCODER_MODEL_FILE = "strength_encoder.json"
ENCODER_FORMAT = "claimnlp-strength-encoder/1"
FORMAT = "claimnlp-strength-linear/2"
# Older files (word n-grams + rule features only) still load.
_FORMATS = frozenset({FORMAT, "claimnlp-strength-linear/1"})

# Cue categories of certainty_cues.json that mark a hedge in Yu et al.'s sense (not association).
_HEDGE_CATEGORIES = frozenset({"POSSIBLE", "PROBABLE", "INDICATION", "APPEARANCE", "HYPOTHESIS", "PRELIMINARY",
                               "INCONCLUSIVE", "LIMITED_EVIDENCE", "EXPECTATION", "FREQUENCY"})
_MODAL = re.compile(r"\b(?:may|might|could|can|appear\w*|seem\w*|suggest\w*|likely|possibl\w*|potential\w*)\b")

FEATURE_NAMES = ("hedge_cue", "modal", "association_cue", "negation_cue", "causal", "causal_count",
                 "assoc_word", "assoc_count", "none_word", "causal_and_hedge", "causal_no_hedge",
                 "association_no_causal", "no_relation_word", "length", "question", "all_caps")


def models_dir() -> Path:
    """The ``models/`` folder: ``$CLAIMNLP_MODELS_DIR`` or ``<repo>/models`` next to ``src/``."""
    env = os.environ.get("CLAIMNLP_MODELS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models"


def default_model_path() -> Path:
    return models_dir() / "strength" / MODEL_FILE


@dataclass(frozen=True)
class StrengthLexicon:
    """Regexes (over lower-cased text) for the dense rule features; saved with the model."""

    causal: str
    association: str
    no_claim: str
    phrases: tuple[tuple[str, str], ...] = ()  # (feature name, regex): binary "phrase present" features

    @lru_cache(maxsize=4)  # noqa: B019 - frozen, hashable, a handful of instances
    def compiled(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        return re.compile(self.causal), re.compile(self.association), re.compile(self.no_claim)

    @lru_cache(maxsize=4)  # noqa: B019
    def compiled_phrases(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(rx) for _, rx in self.phrases)

    @lru_cache(maxsize=4)  # noqa: B019
    def prefiltered(self) -> tuple[tuple[re.Pattern[str], Literals | None], ...]:
        """Each regex (lexicon hits, then phrases) with its required literals (None: always run it).

        A text containing none of a regex's required literals has no match, so the regex
        is not run: exact (:mod:`claimnlp.lexicon.regex`), and most phrases are absent
        from most sentences.
        """
        return tuple((rx, required_literals(rx)) for rx in self.compiled() + self.compiled_phrases())

    @lru_cache(maxsize=4)  # noqa: B019
    def literal_index(self) -> LiteralIndex:
        """The regexes of :meth:`prefiltered` (by position) that can match a text, from one literal scan
        (instead of one literal test per regex, ~35 per sentence)."""
        return LiteralIndex(lit for _, lit in self.prefiltered())

    @property
    def feature_names(self) -> tuple[str, ...]:
        return FEATURE_NAMES + tuple(name for name, _ in self.phrases)

    def to_dict(self) -> dict[str, Any]:
        return {"causal": self.causal, "association": self.association, "no_claim": self.no_claim,
                "phrases": [[n, rx] for n, rx in self.phrases]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "StrengthLexicon":
        return cls(d["causal"], d["association"], d["no_claim"],
                   tuple((str(n), str(rx)) for n, rx in d.get("phrases", ())))


def rule_features(texts: Sequence[str], lexicon: StrengthLexicon,
                  cues: Sequence[Sequence[Mention]] | None = None) -> "np.ndarray[Any, Any]":
    """Dense rule features (columns ``lexicon.feature_names``), one row per text.

    ``cues`` may pass each text's :func:`find_cues` result when the caller already has it.
    """
    (causal_rx, _), (assoc_rx, _), (none_rx, _), *phrases = lexicon.prefiltered()
    phrase_rx = [rx for rx, _ in phrases]
    index = lexicon.literal_index()
    rows = []
    for k, s in enumerate(texts):
        low = s.lower()
        cand = index.candidates(low)  # the regexes that can match (the others are not run)
        cues_k = find_cues(s) if cues is None else cues[k]
        h = sum(1 for c in cues_k if c.label == "HEDGE" and c.norm_id in _HEDGE_CATEGORIES)
        modal = len(_MODAL.findall(low))
        a = sum(1 for c in cues_k if c.norm_id == "ASSOCIATION")
        n = sum(1 for c in cues_k if c.label == "NEGATION")
        c = len(causal_rx.findall(low)) if 0 in cand else 0
        asc = len(assoc_rx.findall(low)) if 1 in cand else 0
        no = len(none_rx.findall(low)) if 2 in cand else 0
        hedged = h + modal > 0
        rows.append([h > 0, modal > 0, a > 0, n > 0, c > 0, min(c, 3) / 3, asc > 0, min(asc, 3) / 3, no > 0,
                     c > 0 and hedged, c > 0 and not hedged, a > 0 and c == 0, c == 0 and a == 0 and asc == 0,
                     len(s.split()) / 40, "?" in s, s.isupper()]
                    + [j + 3 in cand and rx.search(low) is not None for j, rx in enumerate(phrase_rx)])
    return np.asarray(rows, dtype=float).reshape(len(texts), len(lexicon.feature_names))


_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


def _word_ngrams(text: str, n_max: int) -> list[str]:
    """Word 1..n_max-grams of ``TfidfVectorizer(lowercase=True)`` (default token pattern)."""
    toks = _WORD_TOKEN.findall(text.lower())
    grams = list(toks)
    for n in range(2, min(n_max, len(toks)) + 1):
        grams.extend(" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))
    return grams


def _char_wb_ngrams(text: str, n_min: int, n_max: int) -> list[str]:
    """Character n-grams inside space-padded words, as scikit-learn's ``analyzer="char_wb"``."""
    grams: list[str] = []
    for w in text.lower().split():
        w = f" {w} "
        for n in range(n_min, n_max + 1):
            if len(w) <= n:  # the whole padded word, once; no longer n-grams
                grams.append(w)
                break
            grams.extend(w[i:i + n] for i in range(len(w) - n + 1))
    return grams


def _ngram_automaton(index: dict[str, int]) -> Any:
    """An Aho-Corasick automaton mapping each vocabulary n-gram to its column (None without pyahocorasick)."""
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for gram, j in index.items():
        automaton.add_word(gram, j)
    automaton.make_automaton()
    return automaton


class _TfidfBlock:
    """TF-IDF of one n-gram kind over a fixed vocabulary: sublinear tf x idf, L2-normalized.

    Computes what the fitted ``TfidfVectorizer`` computes at training time (a test
    checks the two agree), without scikit-learn's per-call overhead: the model
    scores one claim unit at a time inside the pipeline.
    """

    def __init__(self, vocabulary: Sequence[str], idf: Sequence[float], analyzer: str,
                 ngram_range: Sequence[int], sublinear_tf: bool, weight: float = 1.0) -> None:
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"unsupported analyzer {analyzer!r}")
        if len(idf) != len(vocabulary):
            raise ValueError(f"{len(vocabulary)} n-grams but {len(idf)} idf values")
        self.index = {t: i for i, t in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=float)
        self.analyzer = analyzer
        self.n_min, self.n_max = int(ngram_range[0]), int(ngram_range[1])
        if analyzer == "word" and self.n_min != 1:
            raise ValueError("word n-grams must start at 1")
        self.sublinear_tf = bool(sublinear_tf)
        self.weight = float(weight)
        self._word_cache: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self.index)

    @cached_property
    def _automaton(self) -> Any:
        """char_wb only: the vocabulary's automaton, built at the first unseen word (None: unavailable)."""
        return _ngram_automaton(self.index)

    def _word_columns(self, word: str) -> tuple[int, ...]:
        """Vocabulary columns of one word's character n-grams (cached: words repeat)."""
        cols = self._word_cache.get(word)
        if cols is None:
            if self._automaton is not None:
                # every vocabulary n-gram occurring in the padded word, in one C pass: the same
                # multiset as _char_wb_ngrams (all its substrings of n_min..n_max characters) looked up
                cols = tuple(j for _, j in self._automaton.iter(f" {word} "))
            else:
                index = self.index
                cols = tuple(j for j in (index.get(g) for g in _char_wb_ngrams(word, self.n_min, self.n_max))
                             if j is not None)
            if len(self._word_cache) < 200_000:
                self._word_cache[word] = cols
        return cols

    def columns(self, text: str) -> list[int]:
        """Vocabulary columns of ``text``'s n-grams, one entry per occurrence (unsorted)."""
        if self.analyzer == "word":
            index = self.index
            return [j for j in map(index.get, _word_ngrams(text, self.n_max)) if j is not None]
        cols: list[int] = []  # char_wb n-grams never cross words: per-word columns, cached
        cache = self._word_cache
        for w in text.lower().split():
            c = cache.get(w)
            cols.extend(self._word_columns(w) if c is None else c)
        return cols

    def batch(self, texts: Sequence[str]) -> tuple["np.ndarray[Any, Any]", "np.ndarray[Any, Any]",
                                                   "np.ndarray[Any, Any]"]:
        """Sparse TF-IDF of ``texts``: (row, column, value) of the non-zero entries, grouped by row."""
        counted = [Counter(self.columns(t)) for t in texts]
        sizes = np.fromiter(map(len, counted), dtype=np.intp, count=len(counted))
        total = int(sizes.sum())
        rows = np.repeat(np.arange(len(texts), dtype=np.intp), sizes)
        cols = np.fromiter(chain.from_iterable(counted), dtype=np.intp, count=total)
        tf = np.fromiter(chain.from_iterable(c.values() for c in counted), dtype=float, count=total)
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        val = tf * self.idf[cols]
        norm = np.sqrt(np.bincount(rows, weights=val * val, minlength=len(texts)))
        val = val / norm[rows] * self.weight
        return rows, cols, val

    def vector(self, text: str) -> tuple["np.ndarray[Any, Any]", "np.ndarray[Any, Any]"]:
        """(column indices, values) of ``text``'s non-zero features."""
        _, cols, val = self.batch([text])
        return cols, val


class StrengthModel:
    """A trained strength classifier. Use :meth:`load` then :meth:`predict`."""

    def __init__(self, data: dict[str, Any], path: Path | None = None) -> None:
        if data.get("format") not in _FORMATS:
            raise ValueError(f"{path}: not a {FORMAT} model (format={data.get('format')!r})")
        self.path = path
        self.meta: dict[str, Any] = dict(data.get("meta", {}))
        self.classes: tuple[str, ...] = tuple(data["classes"])
        unknown = set(self.classes) - set(Strength.values())
        if unknown:
            raise ValueError(f"{path}: unknown strength labels {sorted(unknown)}")
        v = data["vectorizer"]
        self._blocks = [_TfidfBlock(data["vocabulary"], data["idf"], "word", v["ngram_range"], v["sublinear_tf"])]
        ch = data.get("char")
        if ch:
            self._blocks.append(_TfidfBlock(ch["vocabulary"], ch["idf"], ch["analyzer"], ch["ngram_range"],
                                            ch["sublinear_tf"], ch["weight"]))
        self.lexicon = StrengthLexicon.from_dict(data["lexicon"])
        self.feature_weight = float(data.get("feature_weight", 1.0))
        self._coef = np.asarray(data["coef"], dtype=float)
        self._intercept = np.asarray(data["intercept"], dtype=float)
        n_feat = sum(len(b) for b in self._blocks) + len(self.lexicon.feature_names)
        if self._coef.shape != (len(self.classes), n_feat):
            raise ValueError(f"{path}: coef shape {self._coef.shape} != {(len(self.classes), n_feat)}")
        offsets = np.cumsum([0] + [len(b) for b in self._blocks])
        # (n-grams x classes), C-contiguous: one row gather per non-zero feature
        self._block_coef_t = [np.ascontiguousarray(self._coef[:, a:b].T) for a, b in zip(offsets[:-1], offsets[1:])]
        self._rule_coef = self._coef[:, offsets[-1]:]

    @classmethod
    def load(cls, path: str | Path | None = None) -> "StrengthModel":
        """Load a model file (or a directory holding ``strength_model.json``); default: the shipped model."""
        p = Path(path) if path else default_model_path()
        if p.is_dir():
            # the opt-in encoder model (models/strength/encoder/) has its own file name
            p = p / (ENCODER_MODEL_FILE if not (p / MODEL_FILE).is_file() and (p / ENCODER_MODEL_FILE).is_file()
                     else MODEL_FILE)
        if not p.is_file():
            raise FileNotFoundError(f"strength model not found: {p} (set CLAIMNLP_MODELS_DIR or pass a path)")
        return _load_cached(str(p.resolve()))

    def decision_function(self, texts: Sequence[str],
                          cues: Sequence[Sequence[Mention]] | None = None) -> "np.ndarray[Any, Any]":
        """Class scores, shape (len(texts), len(classes)); ``cues`` as in :func:`rule_features`."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self.classes)))
        feats = rule_features(texts, self.lexicon, cues)
        scores: np.ndarray[Any, Any] = (feats * self.feature_weight) @ self._rule_coef.T
        scores += self._intercept
        for block, coef_t in zip(self._blocks, self._block_coef_t):
            rows, cols, val = block.batch(texts)
            if len(texts) == 1:  # the pipeline's usual call: one claim unit
                scores[0] += val @ coef_t[cols]
            elif len(rows):  # rows are grouped: sum each row's (n-gram weight x value) products
                starts = np.flatnonzero(np.diff(rows, prepend=-1))
                scores[rows[starts]] += np.add.reduceat(coef_t[cols] * val[:, None], starts, axis=0)
        return scores

    def predict(self, texts: Sequence[str], cues: Sequence[Sequence[Mention]] | None = None) -> list[str]:
        """Strength label (a :class:`claimnlp.schema.Strength` value) for each text, batched.

        ``cues`` optionally passes each text's cues (offsets are not used), saving a second cue scan.
        """
        texts = list(texts)
        if not texts:
            return []
        scores = self.decision_function(texts, cues)
        return [self.classes[i] for i in scores.argmax(axis=1)]


@lru_cache(maxsize=4)
def _load_cached(path: str) -> StrengthModel:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    logger.debug("loaded strength model %s", path)
    if data.get("format") == ENCODER_FORMAT:  # opt-in; needs the [encoder] extra (torch)
        from claimnlp.certainty.strength_encoder import EncoderStrengthModel

        return EncoderStrengthModel(data, Path(path))
    return StrengthModel(data, Path(path))


# Stems of causal verbs for the phrase features below.
_CAUSAL_STEM = (r"(?:increas|decreas|reduc|improv|caus|lead|led|result|prevent|protect|enhanc|promot|induc|trigger|"
                r"inhibit|lower|rais|boost|worsen|affect|influenc|contribut|alter|attenuat|amelior|allevia|mitigat|"
                r"restor|accelerat|delay|suppress|impair|shorten|prolong|revers|benefit)\w*")

DEFAULT_LEXICON = StrengthLexicon(
    causal=(r"\b(?:increas|decreas|reduc|improv|caus|lead(?:s|ing)?\s+to|led\s+to|result(?:s|ed|ing)?\s+in|"
            r"prevent|protect|enhanc|promot|induc|trigger|inhibit|lower|rais|boost|cut|worsen|affect|influenc|"
            r"effective|efficac|benefi|contribut|determin|alter|attenuat|amelior|allevia|mitigat|eliminat|restor|"
            r"accelerat|delay|suppress|stimulat|exacerbat|impair|facilitat|help|shorten|prolong|modif|elevat|"
            r"slow|halt|revers|block|damag|harm|kill|treat|cur|relie|save|extend|double|halve|mediat|driv|"
            r"play\w*\s+a\s+role|role\s+in|impact|effect|responsible|due\s+to|because|owing|thereby|hence|confer|"
            r"make|makes|made|causal)\w*"),
    association=(r"\b(?:associat|correlat|link|relat|relationship|predict|predictor|risk|likely|odds|hazard|higher|"
                 r"lower|greater|less|more|fewer|differ|difference|compared|versus|vs|than|prevalence|incidence|"
                 r"rate|common|frequent|significant|independent|trend|times)\w*"),
    no_claim=(r"\b(?:should|need|needed|warrant|recommend|further|future|research|studies|registration|registered|"
              r"trial|clinicaltrials|nct\d+|isrctn|feasib|provide|describ|aim|objective|we\s+(?:report|describe|"
              r"present)|this\s+study|review|guideline|can\s+be\s+used|useful|important|necessary|consider)\w*"),
    phrases=(
        ("modal_causal", r"\b(?:may|might|could|can|would|appears?\s+to|seems?\s+to|likely\s+to|potentially|possibly)"
                         r"\s+(?:\w+\s+){0,2}?(?:increas|decreas|reduc|improv|caus|lead|led|result|prevent|protect|"
                         r"enhanc|promot|induc|trigger|inhibit|lower|rais|boost|cut|worsen|affect|influenc|contribut|"
                         r"alter|attenuat|amelior|allevia|mitigat|eliminat|restor|accelerat|delay|suppress|stimulat|"
                         r"exacerbat|impair|facilitat|help|shorten|prolong|modif|elevat|slow|revers|block|benefit|"
                         r"be\s+(?:effective|beneficial|useful|efficacious|safe|associated|a\s+(?:risk|protective))|"
                         r"play|have|has)\w*"),
        ("suggest_that", r"\b(?:suggest|indicat|impl|support)\w*\s+(?:that\s+)?"),
        ("finite_causal", r"(?<!may )(?<!might )(?<!could )(?<!can )\b(?:increases|increased|decreases|decreased|"
                          r"reduces|reduced|improves|improved|causes|caused|leads\s+to|led\s+to|results\s+in|"
                          r"resulted\s+in|prevents|prevented|protects|enhances|enhanced|promotes|induces|induced|"
                          r"inhibits|lowers|lowered|raises|boosts|worsens|affects|affected|contributes|alters|"
                          r"attenuates|ameliorates|alleviates|restores|accelerates|delays|suppresses|impairs|"
                          r"shortens|prolongs|reverses|(?:is|was|are|were)\s+effective|is\s+efficacious|"
                          r"effectively)\b"),
        ("assoc_phrase", r"\b(?:associated|correlated|linked|related)\s+(?:with|to)\b|\b(?:association|correlation|"
                         r"relationship)\s+(?:between|of|with)\b|\bpredict\w*|\brisk\s+factor"),
        ("comparative", r"\b(?:higher|lower|greater|more|less|fewer|increased|decreased|elevated|reduced)\b[^.]{0,60}"
                        r"\b(?:than|compared|versus|vs\.?|in\s+(?:patients|those|women|men|children))\b"),
        ("none_reco", r"\b(?:should|needs?\s+to|is\s+needed|are\s+needed|warrant|recommend\w*|future|further\s+"
                      r"(?:research|studies|study|investigation)|is\s+required|are\s+required|necessary)\b"),
        ("registration", r"\b(?:registration|registered|clinicaltrials\.gov|nct\d+|isrctn|trial\s+number)\b"),
        ("no_difference", r"\bno\s+(?:significant\s+)?(?:difference|association|correlation|effect|change|"
                          r"relationship)\b|\bdid\s+not\s+(?:differ|affect|change|improve|reduce|increase)\b"),
        # Study design: trials and interventions back causal wording, observational designs association.
        ("design_trial", r"\b(?:randomi[sz]ed|rct|placebo|trial|intervention|treatment\s+with|treated\s+with|"
                         r"supplementation|administration\s+of|therapy)\b"),
        ("design_observational", r"\b(?:cohort|cross-sectional|observational|population-based|case-control|survey|"
                                 r"prospective|retrospective|national|registry)\b"),
        ("trial_and_causal", r"^(?=.*\b(?:randomi[sz]ed|placebo|intervention|treatment|therapy|supplementation|"
                             r"program(?:me)?)\b)(?=.*\b" + _CAUSAL_STEM + r")"),
        # Descriptive findings (prevalence, proportions) and tool/quality statements: usually no relation.
        ("descriptive", r"\b(?:prevalence|prevalent|incidence|common|frequent\w*|rare|proportion|majority|most\s+"
                        r"(?:patients|participants)|\d+(?:\.\d+)?\s?%|half\s+of|one\s+in)\b"),
        ("quality_claim", r"\b(?:safe|safety|feasib\w*|well[\s-]tolerated|tolerab\w*|reliab\w*|valid\w*|accura\w*|"
                          r"useful|acceptab\w*|reproducib\w*|sensitiv\w*|specific\w*|cost-effective|practical|"
                          r"simple|novel|tool|instrument|questionnaire|scale|method|technique|approach|option)\b"),
        ("risk_marker", r"\b(?:(?:risk|prognostic|predictive|independent)\s+(?:factor|marker|predictor)s?|biomarker|"
                        r"marker|predictor|prognos\w*)\b"),
        ("assoc_word_family", r"\b(?:predict\w*|associated|correlat\w*|linked|related)\b"),
        ("modal_be", r"\b(?:may|might|could)\s+be\b"),
        ("modal_then_causal", r"\b(?:may|might|could)\s+(?:\w+ly\s+)?(?:help\s+(?:to\s+)?)?" + _CAUSAL_STEM),
        ("can_then_causal", r"\bcan\s+(?:\w+ly\s+)?" + _CAUSAL_STEM),
        ("role_in", r"\b(?:role|roles)\s+(?:in|of|for)\b|\bcontribut\w*\s+to\b|\bmediat\w*\b"),
        ("effect_of_on", r"\b(?:effect|effects|impact|influence)\s+(?:of|on)\b"),
        ("had_effect", r"\b(?:had|has|have|showed|exerted)\s+(?:a\s+|an\s+|no\s+)?(?:\w+\s+){0,2}"
                       r"(?:effect|impact|benefit)\b"),
        ("negated_association", r"\b(?:not|no|nor|neither)\s+(?:\w+\s+){0,3}(?:associated|correlated|linked|"
                                r"related|associat\w*|correlat\w*|differ\w*)\b"),
        ("negated_causal", r"\b(?:not|no|nor|neither|failed\s+to)\s+(?:\w+\s+){0,3}" + _CAUSAL_STEM),
        ("future_work", r"\b(?:future|further|larger|more)\s+(?:research|studies|study|trials|investigation|work|"
                        r"data)\b|\b(?:is|are)\s+(?:needed|required|warranted)\b|\bshould\b|\bmust\b|"
                        r"\bneed\s+to\b"),
        ("this_study", r"^(?:\W*)(?:this|the|our|we|in\s+this|the\s+present|the\s+current)\b[^.]{0,40}\b"
                       r"(?:study|studies|review|analysis|paper|report|data|findings|results)\b"),
        ("reporting_verb", r"\b(?:suggest|indicat|demonstrat|show|reveal|confirm|support|provid\w*\s+evidence)\w*"
                           r"\s+(?:that\s+)?"),
        ("group_comparison", r"\b(?:compared\s+(?:with|to)|versus|vs\.?|than)\b"),
        ("after_treatment", r"\b(?:after|following|post-?)\s*(?:\w+\s+){0,3}(?:treatment|therapy|surgery|"
                            r"intervention|implantation|administration|training|program)\b"),
        ("significance", r"\bsignificant\w*\b|\bp\s*[<=]"),
    ),
)


def train_strength(train: Sequence[tuple[str, str]], *, extra: Sequence[tuple[str, str]] = (),
                   extra_weight: float = 1.0, c: float = 0.3, min_df: int = 2, char_weight: float = 0.7,
                   char_max_features: int = 50000, lexicon: StrengthLexicon = DEFAULT_LEXICON,
                   meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fit the model; return its JSON-serializable dict (see :class:`StrengthModel`).

    Parameters
    ----------
    train
        (sentence, label) pairs, weight 1.
    extra
        More pairs (e.g. in-domain PubMed conclusions) with weight ``extra_weight``.
    c
        LinearSVC regularization; classes are balanced. Deterministic (LinearSVC
        with ``random_state=0``).
    char_weight
        Scale of the character 2-5-gram TF-IDF block (``char_wb``, ``min_df=3``, at most
        ``char_max_features`` n-grams: the most frequent, ties broken by the vectorizer's
        sorted vocabulary); 0 leaves the block out (the ``/1`` model layout).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC
    import scipy.sparse as sp

    pairs = list(train) + list(extra)
    bad = {lab for _, lab in pairs} - set(Strength.values())
    if bad:
        raise ValueError(f"unknown labels {sorted(bad)}")
    texts = [t for t, _ in pairs]
    labels = [lab for _, lab in pairs]
    weights = np.r_[np.ones(len(train)), np.full(len(extra), extra_weight)]
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, lowercase=True)
    blocks = [vec.fit_transform(texts)]
    cvec = None
    if char_weight > 0:
        cvec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True,
                               min_df=min(3, len(texts)), max_features=char_max_features)
        blocks.append(cvec.fit_transform(texts) * char_weight)
    blocks.append(sp.csr_matrix(rule_features(texts, lexicon)))
    x = sp.hstack(blocks).tocsr()
    clf = LinearSVC(C=c, class_weight="balanced", random_state=0, max_iter=5000)
    clf.fit(x, labels, sample_weight=weights)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    char: dict[str, Any] | None = None
    if cvec is not None:
        char = {"analyzer": "char_wb", "ngram_range": [2, 5], "sublinear_tf": True, "weight": char_weight,
                "vocabulary": sorted(cvec.vocabulary_, key=cvec.vocabulary_.__getitem__),
                "idf": [round(float(v), 6) for v in cvec.idf_]}
    return {
        "format": FORMAT if char else "claimnlp-strength-linear/1",
        "char": char,
        "classes": [str(k) for k in clf.classes_],
        "vectorizer": {"ngram_range": [1, 2], "sublinear_tf": True, "min_df": min_df},
        "vocabulary": vocab,
        "idf": [round(float(v), 6) for v in vec.idf_],
        "feature_names": list(lexicon.feature_names),
        "feature_weight": 1.0,
        "lexicon": lexicon.to_dict(),
        "coef": [[round(float(v), 6) for v in row] for row in clf.coef_],
        "intercept": [round(float(v), 6) for v in clf.intercept_],
        "meta": dict(meta or {}),
    }


def macro_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, per-label P/R/F1 and macro-F1 over the four strength labels."""
    out: dict[str, Any] = {"n": len(gold)}
    out["accuracy"] = round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4) if gold else 0.0
    f1s = []
    for lab in Strength.values():
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        pr, rc, f = precision_recall_f1(tp, fp, fn)
        out[lab] = {"p": round(pr, 4), "r": round(rc, 4), "f1": round(f, 4), "support": tp + fn}
        f1s.append(f)
    out["macro_f1"] = round(sum(f1s) / len(f1s), 4)
    return out
