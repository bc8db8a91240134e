"""Compile the quantity rule files into regular expressions and lookup tables.

The grammar is built once per data folder (cached) from
:func:`claimnlp.quantities.lexicon.load_quantity_lexicon`; the parser only
uses the compiled, immutable :class:`Grammar`. Alternations are sorted longest
first so that ``pounds sterling`` wins over ``pounds`` and ``mL/kg`` is read
as ``mL`` followed by ``/kg`` (compound units are composed, not listed).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Iterable, Mapping

from claimnlp.quantities.lexicon import QuantityLexicon, UnitDef, load_quantity_lexicon

logger = logging.getLogger(__name__)

_WS = r"[ \t\u00a0\u202f]"
#: adjectives allowed between a number and its unit ("two extra weeks")
UNIT_ADJECTIVES = ("extra", "more", "additional", "full", "consecutive", "straight", "further", "separate",
                   "whole", "entire", "subsequent", "successive", "calendar", "working", "business", "long")
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

#: whitespace-delimited tokens that are identifiers, never quantities (URLs, DOIs, e-mails, trial IDs)
_TOKEN_BLOCK = (r"https?://|(?<!\S)www\.|\b(?:doi|DOI)\s*:?\s*10\.\d{4,9}/|(?<![\w.])10\.\d{4,9}/\S|\S@[\w-]+\.\w|"
                r"(?<![A-Za-z])(?:NCT|ISRCTN|ACTRN|ChiCTR|DRKS|CTRI|UMIN|JPRN|IRCT|KCT|PACTR|TCTR|NTR|CRD|SLCTR|RBR)"
                r"[-:#/]?\d|(?<![A-Za-z])PMC\d")
#: words after which the next number is an identifier
ID_PREFIX_WORDS = frozenset({"pmid", "pmc", "isbn", "issn", "eudract", "doi", "nct", "isrctn", "ref", "refs",
                             "no", "id", "registration", "pmcid", "ext", "extension", "tel", "phone", "fax", "call"})

#: identifier/date/time patterns tried *anchored* at a number (or a few characters before it):
#: (pattern, offsets before the number at which to try it)
_ANCHORED: tuple[tuple[str, tuple[int, ...]], ...] = (
    (r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}", (0, 1)),
    (r"(?<!\d)(?:\(\d{3}\)\s*|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b", (0, 1)),
    (r"\b1[ .-]8\d\d[ .-]\d{3}[ .-]\d{4}\b", (0,)),
    (r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]", (1, 2)),
    (r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b", (0,)),
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?:,?\s+\d{{4}})?", (0,)),
    (r"\b\d{1,2}:\d{2}(?::\d{2})?(?!\d)(?:\s*[AaPp]\.?[Mm]\.?)?", (0,)),
    (r"\b\d{1,4}\s?:\s?\d{1,4}(?::\d{1,4})?\b", (0,)),
    (r"\b\d{1,2}\s*(?:[ap]\.m\.|[AP]M|am|pm)(?![A-Za-z])", (0,)),
    (r"\b\d+\.\d+\.\d+(?:\.\d+)*\b", (0,)),
    (r"\b24/7\b", (0,)),
    (r"#\s?\d[\d-]*", (1, 2)),
    (r"%[0-9A-Fa-f]{2};?", (1,)),
    (r"&#\d+;", (2,)),
    (r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b", (3,)),
    (r"\b\d+\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|"
     r"Lane|Ln\.?|Way|Suite|Place|Court|Ct\.?)(?![A-Za-z])", (0,)),
    (r"\b\d{4}\s*;\s*\d+(?:\s*\(\d+\))?\s*:\s*[eE]?\d+(?:\s*[-–]\s*\d+)?", (0,)),
    (r"\b\d+\s*\(\d+\)\s*:\s*[eE]?\d+(?:\s*[-–]\s*\d+)?", (0,)),
    (r"\b[Tt]\s?1/2\b", (1, 2, 3, 4)),
    (r"(?<=[A-Za-z])\(\s*\d{1,3}\s*\)", (1, 2)),
    (r"(?<![A-Za-z])(?:[Ftrχ]|chi2|df)\s?\(\s*\d+(?:\.\d+)?(?:\s*,\s*\d+(?:\.\d+)?)?\s*\)", (2, 3, 4, 5, 6)),
)
#: a month name right before a number makes it a date ("Oct 2016", "March 12, 2020")
MONTH_WORD = re.compile(rf"(?<![\w])(?:{_MONTHS})\s*$")
MONTH_NUMBER = re.compile(r"\d{1,4}(?:st|nd|rd|th)?(?:,?\s+\d{4})?")
#: list markers: "1." at the start of a line or unit, or a bare "3." ending a text after a sentence
ORDINAL = re.compile(r"\d{1,2}[.)](?=\s|\Z)")
LINE_PREFIX = re.compile(r"(?:\A|\n)[ \t]*(?:[-*•·][ \t]*)?\Z")


def _rev_lit(s: str) -> str:
    """Regex for the reversed literal ``s`` (spaces match any whitespace)."""
    return re.escape(s[::-1]).replace(r"\ ", r"\s+")


def _rev_alt(items: Iterable[str], *, icase: bool | None, casefn: object = None) -> str:
    """Alternation of reversed literals, for end-anchored matching on a reversed window.

    An item that starts with a letter or digit must not be preceded by a word
    character in the original text, i.e. followed by one in the reversed text.
    ``icase=None`` decides per item with :func:`_is_abbrev` (abbreviations are
    case-sensitive).
    """
    parts = []
    for it in sorted(set(items), key=lambda x: (-len(x), x)):
        body = _rev_lit(it)
        ci = (not _is_abbrev(it)) if icase is None else icase
        if ci:
            body = f"(?i:{body})"
        if it[:1].isalnum():
            body += r"(?![\w'’])"
        parts.append(body)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"




def _alt(items: Iterable[str], *, words: bool) -> str:
    """Regex alternation, longest first; spaces match any whitespace."""
    uniq = sorted(set(items), key=lambda s: (-len(s), s))
    parts = []
    for s in uniq:
        p = re.escape(s).replace(r"\ ", r"\s+")
        parts.append(p)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _bound_left(s: str) -> str:
    return r"(?<![\w'’])" if s[:1].isalnum() else ""


def _alt_bounded(items: Iterable[str], *, icase: bool) -> str:
    """Alternation where each alphanumeric-initial item needs a word boundary on the left."""
    uniq = sorted(set(items), key=lambda s: (-len(s), s))
    parts = []
    for s in uniq:
        p = _bound_left(s) + re.escape(s).replace(r"\ ", r"\s*" if not s[:1].isalnum() else r"\s+")
        parts.append(p)
    body = "|".join(parts) if parts else "(?!)"
    return f"(?i:{body})" if icase else f"(?:{body})"


@dataclass(frozen=True, eq=False)
class Grammar:
    """Compiled patterns and lookups used by :mod:`claimnlp.quantities.parser`."""

    lex: QuantityLexicon
    number: re.Pattern[str]
    unit_after: re.Pattern[str]
    unit_symbols: Mapping[str, UnitDef]
    unit_words: Mapping[str, UnitDef]
    cur_rev: re.Pattern[str]
    qual_rev: re.Pattern[str]
    cue_rev: re.Pattern[str]
    cand: re.Pattern[str]
    chem_after: re.Pattern[str]
    slash_unit: re.Pattern[str]
    neg_exp: re.Pattern[str]
    sci_exp: re.Pattern[str]
    bp_after: re.Pattern[str]
    per_base: re.Pattern[str]
    apposition_age: re.Pattern[str]
    in_number: re.Pattern[str]
    half_compound: re.Pattern[str]
    word_first: frozenset[str]
    token_block: re.Pattern[str]
    anchored: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]
    cur_prefix_right: re.Pattern[str]
    cur_prefixes: Mapping[str, UnitDef]
    qual_after: re.Pattern[str]
    cue_kinds: Mapping[str, str]
    range_start_left: re.Pattern[str]
    every_left: re.Pattern[str]
    prev_word: re.Pattern[str]
    next_word: re.Pattern[str]
    range_conn: re.Pattern[str]
    compose: re.Pattern[str]
    rate_absorb: re.Pattern[str]
    period_after: re.Pattern[str]
    freq_adverb: re.Pattern[str]
    dose_adverb: re.Pattern[str]
    noun_after: re.Pattern[str]
    noun_next: re.Pattern[str]
    of_number: re.Pattern[str]
    of_population: re.Pattern[str]
    pct_paren: re.Pattern[str]
    sd_after: re.Pattern[str]
    age_after: re.Pattern[str]
    ratio_after: re.Pattern[str]
    conc_after: re.Pattern[str]
    conc_sentence: re.Pattern[str]
    ci_after_percent: re.Pattern[str]
    digit_scale: re.Pattern[str]
    word_scale: re.Pattern[str]
    and_half: re.Pattern[str]
    a_unit: re.Pattern[str]
    header_cues: Mapping[str, str]
    time_words: frozenset[str]


@lru_cache(maxsize=4)
def get_grammar(data_dir: str | None = None) -> Grammar:
    """Build (once per ``data_dir``) the compiled quantity grammar."""
    lex = load_quantity_lexicon(data_dir)
    sym: dict[str, UnitDef] = {}
    wrd: dict[str, UnitDef] = {}
    pre: dict[str, UnitDef] = {}
    for u in lex.units:
        for s in u.symbols:
            sym[s] = u
        for w in u.words:
            wrd[" ".join(w.lower().split())] = u
        for p in u.prefixes:
            pre[p.replace(" ", "")] = u
    # unit alternation: words case-insensitive, symbols case-sensitive, longest first
    surf: list[tuple[str, str]] = [(w, "(?i:" + re.escape(w).replace(r"\ ", r"\s+") + ")") for u in lex.units
                                   for w in u.words]
    surf += [(s, re.escape(s).replace(r"\ ", r"\s?")) for u in lex.units for s in u.symbols]
    surf.sort(key=lambda t: (-len(t[0]), t[0]))
    unit_alt = "(?:" + "|".join(p for _, p in surf) + ")"
    adj = "|".join(UNIT_ADJECTIVES)
    time_words = frozenset(w.lower() for u in lex.units if u.dimension == "time" for w in u.words)
    time_alt = _alt([w for w in time_words if len(w) > 2 and w not in ("second", "seconds", "sec", "secs")],
                    words=True)

    card = list(lex.cardinals) + list(lex.scales)
    simple_card = [c for c in card if " " not in c]
    phrase_card = [c for c in card if " " in c]
    w_alt = _alt(simple_card, words=True)
    frac_alt = _alt(lex.fractions, words=True)
    fnum_alt = _alt([c for c in lex.cardinals if " " not in c and lex.cardinals[c] < 20] + ["a", "an"], words=True)
    mult_alt = _alt(lex.multiplicatives, words=True)
    number_body = (
        r"(?P<phr>(?<![\w'’])(?i:" + _alt(phrase_card, words=True) + r")(?![\w'’]))"
        r"|(?P<frac>(?<![\w'’])(?i:(?:(?P<fnum>" + fnum_alt + r")[\s-]+)?(?P<fden>" + frac_alt + r"))(?![\w'’]))"
        r"|(?P<dfrac>(?<![\w./,])[1-9]\d{0,2}/[1-9]\d{0,4}(?![\w/]|\.\d))"
        r"|(?P<dig>(?:(?<![^\W\d_])(?<![0-9.,])[+\-−](?=\.?\d)|(?<![^\W\d_])(?<![0-9.,])(?<![^\W\d_][-−]))"
        r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3}|\x20(?=0)\d{3})+(?![\d,.])|\d+)(?:\.\d+)?(?!\.\d)|(?<![\w.])\.\d+)"
        r"|(?P<mult>(?<![\w'’])(?i:" + mult_alt + r")(?![\w'’]))"
        r"|(?P<fold>(?<![\w'’])(?i:" + _alt(lex.fold_words, words=True) + r")(?![\w'’]))"
        r"|(?P<word>(?<![\w'’-])(?i:" + w_alt + r"(?:(?:[\s-]+(?:and\s+)?)" + w_alt + r")*)(?![\w'’]))"
        r"|(?P<a>(?<![\w'’])(?:[Aa]n?)(?=\s+(?i:" + time_alt + r")(?![\w'’])))"
    )
    number = re.compile(number_body)

    unit_after = re.compile(
        rf"(?P<sep>{_WS}?-?{_WS}?)(?:(?P<adj>(?i:{adj})){_WS}+)?(?P<unit>{unit_alt})(?![A-Za-z])")
    alpha_pre = [p for p in pre if p[:1].isalpha()]
    sym_pre = [p for p in pre if not p[:1].isalpha()]
    pre_alt = "(?:" + "|".join([r"(?<![A-Za-z])" + re.escape(p) for p in sorted(alpha_pre, key=len, reverse=True)]
                               + [re.escape(p).replace(r"\$", r"\s?\$") for p in
                                  sorted(sym_pre, key=len, reverse=True)]) + ")"
    cur_prefix_right = re.compile(rf"(?P<cur>{pre_alt}){_WS}?(?=[0-9.])")

    qual_after = re.compile(r"(?P<q>\s*(?:" + "|".join(
        (r"\+(?![\d\w])" if k == "+" else r"\s" + re.escape(k).replace(r"\ ", r"\s+") + r"(?![\w])")
        for k in sorted(lex.qualifiers_after, key=len, reverse=True)) + "))")
    cue_kinds: dict[str, str] = {}
    for kind, cues in lex.left_cues.items():
        for cue in cues:
            cue_kinds.setdefault(cue.lower() if not _is_abbrev(cue) else cue, kind)
    range_start_left = re.compile(r"(?<![\w])(?i:between|from|range\s+of|ranging\s+from|ranged\s+from)"
                                  r"(?:\s+(?i:the\s+)?(?i:ages?)(?:\s+of)?)?\s+$")
    every_left = re.compile(r"(?<![\w])(?i:every)\s*$")
    prev_word = re.compile(r"(?P<w>[^\W\d_][\w'’.-]*)\s*$")
    next_word = re.compile(r"\s+(?P<w>[A-Za-z][\w'’-]*)")
    range_conn = re.compile(r"(?P<c>\s*[-–—‐‑]\s*|\s+to\s+|\s+(?P<and>and)\s+|\s+(?P<or>or)\s+|\s*(?P<comma>[,;])\s*)")

    # compound units: "/kg", " per kilogram", " per 1 kilogram", "/100ml", " a day"
    compose = re.compile(
        rf"(?P<sep>{_WS}*/{_WS}*|{_WS}+(?i:per|a|an|each|every){_WS}+|{_WS}*(?i:per){_WS}*(?=[0-9]))"
        rf"(?:(?P<f>\d+(?:\.\d+)?){_WS}*)?(?P<unit>{unit_alt})(?![A-Za-z])"
        r"(?P<bw>\s+(?:of\s+)?(?:(?:the\s+)?(?:\w+['’]s\s+)?)?(?i:body\s*weight|bodyweight|bw|body\s+mass))?")
    rate_absorb = re.compile(rf"(?:{_WS}+(?i:per|a|an|each|every){_WS}+|{_WS}*/{_WS}*)(?i:{time_alt})(?![\w])")
    periods = {k: v for k, v in lex.frequency_periods.items()}
    period_words = [k for k in periods if not k.endswith("ly")]
    adverbs = [k for k in periods if k.endswith("ly")]
    period_after = re.compile(rf"(?:{_WS}+(?i:a|an|per|each|every|a\s+single){_WS}+|{_WS}*/{_WS}*)(?P<p>(?i:" +
                              _alt(period_words, words=True) + r"))(?![\w])")
    dose_adverb = re.compile(rf"{_WS}+(?P<p>(?i:daily|nightly|weekly|monthly|a\s+day|per\s+day|each\s+day|every\s+day|"
                             r"a\s+week|per\s+week|a\s+month|per\s+month))(?![\w])")
    freq_adverb = re.compile(rf"(?:{_WS}*-{_WS}*|{_WS}+)(?P<p>(?i:" + _alt(adverbs, words=True) + r"))(?![\w])")
    nouns = list(lex.population | lex.dose_nouns | lex.count_nouns | lex.score_nouns)
    stop = ("of|the|and|or|with|in|to|for|were|was|had|have|has|who|that|at|on|by|from|per|a|an|are|is|than|"
            "as|more|less|times|fold|weeks?|days?|months?|years?|hours?|doses?|be|been|not|no|each|every|total")
    noun_after = re.compile(rf"(?:[\s-]+(?!(?:{stop})\b)[a-z][a-z-]*){{0,2}}?[\s-]+(?P<noun>(?i:" +
                            _alt(nouns, words=True) + r"))(?![\w-])")
    noun_next = re.compile(r"[\s-]+(?P<noun>(?i:" + _alt(nouns, words=True) + r"))(?![\w-])")
    word_num = rf"(?:[0-9]|(?i:{w_alt})(?![\w]))"
    of_number = re.compile(rf"\s+(?i:of|out\s+of)\s+(?:(?i:the|these|those|all|a\s+total\s+of)\s+)?(?={word_num})")
    of_population = re.compile(r"\s+of\s+(?P<noun>(?i:" + _alt(lex.population, words=True) + r"))(?![\w])")
    pct_paren = re.compile(r"\s*[(\[]\s*\d+(?:\.\d+)?\s*%")
    sd_after = re.compile(rf"(?:\s*(?:±|\+/-|\+/−|\+-)\s*\d+(?:\.\d+)?|\s*\(\s*SD\s*[=:,]?\s*\d+(?:\.\d+)?\s*\))"
                          rf"(?:{_WS}?(?P<unit>{unit_alt})(?![A-Za-z]))?")
    age_after = re.compile(rf"(?:{_WS}*-{_WS}*|{_WS}+)(?i:olds?|of\s+age)(?![\w])")
    ratio_after = re.compile(r"\s+(?i:more|less|higher|lower|greater|as|the|faster|slower|likelier|larger|smaller|"
                             r"increase|increased|reduction|reduced|decrease|decreased|risk|odds|stronger|"
                             r"weaker|better|worse|potent|likely|cheaper|costlier)(?![\w])")
    conc_words = lex.right_cues.get("concentration", ())
    conc_after = re.compile(rf"{_WS}*(?:\(?(?:w/v|w/w|v/v)\)?{_WS}*)?(?:" + _alt_bounded(conc_words, icase=False)
                            + r")(?![a-z])")
    conc_sentence = re.compile(r"(?<![\w])(?i:" + _alt(lex.right_cues.get("sentence_concentration", ("w/v",)),
                                                      words=True) + r")(?![\w])")
    ci_after_percent = re.compile(r"\s*(?:CI|C\.I\.|CrI|(?i:confidence|credible))(?![a-z])")
    digit_scale = re.compile(r"(?P<sp>\s?)(?P<s>" + _alt(lex.digit_scales, words=True) + r")(?![\w])")
    word_scale = re.compile(r"\s+(?P<s>(?i:" + _alt([s for s in lex.digit_scales if len(s) > 2], words=True)
                            + r"))(?![\w])")
    and_half = re.compile(r"\s+and\s+(?:a|one)\s+half(?![\w])|(?<=\d)\s*½")
    a_unit = re.compile(rf"{_WS}+(?:an?){_WS}+(?=(?:{unit_alt})(?![A-Za-z]))")
    header: dict[str, str] = {}
    for kind, cues in lex.header_cues.items():
        for cue in cues:
            header.setdefault(" ".join(cue.lower().split()), kind)
    cur_rev = re.compile(rf"{_WS}?(?P<cur>" + "|".join(
        [_rev_lit(p) + r"(?![A-Za-z])" for p in alpha_pre] + [_rev_lit(p) for p in sym_pre]) + ")")
    qual_rev = re.compile(r"\s*[;:]?\s*(?P<q>" + _rev_alt(lex.qualifiers_before, icase=True) + ")")
    op_words = ["is", "was", "were", "are", "of", "value of", "values of", "equal to", "ranged from",
                "ranging from", "from", "between"]
    all_cues = {c for cs in lex.left_cues.values() for c in cs}
    cue_rev = re.compile(r"\s*[(\[]?\s*(?P<op>(?:[=:,]|" + _rev_alt(op_words, icase=True) + r")?\s*)"
                         r"(?P<paren>\)[^()]{0,20}\(\s*)?(?P<cue>" + _rev_alt(all_cues, icase=None) + ")")
    chem_after = re.compile(r"(?:,\d+)+[-‐]?[A-Za-z(]|[-‐](?i:(?:di|tri|tetra|iso|nor|bis)?" +
                            _alt(lex.chemical_morphemes, words=True) + ")")
    per_base = re.compile(r"\s+(?i:per|in\s+every|for\s+every|in)\s+(?P<b>" + _alt(lex.population_bases, words=True)
                          + r")(?![\d,])")
    apposition_age = re.compile(r"(?:\b[A-Z][a-z]+|\))\s*,\s*$")
    bp_after = re.compile(r"/\d{2,3}\s*(?:mm\s?Hg|mmHg)(?![A-Za-z])")
    in_number = re.compile(rf"\s+(?i:in)\s+(?:(?i:every)\s+)?(?P<n>[0-9]+|(?i:{w_alt}))(?![\w.,/%-])")
    sci_exp = re.compile(r"(?P<x>\s*[x×·]\s*10)?\s*(?:\(\s*(?P<a>[-−+]?\d{1,2})\s*\)|\^\s*\(?(?P<b>[-−+]?\d{1,2})\)?|"
                         r"(?P<c>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))")
    half_compound = re.compile(r"[-‐](?i:" + _alt(lex.half_compounds, words=True) + r")(?![\w])")
    neg_exp = re.compile(rf"{_WS}*[.·]?{_WS}*(?P<unit>{unit_alt})(?:[-−‐](?P<e>[12])|⁻(?P<s>[¹²])|\(\s*[-−](?P<p>[12])\s*\))(?![\w])")
    slash_unit = re.compile(rf"{_WS}?/{_WS}?(?P<unit>{unit_alt})(?![A-Za-z])")
    word_first_pre = {c for c in lex.cardinals if " " not in c} | {c.split()[0] for c in lex.cardinals} \
        | set(lex.multiplicatives) | {"half", "a", "an"}
    word_first = set(lex.fold_words) | {c for c in lex.cardinals if " " not in c} | {c.split()[0] for c in lex.cardinals} \
        | set(lex.multiplicatives) | {"half", "a", "an"}
    word_first |= {c for c in lex.cardinals if " " not in c and lex.cardinals[c] < 20}
    cand = re.compile(r"[+\-−]?\.?[0-9]+|[A-Za-z]+")
    g = Grammar(
        lex=lex, number=number, unit_after=unit_after,
        unit_symbols=MappingProxyType(sym), unit_words=MappingProxyType(wrd),
        cur_prefix_right=cur_prefix_right, cur_prefixes=MappingProxyType(pre),
        qual_after=qual_after,
        cue_kinds=MappingProxyType(cue_kinds), range_start_left=range_start_left, every_left=every_left,
        prev_word=prev_word, next_word=next_word, range_conn=range_conn, compose=compose,
        rate_absorb=rate_absorb, dose_adverb=dose_adverb, period_after=period_after, freq_adverb=freq_adverb, noun_after=noun_after, noun_next=noun_next,
        of_number=of_number, of_population=of_population, pct_paren=pct_paren, sd_after=sd_after,
        age_after=age_after, ratio_after=ratio_after, conc_after=conc_after, conc_sentence=conc_sentence,
        ci_after_percent=ci_after_percent, digit_scale=digit_scale, word_scale=word_scale, and_half=and_half,
        a_unit=a_unit, chem_after=chem_after, slash_unit=slash_unit, neg_exp=neg_exp, sci_exp=sci_exp, per_base=per_base, apposition_age=apposition_age, bp_after=bp_after, in_number=in_number, half_compound=half_compound, cur_rev=cur_rev, qual_rev=qual_rev, cue_rev=cue_rev, cand=cand,
        word_first=frozenset(w.lower() for w in word_first), token_block=re.compile(_TOKEN_BLOCK),
        anchored=tuple((re.compile(p), backs) for p, backs in _ANCHORED), header_cues=MappingProxyType(header), time_words=time_words,
    )
    logger.debug("compiled quantity grammar (%d unit surfaces)", len(surf))
    return g


def _is_abbrev(cue: str) -> bool:
    """Short all-caps cues (RR, OR, HR, CI, N, ES) match case-sensitively."""
    letters = [c for c in cue if c.isalpha()]
    return bool(letters) and len(cue) <= 6 and any(c.isupper() for c in letters) and \
        sum(c.isupper() for c in letters) >= len(letters) - 1 and " " not in cue.strip() or cue in ("p", "n", "d", "g", "r")
