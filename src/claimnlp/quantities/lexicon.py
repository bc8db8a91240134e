"""Typed, validated loaders for the quantity rule files.

The quantity extractor keeps every word list out of Python (STYLE.md, section 4:
quantulum3 keeps ``units.json`` and its number words apart from the parser). The
files live in ``claimnlp/lexicon/data``:

``units.json``
    Unit surfaces mapped to a UCUM code (https://ucum.org/ucum), a dimension and a
    default :class:`claimnlp.schema.QuantityKind`; currencies carry ISO 4217 codes
    and the symbols written before an amount (``$``, ``£``, ``USD``).
``quantity_words.json``
    Number words, scales, fractions and multiplicatives (once, twice).
``quantity_qualifiers.json``
    Phrases before/after a number mapped to :class:`claimnlp.schema.Qualifier`.
``quantity_nouns.json``
    Population nouns (sample sizes), dose and count nouns, frequency adverbs and
    words that make a following number a label rather than a quantity.
``quantity_cues.json``
    Kind cues left of a number (``p =``, ``Cohen's d``, ``95% CI``), right of it
    (``-year-old``) and in table headers.

Every loader rejects unknown keys, duplicate JSON keys, unknown labels and empty
lists, and returns frozen dataclasses of tuples and read-only mappings, cached per
path. Nothing here compiles regular expressions; see ``grammar.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from claimnlp.lexicon.jsonfile import loads_strict
from claimnlp.schema import Qualifier, QuantityKind

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "lexicon" / "data"

DIMENSIONS = frozenset({
    "percent", "mass", "body_mass", "volume", "amount", "concentration", "activity", "length", "area",
    "pressure", "temperature", "energy", "rate", "time", "multiple", "currency",
})


class QuantityLexiconError(ValueError):
    """A quantity rule file is malformed (unknown key, duplicate, unknown label, empty)."""


@dataclass(frozen=True)
class UnitDef:
    """One unit: UCUM (or ISO 4217) ``code``, ``dimension``, default ``kind`` and its surfaces."""

    name: str
    code: str
    dimension: str
    kind: str
    words: tuple[str, ...]
    symbols: tuple[str, ...]
    prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything the quantity grammar is built from (immutable)."""

    units: tuple[UnitDef, ...]
    cardinals: Mapping[str, float]
    scales: Mapping[str, float]
    digit_scales: Mapping[str, float]
    fractions: Mapping[str, int]
    multiplicatives: Mapping[str, int]
    fold_words: Mapping[str, float]
    population_bases: Mapping[str, float]
    word_kinds: Mapping[str, str]
    pronoun_words: frozenset[str]
    half_compounds: frozenset[str]
    frequency_phrases: frozenset[str]
    subject_verbs: frozenset[str]
    a_number_prev_words: frozenset[str]
    qualifiers_before: Mapping[str, str]
    qualifiers_after: Mapping[str, str]
    qualifier_not_before: Mapping[str, frozenset[str]]
    population: frozenset[str]
    dose_nouns: frozenset[str]
    score_nouns: frozenset[str]
    count_nouns: frozenset[str]
    frequency_periods: Mapping[str, str]
    time_point_words: frozenset[str]
    chemical_morphemes: tuple[str, ...]
    skip_before: frozenset[str]
    left_cues: Mapping[str, tuple[str, ...]]
    right_cues: Mapping[str, tuple[str, ...]]
    header_cues: Mapping[str, tuple[str, ...]]
    header_units: Mapping[str, str]
    header_unit_hints: Mapping[str, str]
    substance_suffixes: tuple[str, ...]
    substance_exceptions: frozenset[str]
    versions: Mapping[str, str]


def _read(path: Path, allowed: set[str], required: set[str]) -> dict[str, Any]:
    try:
        data = loads_strict(path.read_text(encoding="utf-8"), QuantityLexiconError)
    except QuantityLexiconError as exc:
        raise QuantityLexiconError(f"{path.name}: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise QuantityLexiconError(f"{path.name}: empty or not an object")
    unknown = set(data) - allowed - {"version", "source"}
    if unknown:
        raise QuantityLexiconError(f"{path.name}: unknown keys {sorted(unknown)}")
    missing = (required | {"version", "source"}) - set(data)
    if missing:
        raise QuantityLexiconError(f"{path.name}: missing keys {sorted(missing)}")
    return data


def _strs(name: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise QuantityLexiconError(f"{name}: {key!r} must be a non-empty list of strings")
    seen: set[str] = set()
    for v in value:
        if v in seen:
            raise QuantityLexiconError(f"{name}: duplicate entry {v!r} in {key!r}")
        seen.add(v)
    return tuple(value)


def _num_map(name: str, key: str, value: Any) -> Mapping[str, float]:
    if not isinstance(value, dict) or not value:
        raise QuantityLexiconError(f"{name}: {key!r} must be a non-empty object")
    for k, v in value.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise QuantityLexiconError(f"{name}: {key}[{k!r}] must be a number")
    return MappingProxyType(dict(value))


def _label_map(name: str, key: str, value: Any, labels: tuple[str, ...]) -> Mapping[str, str]:
    if not isinstance(value, dict) or not value:
        raise QuantityLexiconError(f"{name}: {key!r} must be a non-empty object")
    for k, v in value.items():
        if v not in labels:
            raise QuantityLexiconError(f"{name}: {key}[{k!r}] = {v!r} is not one of {labels}")
    return MappingProxyType(dict(value))


def _kind_lists(name: str, key: str, value: Any, extra: tuple[str, ...] = ()) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value:
        raise QuantityLexiconError(f"{name}: {key!r} must be a non-empty object")
    out = {}
    for k, v in value.items():
        if k not in QuantityKind.values() and k not in extra:
            raise QuantityLexiconError(f"{name}: {key} has unknown kind {k!r}")
        out[k] = _strs(name, f"{key}.{k}", v)
    return MappingProxyType(out)


_UNIT_KEYS = {"code", "dimension", "kind", "words", "symbols", "prefixes", "source"}


def load_units(path: Path) -> tuple[UnitDef, ...]:
    """Load and validate ``units.json``."""
    data = _read(path, {"units"}, {"units"})
    units = data["units"]
    if not isinstance(units, dict) or not units:
        raise QuantityLexiconError(f"{path.name}: 'units' must be a non-empty object")
    out: list[UnitDef] = []
    seen_words: dict[str, str] = {}
    seen_symbols: dict[str, str] = {}
    seen_prefixes: dict[str, str] = {}
    for name, u in units.items():
        if not isinstance(u, dict):
            raise QuantityLexiconError(f"{path.name}: unit {name!r} must be an object")
        unknown = set(u) - _UNIT_KEYS
        if unknown:
            raise QuantityLexiconError(f"{path.name}: unit {name!r} has unknown keys {sorted(unknown)}")
        for req in ("code", "dimension", "kind", "words", "symbols"):
            if req not in u:
                raise QuantityLexiconError(f"{path.name}: unit {name!r} lacks {req!r}")
        if u["dimension"] not in DIMENSIONS:
            raise QuantityLexiconError(f"{path.name}: unit {name!r} has unknown dimension {u['dimension']!r}")
        if u["kind"] not in QuantityKind.values():
            raise QuantityLexiconError(f"{path.name}: unit {name!r} has unknown kind {u['kind']!r}")
        words = tuple(u["words"])
        symbols = tuple(u["symbols"])
        prefixes = tuple(u.get("prefixes", ()))
        if not words and not symbols:
            raise QuantityLexiconError(f"{path.name}: unit {name!r} has no surfaces")
        for table, items, norm in ((seen_words, words, str.lower), (seen_symbols, symbols, str),
                                   (seen_prefixes, prefixes, str)):
            for s in items:
                if not isinstance(s, str) or not s.strip():
                    raise QuantityLexiconError(f"{path.name}: unit {name!r} has an empty surface")
                key = norm(s)
                if key in table:
                    raise QuantityLexiconError(f"{path.name}: surface {s!r} of {name!r} already belongs to {table[key]!r}")
                table[key] = name
        if prefixes and u["dimension"] != "currency":
            raise QuantityLexiconError(f"{path.name}: only currencies take prefixes ({name!r})")
        out.append(UnitDef(name, str(u["code"]), u["dimension"], u["kind"], words, symbols, prefixes))
    return tuple(out)


@lru_cache(maxsize=8)
def load_quantity_lexicon(data_dir: str | None = None) -> QuantityLexicon:
    """Load, validate and cache the five quantity rule files from ``data_dir``.

    Parameters
    ----------
    data_dir
        Folder holding ``units.json`` and ``quantity_*.json``; the packaged
        ``claimnlp/lexicon/data`` when ``None``.

    Raises
    ------
    QuantityLexiconError
        On unknown keys, duplicate keys or surfaces, unknown kinds/qualifiers or empty lists.
    """
    d = Path(data_dir) if data_dir else DATA_DIR
    units = load_units(d / "units.json")
    w = _read(d / "quantity_words.json",
              {"cardinals", "scales", "digit_scales", "fractions", "multiplicatives", "word_kinds",
               "pronoun_words", "subject_verbs", "a_number_prev_words", "half_compounds", "frequency_phrases",
               "fold_words", "population_bases"},
              {"cardinals", "scales", "fractions", "multiplicatives"})
    q = _read(d / "quantity_qualifiers.json", {"before", "after", "not_before_dimensions"}, {"before", "after"})
    n = _read(d / "quantity_nouns.json",
              {"population", "dose_nouns", "count_nouns", "score_nouns", "frequency_periods", "rate_markers",
               "time_point_words", "skip_before", "chemical_morphemes"},
              {"population", "dose_nouns", "count_nouns", "frequency_periods", "skip_before"})
    c = _read(d / "quantity_cues.json",
              {"left_cues", "right_cues", "header_cues", "header_units", "header_unit_hints", "substance_suffixes",
               "substance_exceptions"},
              {"left_cues", "right_cues", "header_cues"})
    name_w, name_q, name_n, name_c = ("quantity_words.json", "quantity_qualifiers.json",
                                      "quantity_nouns.json", "quantity_cues.json")
    quals = Qualifier.values()
    not_before = q.get("not_before_dimensions", {})
    for k, dims in not_before.items():
        if k not in q["before"]:
            raise QuantityLexiconError(f"{name_q}: not_before_dimensions names unknown qualifier {k!r}")
        for dim in _strs(name_q, f"not_before_dimensions.{k}", dims):
            if dim not in DIMENSIONS:
                raise QuantityLexiconError(f"{name_q}: unknown dimension {dim!r}")
    freq = n["frequency_periods"]
    if not isinstance(freq, dict) or not freq or not all(isinstance(v, str) and v for v in freq.values()):
        raise QuantityLexiconError(f"{name_n}: 'frequency_periods' must map words to unit codes")
    header_units = c.get("header_units", {})
    for k in header_units:
        if k not in QuantityKind.values():
            raise QuantityLexiconError(f"{name_c}: header_units has unknown kind {k!r}")
    word_kinds = _label_map(name_w, "word_kinds", w.get("word_kinds", {"zero": "other"}), QuantityKind.values())
    lex = QuantityLexicon(
        units=units,
        cardinals=_num_map(name_w, "cardinals", w["cardinals"]),
        scales=_num_map(name_w, "scales", w["scales"]),
        digit_scales=_num_map(name_w, "digit_scales", w.get("digit_scales", {"million": 1e6})),
        fractions=MappingProxyType({k: int(v) for k, v in _num_map(name_w, "fractions", w["fractions"]).items()}),
        multiplicatives=MappingProxyType({k: int(v) for k, v in
                                          _num_map(name_w, "multiplicatives", w["multiplicatives"]).items()}),
        word_kinds=word_kinds,
        population_bases=_num_map(name_w, "population_bases", w.get("population_bases", {"100,000": 100000})),
        fold_words=_num_map(name_w, "fold_words", w.get("fold_words", {"twofold": 2})),
        frequency_phrases=frozenset(_strs(name_w, "frequency_phrases", w.get("frequency_phrases", ["every other"]))),
        half_compounds=frozenset(_strs(name_w, "half_compounds", w.get("half_compounds", ["life"]))),
        pronoun_words=frozenset(_strs(name_w, "pronoun_words", w.get("pronoun_words", ["one"]))),
        subject_verbs=frozenset(x.lower() for x in _strs(name_w, "subject_verbs", w.get("subject_verbs", ["was"]))),
        a_number_prev_words=frozenset(x.lower() for x in _strs(name_w, "a_number_prev_words",
                                                               w.get("a_number_prev_words", ["within"]))),
        qualifiers_before=_label_map(name_q, "before", q["before"], quals),
        qualifiers_after=_label_map(name_q, "after", q["after"], quals),
        qualifier_not_before=MappingProxyType({k: frozenset(v) for k, v in not_before.items()}),
        population=frozenset(x.lower() for x in _strs(name_n, "population", n["population"])),
        dose_nouns=frozenset(x.lower() for x in _strs(name_n, "dose_nouns", n["dose_nouns"])),
        count_nouns=frozenset(x.lower() for x in _strs(name_n, "count_nouns", n["count_nouns"])),
        score_nouns=frozenset(x.lower() for x in _strs(name_n, "score_nouns", n.get("score_nouns", ["points"]))),
        frequency_periods=MappingProxyType(dict(freq)),
        time_point_words=frozenset(_strs(name_n, "time_point_words", n.get("time_point_words", ["day"]))),
        chemical_morphemes=_strs(name_n, "chemical_morphemes", n.get("chemical_morphemes", ["methyl"])),
        skip_before=frozenset(x.lower() for x in _strs(name_n, "skip_before", n["skip_before"])),
        left_cues=_kind_lists(name_c, "left_cues", c["left_cues"]),
        right_cues=_kind_lists(name_c, "right_cues", c["right_cues"], extra=("sentence_concentration",)),
        header_cues=_kind_lists(name_c, "header_cues", c["header_cues"]),
        header_units=MappingProxyType(dict(header_units)),
        header_unit_hints=MappingProxyType(dict(c.get("header_unit_hints", {}))),
        substance_suffixes=_strs(name_c, "substance_suffixes", c.get("substance_suffixes", ["azole"])),
        substance_exceptions=frozenset(_strs(name_c, "substance_exceptions", c.get("substance_exceptions", ["x"]))),
        versions=MappingProxyType({"units": str(_read(d / "units.json", {"units"}, {"units"})["version"]),
                                   "words": str(w["version"]), "qualifiers": str(q["version"]),
                                   "nouns": str(n["version"]), "cues": str(c["version"])}),
    )
    overlap = lex.population & lex.dose_nouns
    if overlap:
        raise QuantityLexiconError(f"{name_n}: nouns both population and dose: {sorted(overlap)}")
    logger.debug("loaded quantity lexicon from %s (%d units)", d, len(units))
    return lex
