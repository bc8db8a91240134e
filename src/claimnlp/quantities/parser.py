"""Rule-based quantity extraction for biomedical and health text.

What it implements
------------------
One left-to-right pass over a text unit: a single compiled pattern finds number
anchors (digits, number words, fractions, "once/twice", "a" before a time unit),
then each anchor is extended with anchored patterns built from the rule files
(``units.json`` and ``quantity_*.json``, see :mod:`claimnlp.quantities.lexicon`):

* left: currency prefix (``$``, ``USD``), qualifier (``about``, ``<``, ``%3C;``),
  an operator (``=``, ``:``, ``of``) and a kind cue (``p``, ``Cohen's d``, ``RR``,
  ``95% CI``, ``n``, ``aged``), ``between``/``from`` and ``every``;
* right: scale (``million``, ``k``), unit (UCUM code, ISO 4217 for money), a range
  (``-``, ``to``, ``and`` after ``between``, ``or``; never collapsed to a mean, unlike
  quantulum3's ``get_values``), compound units (``g/kg``, ``2 grams per 1 kilogram``,
  ``mL/kg/h``), mean ± SD, a trailing qualifier (``or more``, ``+``), frequency
  markers (``a day``, ``weekly``) and count nouns (``children``, ``doses``).

The kind follows shared/eval/ANNOTATION.md: the unit's default kind (``%`` is a
percentage, ``mg`` a dose, ``kg`` a measurement, ``h`` a duration, money a cost),
overridden by cues (``p``, effect-size and ratio names, ``95% CI``, ``n =``,
``aged``, ``-year-old``, ``every``), by nouns (a population noun makes a
sample size, "4 of the 5" makes a count and a sample size) and, for table rows,
by the column header (:func:`claimnlp.quantities.tables.column_kind`).

Deliberately left out: arithmetic ("2 x 3"), unit conversion (values are kept
as written), ratios written as "1:2", and resolving numbers whose meaning is in
a previous sentence ("Others stretch it to 6").

Sources: UCUM (https://ucum.org/ucum) for unit codes, ISO 4217 for currencies,
quantulum3 (nielstron/quantulum3) for the data-driven design.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from claimnlp.model import Quantity
from claimnlp.quantities.grammar import ID_PREFIX_WORDS, LINE_PREFIX, MONTH_NUMBER, MONTH_WORD, ORDINAL, Grammar, get_grammar
from claimnlp.quantities.lexicon import UnitDef

logger = logging.getLogger(__name__)

_LEFT = 72  # characters of left context inspected
_TOKEN_END = re.compile(r"\S*")
_ALNUM_RUN = re.compile(r"[\w.-]*")
_LABEL_TAIL = re.compile(r"(?:\s*[-–,]\s*\d+[a-z]?)*")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_DENOM_DIMS = {"body_mass", "mass", "area", "time", "volume"}
_NUMERATOR_DIMS = {"mass", "volume", "amount", "activity", "body_mass"}
_FACTOR_UNITS = {(100.0, "mL"): "dL", (1000.0, "mL"): "L", (10.0, "dL"): "L"}
_STAT_KINDS = {"p_value", "effect_size", "ratio", "ci"}


@dataclass
class _Cand:
    """Working state of one quantity (internal, mutable while it is built)."""

    start: int
    end: int
    num_end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    unit: UnitDef | None = None
    code: str = "1"
    kind: str | None = None
    qualifier: str | None = None
    noun: str | None = None
    noun_cat: str | None = None
    bare: bool = True  # a number with nothing attached (list unit propagation)
    word: bool = False
    year_like: bool = False
    signed: bool = False
    is_range: bool = False
    qual_text: str = ""
    has_sd: bool = False


def _num_value(g: Grammar, m: re.Match[str]) -> tuple[float | None, int, bool]:
    """Value of a NUMBER match, the end offset actually used, and whether it is a word."""
    lex = g.lex
    kind = m.lastgroup
    s = m.group(0)
    if kind == "dig":
        t = s.replace(",", "").replace("−", "-").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
        try:
            return float(t), m.end(), False
        except ValueError:
            return None, m.end(), False
    if kind == "dfrac":
        a, b = s.split("/")
        na, nb = float(a), float(b)
        if na < nb:
            return na / nb, m.end(), False
        return na, m.start() + len(a), False
    if kind == "phr":
        return float(lex.cardinals[" ".join(s.lower().split())]), m.end(), True
    if kind == "frac":
        den = lex.fractions[m.group("fden").lower()]
        fnum = m.group("fnum")
        if fnum is None:
            if den != 2 or m.group("fden").lower() != "half":
                return None, m.end(), True
            return 0.5, m.end(), True
        f = fnum.lower()
        n = 1.0 if f in ("a", "an") else float(lex.cardinals.get(f, 0))
        if n <= 0:
            return None, m.end(), True
        return n / den, m.end(), True
    if kind == "mult":
        return float(lex.multiplicatives[s.lower()]), m.end(), True
    if kind == "fold":
        return float(lex.fold_words[s.lower()]), m.end(), True
    if kind == "a":
        return 1.0, m.end(), True
    # number words: "twenty-one", "two hundred and fifty", "one thousand"
    toks = [(t.group(0), t.start(), t.end()) for t in re.finditer(r"[A-Za-z]+", s)]
    total = 0.0
    cur = 0.0
    last_small: float | None = None
    end = m.start()
    for i, (w, _ts, te) in enumerate(toks):
        lw = w.lower()
        if lw == "and":
            if i == 0 or toks[i - 1][0].lower() not in ("hundred", "thousand"):
                break
            continue
        if lw in lex.scales:
            sc = float(lex.scales[lw])
            if sc == 100:
                cur = (cur or 1.0) * 100
            else:
                total += (cur or 1.0) * sc
                cur = 0.0
            last_small = None
        else:
            v = float(lex.cardinals.get(lw, -1))
            if v < 0:
                break
            if last_small is not None and not (last_small >= 20 and last_small % 10 == 0 and v < 10):
                break
            cur += v
            last_small = v
        end = m.start() + te
    if end == m.start():
        return None, m.end(), True
    return total + cur, end, True


class _Parser:
    """One parse of one text (holds the text and the grammar; not shared)."""

    def __init__(self, g: Grammar, text: str, forced_kind: str | None = None) -> None:
        self.g = g
        self.text = text
        self.forced = forced_kind
        self.pending: dict[int, str] = {}
        self.conc_sentence: bool | None = None

    # ------------------------------------------------------------------ helpers
    def _blocked(self, pos: int) -> int | None:
        """End of the identifier, date, phone number or list marker the number at ``pos`` belongs to, or None."""
        g, text = self.g, self.text
        n = len(text)
        lo = max(0, pos - 300)
        ts = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("\t", lo, pos), lo - 1) + 1
        m_te = _TOKEN_END.match(text, pos, min(n, pos + 300))
        te = m_te.end() if m_te else pos
        if g.token_block.search(text, ts, te):
            return te
        if ts == lo and lo > 0:
            # a very long token: an URL or DOI further back still makes it an identifier
            far = max(0, pos - 4000)
            ws = max(text.rfind(" ", far, pos), text.rfind("\n", far, pos), text.rfind("\t", far, pos))
            head = text[ws + 1:ws + 40]
            if "://" in head or head.startswith(("www.", "doi", "DOI", "10.")):
                return te
        best = -1
        for pat, backs in g.anchored:
            for b in backs:
                k = pos - b
                if k < 0:
                    continue
                m = pat.match(text, k)
                if m and m.end() > pos and m.end() > best:
                    best = m.end()
        if best > 0:
            return best
        left = text[max(0, pos - 24):pos]
        if MONTH_WORD.search(left):
            m = MONTH_NUMBER.match(text, pos)
            if m:
                return m.end()
        pw = self.g.prev_word.search(left)
        if pw and not left[pw.end():].strip(" :#.") and pw.group("w").lower().rstrip(".:") in ID_PREFIX_WORDS:
            return te
        om = ORDINAL.match(text, pos)
        if om:
            if LINE_PREFIX.search(text, 0, pos) or (text[om.end() - 1] == "." and not text[om.end():].strip()
                                                    and re.search(r"[.!?]\s+$", text[max(0, pos - 4):pos])):
                return om.end()
        return None

    def _unit_at(self, pos: int, *, allow_adj: bool = True) -> tuple[UnitDef, str, int, int] | None:
        m = self.g.unit_after.match(self.text, pos)
        if not m:
            return None
        if m.group("adj") and not allow_adj:
            return None
        sep = m.group("sep")
        surface = m.group("unit")
        u = self.g.unit_symbols.get(surface) or self.g.unit_symbols.get(surface.replace(" ", "")) \
            or self.g.unit_words.get(" ".join(surface.lower().split()))
        if u is None:
            return None
        is_symbol = surface in self.g.unit_symbols or surface.replace(" ", "") in self.g.unit_symbols
        if m.group("adj") and u.dimension != "time":
            return None
        if "-" in sep and is_symbol and u.code == "%":
            return None
        if u.dimension == "multiple" and surface in ("x", "X", "×"):
            # "3x daily", "2-3x/week", "2x more likely": only with a schedule or a comparison after it
            after = m.end()
            if not (self.g.period_after.match(self.text, after) or self.g.freq_adverb.match(self.text, after)
                    or self.g.ratio_after.match(self.text, after)):
                return None
            return u, surface, m.start("unit"), m.end()
        if is_symbol and len(surface) == 1 and surface.isalpha():
            # one-letter symbols (g, L, h, d, m, U, s) need a following non-letter and no hyphen
            if "-" in sep:
                return None
            if surface == "s" and not sep:
                return None  # "1990s", "in their 30s"
            nxt = self.text[m.end():m.end() + 2]
            if nxt[:1] in ("'", "’") or (nxt[:1] == "." and nxt[1:2].isalpha()):
                return None
        return u, surface, m.start("unit"), m.end()

    # ------------------------------------------------------------------ main
    def run(self) -> list[_Cand]:
        out: list[_Cand] = []
        text = self.text
        pos = 0
        n = len(text)
        g = self.g
        for hit in g.cand.finditer(text):
            cs = hit.start()
            if cs < pos:
                continue
            tok = hit.group()
            if tok[0].isalpha():
                if tok.lower() not in g.word_first:
                    continue
                m = g.number.match(text, cs)
            else:
                m = g.number.match(text, cs)
                if m is None and not tok[0].isdigit():
                    cs = next(i for i in range(cs, len(text)) if text[i].isdigit())
                    m = g.number.match(text, cs)
            if m is None:
                continue
            blk = self._blocked(m.start())
            if blk is not None:
                tail = _LABEL_TAIL.match(text, blk)  # "2017;48:230-236": the page range goes too
                pos = max(tail.end() if tail else blk, m.start() + 1)
                continue
            try:
                cand, nxt = self._parse(m, out[-1] if out else None)
            except (ValueError, OverflowError, KeyError) as exc:  # pragma: no cover - defensive
                logger.debug("quantity parse failed at %d: %s", m.start(), exc)
                cand, nxt = None, m.end()
            if cand is not None:
                if out and cand.start < out[-1].end:
                    cand.start = out[-1].end  # never overlap the previous quantity
                if cand.start < cand.end:
                    out.append(cand)
            pos = max(nxt, m.start() + 1)
        self._propagate_list_units(out)
        return out

    def _parse(self, m: re.Match[str], prev: _Cand | None) -> tuple[_Cand | None, int]:
        g, text, lex = self.g, self.text, self.g.lex
        group = m.lastgroup or ""
        value, num_end, is_word = _num_value(g, m)
        start = m.start()
        if value is None:
            return None, max(num_end, m.end())
        m_end = m.end()
        if group == "dfrac" and num_end < m.end():
            group = "dig"  # "140/90": not a fraction, read the first number only
            m_end = num_end
        raw = text[start:num_end]
        signed = group == "dig" and raw[:1] in "+-−"
        if signed:
            before = text[start - 1:start] if start else ""
            if before and not (before.isspace() or before in "([{=:;,/|"):
                start += 1
                value = abs(value)
                signed = False
        if group == "dig" and num_end < len(text) and text[num_end:num_end + 1].isalpha():
            # "5th", "3D", "12a": digits glued to letters must be a unit or scale
            if not self._unit_at(num_end) and not g.digit_scale.match(text, num_end):
                return None, self._skip_alnum(num_end)
        if group == "dig" and re.match(r"-[A-Z]{2,}", text[num_end:num_end + 4]) \
                and not g.cur_prefix_right.match(text, num_end + 1):
            return None, num_end  # 5-HT, 6-MP
        if group == "dig" and g.chem_after.match(text, num_end):
            return None, self._skip_alnum(num_end)  # 5-fluorouracil, 2,3-dihydro
        c = _Cand(start=start, end=num_end, num_end=num_end, value=value, word=is_word, signed=signed)
        if group == "dig" and raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
            c.year_like = True

        # ---------------- left context
        lstart = max(0, start - _LEFT)
        left = text[lstart:start]
        cur_unit: UnitDef | None = None
        lm = _rsearch(g.cur_rev, left)
        if lm:
            cur_unit = g.cur_prefixes.get(lm.group("cur").replace(" ", ""))
            if cur_unit is not None:
                c.start = lstart + lm.start("cur")
                left = left[:lm.start()]
        qual_pos = None
        qm = _rsearch(g.qual_rev, left)
        qualifier = None
        if qm:
            qualifier_text = " ".join(qm.group("q").lower().split())
            qualifier = lex.qualifiers_before.get(qualifier_text) or lex.qualifiers_before.get(qm.group("q"))
            if qualifier is None:
                for k, v in lex.qualifiers_before.items():
                    if k.lower() == qualifier_text:
                        qualifier, qualifier_text = v, k
                        break
            if qualifier is not None:
                qual_pos = lstart + qm.start("q")
                left = left[:qm.start()]
                c.qualifier = qualifier
                c.qual_text = qualifier_text
        cue_kind = None
        cue_pos: int | None = None
        cm = _rsearch(g.cue_rev, left)
        if cm:
            cue = " ".join(cm.group("cue").split())
            ck = g.cue_kinds.get(cue) or g.cue_kinds.get(cue.lower())
            if ck is None:
                for k, v in g.cue_kinds.items():
                    if k.lower().replace(" ", "") == cue.lower().replace(" ", ""):
                        ck = v
                        break
            has_op = bool(cm.group("op").strip()) or qualifier is not None
            if ck and (has_op or len(cue) > 1 and cue not in ("β", "ES", "MD", "RD", "SD", "ICC")):
                cue_kind = ck
                if ck in ("p_value", "sample_size"):
                    cue_pos = lstart + cm.start("cue")
        rs = g.range_start_left.search(left)
        range_start = rs is not None
        every = bool(g.every_left.search(left))
        pw = g.prev_word.search(left)
        prev_word = pw.group("w").lower() if pw else None  # the word right before the number (after cues)
        if prev_word and (prev_word in lex.skip_before or prev_word.rstrip(".") in lex.skip_before) \
                and qualifier is None and cur_unit is None and cue_kind is None and not text[start:start + 1].isalpha():
            return None, self._skip_label(num_end)
        time_point = None
        if prev_word and prev_word in lex.time_point_words and qualifier is None and cue_kind is None:
            time_point = g.unit_words.get(prev_word)
        if group == "a":
            before = text[:start].rstrip()
            if before and before[-1] not in ",;:(—–-" and qualifier is None \
                    and (prev_word is None or prev_word not in lex.a_number_prev_words):
                return None, m.end()

        # ---------------- right context
        pos = num_end
        if group == "dig":
            sm = g.digit_scale.match(text, pos) if cur_unit else g.word_scale.match(text, pos)
            if sm and (cur_unit or sm.group("s").lower() in ("thousand", "million", "billion", "trillion")):
                c.value = value = value * float(lex.digit_scales[sm.group("s")])
                pos = sm.end()
        if group == "dig":
            v_sci, p_sci = self._sci(raw, value, pos)
            if p_sci != pos:
                c.value = value = v_sci
                pos = p_sci
                c.bare = False
                c.has_sd = True  # reported like a measurement
        if group == "frac" and m.group("fnum") is None and g.half_compound.match(text, num_end):
            return None, num_end  # half-life, half-time
        if group == "frac" and re.search(r"(?i)\band\s+$", text[max(0, start - 6):start]):
            return None, num_end  # "a decade and a half" whose first part was not a number
        hm = g.and_half.match(text, pos)
        if hm and value == int(value):
            c.value = value = value + 0.5
            pos = hm.end()
        if group == "frac":
            am = g.a_unit.match(text, pos)
            if am:
                pos = am.end()
        unit1 = self._unit_at(pos)
        if unit1 and unit1[0].dimension == "currency" and cur_unit is not None:
            unit1 = None
        if unit1:
            c.unit = unit1[0]
            pos = unit1[3]
            c.bare = False
            hm2 = g.and_half.match(text, pos)
            if hm2 and value == int(value) and c.unit.dimension == "time":
                c.value = value = value + 0.5  # "a decade and a half", "two years and a half"
                pos = hm2.end()
        elif cur_unit is not None:
            c.unit = cur_unit
            c.bare = False
        if group == "mult" and c.unit is not None and c.unit.dimension != "multiple":
            c.unit = None
            pos = num_end
        # "95% CI": the confidence level is a cue, not a quantity
        if c.unit is not None and c.unit.code == "%" and g.ci_after_percent.match(text, pos):
            return None, pos
        if c.unit is None and re.match(r"\s?%\s*(?:CI|C\.I\.|CrI|(?i:confidence|credible))", text[pos:pos + 16]):
            return None, pos + text[pos:pos + 3].index("%") + 1  # "95%CI

        composed = False
        code: str = "1"
        dims: list[str] = []
        if unit1 is not None and c.unit is not None:
            code, dims, pos = self._compose(c.unit, pos)
            composed = True
        elif c.unit is not None:
            code, dims = c.unit.code, [c.unit.dimension]
            composed = True
        # ---------------- range
        ci_context = cue_kind == "ci" or (prev is not None and prev.kind in ("ratio", "effect_size")
                                          and re.fullmatch(r"\s*[(\[,;]\s*", text[prev.end:c.start] or "x") is not None
                                          and not prev.is_range)
        rm = g.range_conn.match(text, pos)
        if rm and not (c.unit and c.unit.dimension == "multiple" and not unit1):
            ok_conn = True
            if rm.group("and") and not range_start:
                ok_conn = False
            if rm.group("comma") and not ci_context:
                ok_conn = False
            if rm.group("or") and cue_kind in _STAT_KINDS:
                ok_conn = False
            if ok_conn and rm.group("or") and g.qual_after.match(text, pos):
                ok_conn = False
            if ok_conn:
                r2 = self._second(rm.end(), c, cur_unit)
                if r2 is not None:
                    v2, e2, u2, e2num = r2
                    lo, hi = value, v2
                    code2: str = "1"
                    dims2: list[str] = []
                    end2 = e2
                    if u2 is not None:
                        code2, dims2, end2 = self._compose(u2[0], u2[3])
                    if (hi > lo or (ci_context and hi >= lo)) and not (c.year_like and 1800 <= hi <= 2100 and u2 is None and c.unit is None):
                        if u2 is not None and c.unit is not None and code2 != code \
                                and c.unit.dimension != "currency":
                            pass
                        else:
                            c.low, c.high, c.value = lo, hi, None
                            c.is_range = True
                            if rs is not None and qual_pos is None and cur_unit is None and cue_kind is None:
                                c.start = lstart + rs.start()
                            c.bare = False
                            if u2 is not None:
                                if c.unit is None or c.unit.dimension == "currency":
                                    c.unit = u2[0]
                                    code, dims = code2, dims2
                                    composed = True
                                pos = end2
                            else:
                                pos = e2
                            c.year_like = False
        if c.year_like and c.unit is None and cue_kind is None and qualifier is None:
            # a year unless a count noun follows ("2000 patients")
            nm = g.noun_after.match(text, pos)
            if not nm:
                return None, pos
            c.year_like = False

        # ---------------- "500/mm3": a bare number per volume
        slash_code = None
        if c.unit is None and group == "dig" and g.bp_after.match(text, pos):
            c.unit = g.unit_symbols.get("mmHg")  # "140/90 mmHg": both numbers are pressures
            c.bare = False
        if c.unit is None and group == "dig":
            su = g.slash_unit.match(text, pos)
            if su:
                du0 = g.unit_symbols.get(su.group("unit")) or g.unit_words.get(" ".join(su.group("unit").lower().split()))
                if du0 is not None and du0.dimension == "volume":
                    slash_code = "/" + du0.code
                    pos = su.end()
        # ---------------- compound units and rates
        if not composed:
            if c.unit is not None:
                code, dims, pos = self._compose(c.unit, pos)
            else:
                code, dims = "1", []
        if c.unit is not None and c.unit.dimension == "time":
            ra = g.rate_absorb.match(text, pos)
            if ra:
                pos = ra.end()
        c.code = slash_code or code
        c.end = pos

        # ---------------- mean ± SD
        sdm = g.sd_after.match(text, pos)
        if sdm and not c.is_range:
            pos = c.end = sdm.end()
            if c.unit is None and sdm.group("unit"):
                u = g.unit_symbols.get(sdm.group("unit")) or g.unit_words.get(" ".join(sdm.group("unit").lower().split()))
                if u is not None:
                    c.unit = u
                    c.code, dims, pos = self._compose(u, pos)
                    c.end = pos
            c.bare = False
            c.has_sd = True

        # ---------------- trailing qualifier
        qa = g.qual_after.match(text, pos)
        if qa and c.qualifier is None and not (qa.group("q").strip() == "+" and signed):
            key = " ".join(qa.group("q").split())
            qual = lex.qualifiers_after.get(key) or lex.qualifiers_after.get(key.lower())
            if qual:
                c.qualifier = qual
                pos = c.end = qa.end()
                c.bare = False

        # qualifiers that do not apply to some dimensions ("over a 2 day period")
        if c.qualifier is not None and qual_pos is not None and c.unit is not None:
            qt = c.qual_text
            pw3 = g.prev_word.search(text[max(0, qual_pos - 30):qual_pos].rstrip(" ([,")) if qual_pos else None
            if c.unit.dimension in lex.qualifier_not_before.get(qt, frozenset()) and not (
                    pw3 and pw3.group("w").lower() in lex.population and c.unit.code == "a"):
                c.qualifier = None
                qual_pos = None
        if qual_pos is not None and c.qualifier is not None:
            c.start = min(c.start, qual_pos)

        # ---------------- kind
        kind: str | None = None
        unit = c.unit
        dim = unit.dimension if unit else None
        nxt_pos = c.end
        # age: "58-year-old", "aged 4 to 17 years", "Median age: 8"
        if dim == "time" and g.age_after.match(text, nxt_pos):
            am2 = g.age_after.match(text, nxt_pos)
            assert am2 is not None
            kind = "age"
            c.end = am2.end()
        elif cue_kind == "age" and (dim in (None, "time")):
            kind = "age"
            if unit is None:
                c.code = "a"
        if kind is None and dim == "time" and c.qualifier is not None and (
                (qa is not None and re.search(r"(?i)older|younger", qa.group("q")))
                or re.search(r"(?i)older|younger", c.qual_text)):
            kind = "age"  # "6 years and older", "younger than 6 months"
        if kind is None and dim == "time" and group == "phr" and " ".join(raw.lower().split()) in lex.frequency_phrases:
            kind = "frequency"  # "every other week"
        if kind is None and dim == "time" and every:
            kind = "frequency"
            ev = re.search(r"(?i:every|each)\s*$", text[max(0, c.start - 12):c.start])
            if ev and not qualifier:
                c.start = c.start - (len(text[max(0, c.start - 12):c.start]) - ev.start())
        if kind is None and dim == "multiple":
            if g.ratio_after.match(text, c.end) or unit is not None and "fold" in text[c.num_end:c.end].lower():
                kind = "ratio"
            else:
                pm = g.period_after.match(text, c.end) or g.freq_adverb.match(text, c.end)
                if pm:
                    kind = "frequency"
                    c.code = "/" + lex.frequency_periods[pm.group("p").lower()]
                    c.end = pm.end()
                else:
                    kind = "count"
        if kind is None and group == "fold":
            kind = "ratio"
        if kind is None and group == "mult":
            pm = g.period_after.match(text, c.end) or g.freq_adverb.match(text, c.end)
            if pm:
                kind = "frequency"
                c.code = "/" + lex.frequency_periods[pm.group("p").lower()]
                c.end = pm.end()
            elif re.match(r"\s+(?:as|the|normal|baseline|control|that|those|higher|more|less|lower|greater)\b",
                          text[c.end:]):
                kind = "ratio"
            elif raw.lower() == "once":
                return None, c.end
            else:
                kind = "count"
        if kind is None and slash_code is not None:
            kind = "measurement"
        if kind is None and group == "dfrac":
            kind = "ratio"
        if kind is None and unit is None:
            # nouns and frequency adverbs for bare numbers
            fa = g.freq_adverb.match(text, c.end)
            if fa:
                kind = "frequency"
                c.code = lex.frequency_periods[fa.group("p").lower()]
                c.end = fa.end()
            else:
                nm = g.noun_after.match(text, c.end)
                if nm:
                    noun = nm.group("noun").lower()
                    noun_end = nm.end()
                    nn = g.noun_next.match(text, noun_end)
                    while nn:  # compound: "three treatment cycles" (span to the last noun, kind from the first)
                        noun_end = nn.end()
                        nn = g.noun_next.match(text, noun_end)
                    c.noun = noun
                    c.bare = False
                    if noun in lex.population:
                        c.noun_cat = "population"
                    elif noun in lex.dose_nouns:
                        c.noun_cat = "dose"
                    elif noun in lex.score_nouns:
                        c.noun_cat = "score"
                    else:
                        c.noun_cat = "count"
                    if c.noun_cat == "dose":
                        of_m = re.match(r"\s+of\s+[a-z]+(?=\s+(?:a|an|per|each|every)\s)", text[noun_end:noun_end + 40])
                        pm = g.period_after.match(text, noun_end + (of_m.end() if of_m else 0))
                        if pm:
                            kind = "frequency"
                            c.code = "/" + lex.frequency_periods[pm.group("p").lower()]
                            noun_end = pm.end()
                        elif re.match(r"\s+(?:per|/|for\s+every)\s*[0-9]", text[noun_end:]):
                            kind = "dose"
                        else:
                            kind = "count"
                    elif c.noun_cat == "score":
                        kind = "measurement"
                    elif c.noun_cat == "population":
                        kind = "count" if g.pct_paren.match(text, noun_end) or value == 1 else "sample_size"
                    else:
                        kind = "count"
                        pm = g.period_after.match(text, noun_end)
                        if pm:  # "7,000 steps a day", "three meals a day"
                            kind = "frequency"
                            c.code = "/" + lex.frequency_periods[pm.group("p").lower()]
                            noun_end = pm.end()
                        elif group == "word" and raw.lower() in lex.pronoun_words and not noun.endswith("s") \
                                and c.qualifier is None and not c.is_range:
                            return None, noun_end  # "one study found", "one treatment cycle can cost": an article
                    c.end = noun_end
        if kind is None and unit is None and c.noun is None:
            pb = g.per_base.match(text, c.end)
            if pb:  # "5.3 per 100,000": a rate per population
                base = lex.population_bases[" ".join(pb.group("b").lower().split())]
                c.code = f"/10*{int(round(math.log10(base)))}" if base != 100 else "%"
                c.end = pb.end()
                kind = "ratio" if base != 100 else "percentage"
        if kind is None and unit is None and c.noun is None and group == "dig" and value == int(value) \
                and 1 <= value <= 120 and qualifier is None and re.match(r"\s*,", text[c.end:c.end + 2]) \
                and g.apposition_age.search(text[max(0, c.start - 40):c.start]):
            kind = "age"  # "Dr. Lee, 54, said"
            c.code = "a"
        if kind is None and unit is None and c.noun is None and group in ("dig", "word") and value == int(value):
            im = g.in_number.match(text, c.end)
            if im:
                den, _e2, _w2 = _num_value(g, g.number.match(text, im.start("n")) or m)
                if den is not None and den > value and den == int(den) and im.start("n") not in self.pending:
                    # "one in five adults": a proportion
                    c.value = value / den
                    c.end = im.end()
                    kind = "ratio"
        if kind is None and unit is None and c.noun is None:
            om = g.of_number.match(text, c.end)
            if om:
                kind = "count"
                self.pending[om.end()] = "sample_size"
            else:
                op = g.of_population.match(text, c.end)
                if op and group in ("dig", "word") and value == int(value) and not c.is_range:
                    kind = "sample_size"
        # ratio/effect/p/ci/n cues
        if cue_kind in _STAT_KINDS and (unit is None or dim == "percent" and cue_kind in ("ci", "effect_size")
                                        or cue_kind == "ci"):
            kind = cue_kind
            if cue_kind != "ci" or unit is None:
                pass
        elif cue_kind == "sample_size" and unit is None:
            kind = "sample_size"
        if kind is None and ci_context and c.is_range and (unit is None or dim not in ("currency",)):
            kind = "ci"
        if c.start in self.pending and kind in (None, "count", "sample_size"):
            kind = self.pending[c.start]
        if kind is None and cue_kind == "measurement" and unit is None:
            kind = "measurement"
        if kind is None and unit is None and c.noun is None and cue_kind is None and group == "dig" \
                and not c.is_range and slash_code is None and value == int(value) and "." not in raw:
            # "CB 3717", "HCN 2": a number right after an all-caps code is part of a name
            pc = re.search(r"(?<![\w-])([A-Z][A-Z0-9]{1,6})\s$", left)
            if pc and not pc.group(1).isdigit() and qualifier is None and cur_unit is None:
                return None, c.end
        if kind is None and unit is None and c.noun is None and c.is_range and c.high is not None and c.high <= 120 \
                and c.low is not None and c.low == int(c.low) and c.high == int(c.high) and pw is not None \
                and not left[pw.end():].strip() and pw.group("w").lower() in lex.population:
            kind = "age"  # "adults 18 to 85"
            c.code = "a"
        if kind is None and (unit is None or c.code == "a") and c.noun is None and qualifier in ("<", ">", "<=", ">=") \
                and group in ("dig", "word") and value == int(value) and 1 <= value <= 120 and qual_pos is not None:
            pw2 = g.prev_word.search(text[max(0, qual_pos - 30):qual_pos].rstrip(" ([,"))
            if pw2 and pw2.group("w").lower() in lex.population:
                kind = "age"  # "women under 40", "older patients (>/=60 years)"
                c.code = "a"
        if kind is None and time_point is not None and unit is None:
            c.unit, c.code, unit, dim = time_point, time_point.code, time_point, "time"
            kind = "duration"
        if kind is None and cue_kind == "measurement" and dim in ("mass", "body_mass", "length") and len(dims) == 1:
            kind = "measurement"
        if kind is None and unit is not None:
            kind = unit.kind
            if dim == "percent":
                if g.conc_after.match(text, c.end) or self._substance_after(c.end):
                    kind = "concentration"
                elif not re.match(r"\s+of\b", text[c.end:]) and self._conc_sentence():
                    kind = "concentration"
            if len(dims) > 1:
                if dims[0] in ("mass", "amount", "activity") and dims[1] == "volume":
                    kind = "concentration" if self._conc_context(c.end) else "measurement"
                elif dims[0] == "body_mass":
                    kind = "measurement"  # "kg/m2" (BMI), "5 pounds per year"
                else:
                    kind = "dose"
            if dim == "concentration":
                kind = "concentration" if self._conc_context(c.end) else "measurement"
        if kind is None:
            if c.signed or c.has_sd or (group == "dig" and value != int(value)):
                kind = "measurement"
            elif group == "frac" or group == "dfrac":
                kind = "ratio"
            elif is_word and raw.lower() in lex.word_kinds:
                kind = lex.word_kinds[raw.lower()]
            else:
                kind = "count"
        # "one" as a pronoun ("the big one", "one of the safest") is not a number
        if group == "word" and raw.lower() in lex.pronoun_words and unit is None and c.noun is None \
                and not c.is_range and kind in ("count",) and c.start not in self.pending and qualifier is None:
            om = g.of_number.match(text, c.end)
            nw = g.next_word.match(text, c.end)
            at_start = not text[:start].strip()
            verbish = bool(nw and (nw.group("w").lower() in lex.subject_verbs or nw.group("w").lower().endswith("ed")))
            if not om and not (at_start and verbish):
                return None, c.end
        # table column / forced kind
        if self.forced is not None and cue_kind is None and not (ci_context and c.is_range) \
                and (unit is None or kind == "count"):
            kind = self.forced
            if self.forced == "percentage" and unit is None:
                c.code = "%"
            elif self.forced == "age" and unit is None:
                c.code = "a"
        if kind == "ci" and unit is None and prev is not None and prev.code != "1" and not prev.is_range \
                and 0 <= c.start - prev.end <= 40:
            c.code = prev.code  # "3.2 kg (95% CI 1.1 to 5.3)": the interval has the estimate's unit
        c.kind = kind
        if cue_pos is not None and kind == cue_kind:
            c.start = min(c.start, cue_pos)
        return c, max(c.end, m_end)

    def _compose(self, unit: UnitDef, pos: int) -> tuple[str, list[str], int]:
        """Compound unit starting with ``unit`` whose surface ends at ``pos``: ``/kg``, ``per kilogram per hour``."""
        g, text = self.g, self.text
        code = unit.code
        dims = [unit.dimension]
        if unit.dimension not in _NUMERATOR_DIMS:
            return code, dims, pos
        while True:
            cm2 = g.compose.match(text, pos)
            if not cm2:
                ne = g.neg_exp.match(text, pos)
                if ne:
                    du = g.unit_symbols.get(ne.group("unit")) or g.unit_words.get(
                        " ".join(ne.group("unit").lower().split()))
                    if du is not None and du.dimension in _DENOM_DIMS | {"length"}:
                        dc = du.code + ("2" if (ne.group("e") == "2" or ne.group("s") == "²" or ne.group("p") == "2")
                                        and du.dimension == "length" else "")
                        code = f"{code}/{dc}"
                        dims.append("area" if dc.endswith("2") else du.dimension)
                        pos = ne.end()
                        continue
                break
            sep = cm2.group("sep").strip().lower()
            du = self.g.unit_symbols.get(cm2.group("unit")) or self.g.unit_words.get(
                " ".join(cm2.group("unit").lower().split()))
            if du is None or du.dimension not in _DENOM_DIMS:
                break
            if sep in ("a", "an", "each", "every") and du.dimension != "time":
                break
            f = float(cm2.group("f")) if cm2.group("f") else 1.0
            if du.dimension == dims[-1] and du.dimension != "time" and du.dimension != "volume":
                break
            dcode = du.code
            if f != 1.0:
                if sep != "/" or f != int(f):
                    break  # "per 10 kg" is a separate quantity; UCUM factors are integers
                dcode = _FACTOR_UNITS.get((f, du.code), f"({_fmt(f)}.{du.code})")
            code = f"{code}/{dcode}"
            dims.append(du.dimension)
            pos = cm2.end()
            if du.dimension == "time":
                break
        if "time" not in dims:
            da = g.dose_adverb.match(text, pos)
            if da:
                p = " ".join(da.group("p").lower().split()).split()[-1]
                per = g.lex.frequency_periods.get(p)
                if per:
                    code = f"{code}/{per}"
                    dims.append("time")
                    pos = da.end()
        # "5 mg/kg body weight"
        bw = re.match(r"\s+(?:of\s+)?(?:(?:the\s+)?\w+['’]s\s+)?(?i:body\s*weight|bodyweight)(?![\w])", text[pos:])
        if bw and "kg" in code:
            pos += bw.end()
        return code, dims, pos

    def _sci(self, raw: str, value: float, pos: int) -> tuple[float, int]:
        """Scientific notation after a number: "3.3 x 10(9)", "10(-8)", "2 × 10^5", "10⁻⁶"."""
        se = self.g.sci_exp.match(self.text, pos)
        if not se or not (se.group("x") or raw.lstrip("+-−") == "10"):
            return value, pos
        e_txt = (se.group("a") or se.group("b") or se.group("c")).translate(_SUPERSCRIPTS).replace("−", "-")
        try:
            exp = int(e_txt)
        except ValueError:
            return value, pos
        if not -30 <= exp <= 30:
            return value, pos
        return (value if se.group("x") else 1.0) * 10.0 ** exp, se.end()

    def _second(self, pos: int, c: _Cand, cur_unit: UnitDef | None) -> tuple[float, int, tuple[UnitDef, str, int, int] | None, int] | None:
        """Parse the upper bound of a range at ``pos``: [currency] number [scale] [unit]."""
        g, text = self.g, self.text
        p = pos
        cm = g.cur_prefix_right.match(text, p)
        if cm:
            if cur_unit is None and (c.unit is None or c.unit.dimension != "currency"):
                return None
            p = cm.end()
        m = g.number.match(text, p)
        if not m or m.lastgroup in ("a", "mult", "frac", "dfrac"):
            return None
        if self._blocked(m.start()) is not None:
            return None
        v, e, _w = _num_value(g, m)
        if v is None:
            return None
        if m.lastgroup == "dig":
            v, e = self._sci(m.group(0), v, e)
        if m.lastgroup == "dig" and text[m.start():m.start() + 1] in "+" and not c.signed:
            return None
        if cur_unit is not None:
            sm = g.digit_scale.match(text, e)
            if sm:
                v *= float(g.lex.digit_scales[sm.group("s")])
                e = sm.end()
        else:
            sm = g.word_scale.match(text, e)
            if sm:
                v *= float(g.lex.digit_scales[sm.group("s")])
                e = sm.end()
        u2 = self._unit_at(e)
        if u2 and u2[0].dimension == "currency" and (cur_unit is not None):
            u2 = None
        if m.lastgroup == "dig" and e < len(text) and text[e:e + 1].isalpha() and u2 is None:
            return None
        return v, e, u2, e

    def _skip_alnum(self, pos: int) -> int:
        m = _ALNUM_RUN.match(self.text, pos)
        return m.end() if m else pos

    def _skip_label(self, pos: int) -> int:
        """After "Table 1" / "pages 12-15": skip the label and a following range."""
        m = _LABEL_TAIL.match(self.text, pos)
        return m.end() if m else pos

    def _substance_after(self, pos: int) -> bool:
        """A chemical-looking word right after "1%" ("1% hydrocortisone") makes it a concentration."""
        m = self.g.next_word.match(self.text, pos)
        if not m:
            return False
        w = m.group("w").lower()
        lex = self.g.lex
        return w not in lex.substance_exceptions and any(w.endswith(suf) for suf in lex.substance_suffixes)

    def _conc_context(self, pos: int) -> bool:
        """Product strength ("a 10 mg/mL solution") rather than a lab value ("ferritin 30 ug/L")."""
        return bool(self.g.conc_after.match(self.text, pos)) or self._conc_sentence()

    def _conc_sentence(self) -> bool:
        if self.conc_sentence is None:
            self.conc_sentence = bool(self.g.conc_sentence.search(self.text))
        return self.conc_sentence

    def _propagate_list_units(self, out: list[_Cand]) -> None:
        """"5, 10 and 20 mg": bare numbers listed before a number with a unit share it."""
        i = 0
        while i < len(out):
            j = i
            while j + 1 < len(out) and out[j].bare and out[j].kind in ("count", "measurement") and not out[j].word \
                    and not out[j].signed and \
                    re.fullmatch(r"\s*,\s*|\s*,?\s*(?:and|or)\s+", self.text[out[j].end:out[j + 1].start]):
                j += 1
            last = out[j]
            if j > i and last.unit is not None and last.unit.dimension not in ("currency", "multiple") \
                    and not last.is_range:
                for k in range(i, j):
                    out[k].unit, out[k].code, out[k].kind = last.unit, last.code, last.kind
            i = j + 1


class _RevMatch:
    """A match on a reversed window, answering in the original window's coordinates."""

    __slots__ = ("m", "s", "n")

    def __init__(self, m: re.Match[str], s: str) -> None:
        self.m, self.s, self.n = m, s, len(s)

    def group(self, name: str) -> str:
        a, b = self.m.span(name)
        if a < 0:
            return ""
        return self.s[self.n - b:self.n - a]

    def start(self, name: str | None = None) -> int:
        if name is None:
            return self.n - self.m.end()
        return self.n - self.m.end(name)


def _rsearch(pat: re.Pattern[str], left: str) -> _RevMatch | None:
    """End-anchored search of ``left`` with a pattern written for the reversed string."""
    m = pat.match(left[::-1])
    return _RevMatch(m, left) if m else None


def _fmt(f: float) -> str:
    return str(int(f)) if f == int(f) else repr(f)


def _to_quantity(c: _Cand, text: str, offset: int) -> Quantity | None:
    s, e = c.start, c.end
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    if e <= s:
        return None
    for v in (c.value, c.low, c.high):
        if v is not None and (math.isnan(v) or math.isinf(v)):
            return None
    return Quantity(start=offset + s, end=offset + e, text=text[s:e], value=c.value, low=c.low, high=c.high,
                    unit=c.code or "1", kind=c.kind or "other", qualifier=c.qualifier)


def parse_text(text: str, *, offset: int = 0, forced_kind: str | None = None,
               data_dir: str | None = None) -> list[Quantity]:
    """Quantities in ``text`` (no table handling); see :func:`claimnlp.quantities.parse_quantities`."""
    if not text or not any(ch.isdigit() or ch.isalpha() for ch in text):
        return []
    g = get_grammar(data_dir)
    cands = _Parser(g, text, forced_kind).run()
    out = []
    for c in cands:
        q = _to_quantity(c, text, offset)
        if q is not None:
            out.append(q)
    return out


def shift(q: Quantity, delta: int) -> Quantity:
    """The same quantity with offsets moved by ``delta``."""
    return replace(q, start=q.start + delta, end=q.end + delta)
