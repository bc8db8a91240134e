"""Property tests: render random quantities in many surface forms and parse them back exactly.

Each rendered quantity sits in a neutral carrier sentence; the parser must return
exactly one quantity whose span is the rendered string and whose value (or
low/high), unit and qualifier are the ones rendered. A second property feeds
arbitrary text and checks that parsing never raises and that spans are sane.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from claimnlp.quantities import parse_quantities

# (surface, UCUM code, is_word) - a sample of unit spellings, each rendered as written
UNITS = [
    ("mg", "mg", False), ("milligrams", "mg", True), ("g", "g", False), ("grams", "g", True),
    ("mL", "mL", False), ("ml", "mL", False), ("kg", "kg", False), ("kilograms", "kg", True),
    ("%", "%", False), ("percent", "%", True), ("hours", "h", True), ("h", "h", False),
    ("days", "d", True), ("weeks", "wk", True), ("months", "mo", True), ("years", "a", True),
    ("minutes", "min", True), ("min", "min", True), ("mg/kg", "mg/kg", False), ("g/kg", "g/kg", False),
    ("grams per kilogram", "g/kg", True), ("mL/kg", "mL/kg", False), ("mg/m2", "mg/m2", False),
    ("mcg", "ug", True), ("µg", "ug", False), ("IU", "[iU]", False), ("mg/dL", "mg/dL", False),
    ("mL/kg/h", "mL/kg/h", False), ("mg per day", "mg/d", True), ("mg/kg/day", "mg/kg/d", False),
    ("milliliters per kilogram per hour", "mL/kg/h", True), ("ng/mL", "ng/mL", False),
]
QUALIFIERS = [
    ("about ", "~"), ("approximately ", "~"), ("around ", "~"), ("nearly ", "~"), ("~", "~"), ("≈ ", "~"),
    ("up to ", "up to"), ("at least ", ">="), ("less than ", "<"), ("fewer than ", "<"), ("more than ", ">"),
    ("<", "<"), ("< ", "<"), ("≤", "<="), ("≥ ", ">="), (">", ">"), ("no more than ", "<="), ("", None),
]
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
         10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty", 21: "twenty-one", 30: "thirty",
         45: "forty-five", 60: "sixty"}
CARRIERS = [("The result was ", " in this group."), ("We saw ", "."), ("", " overall."), ("Levels reached ", ", then fell."),
            ("(", ")"), ("Outcome: ", "")]


@st.composite
def numbers(draw: st.DrawFn, *, allow_words: bool = True) -> tuple[str, float]:
    """A number and one of its spellings: 12, 12.5, 0.25, .5 (no), 1,250, twelve."""
    kind = draw(st.sampled_from(["int", "dec", "thousands", "word"] if allow_words else ["int", "dec", "thousands"]))
    if kind == "int":
        v = draw(st.integers(min_value=1, max_value=999))
        return str(v), float(v)
    if kind == "dec":
        whole = draw(st.integers(min_value=0, max_value=500))
        frac = draw(st.integers(min_value=1, max_value=99))
        s = f"{whole}.{frac:02d}" if draw(st.booleans()) else f"{whole}.{frac % 10 or 5}"
        return s, float(s)
    if kind == "thousands":
        v = draw(st.integers(min_value=1000, max_value=999_999))
        return f"{v:,}", float(v)
    v = draw(st.sampled_from(sorted(WORDS)))
    w = WORDS[v]
    return (w.capitalize() if draw(st.booleans()) else w), float(v)


def _render_unit(num: str, unit: str, is_word: bool, glue: bool) -> str:
    if is_word or not glue or not num[-1].isdigit():
        return f"{num} {unit}"
    return f"{num}{unit}"


@st.composite
def point_quantities(draw: st.DrawFn) -> tuple[str, dict]:
    unit, code, is_word = draw(st.sampled_from(UNITS))
    num, v = draw(numbers(allow_words=is_word))
    qtext, qual = draw(st.sampled_from(QUALIFIERS))
    if qtext.strip() in ("<", ">", "≤", "≥", "~", "≈") and not num[0].isdigit():
        qtext = qtext.strip() + " "
    s = qtext + _render_unit(num, unit, is_word, draw(st.booleans()))
    return s, {"value": v, "low": None, "high": None, "unit": code, "qualifier": qual}


@st.composite
def range_quantities(draw: st.DrawFn) -> tuple[str, dict]:
    unit, code, is_word = draw(st.sampled_from(UNITS))
    a, va = draw(numbers(allow_words=False))
    b, vb = draw(numbers(allow_words=False))
    assume(vb > va)
    form = draw(st.sampled_from(["{a}-{b} {u}", "{a}–{b} {u}", "{a} to {b} {u}", "between {a} and {b} {u}",
                                 "from {a} to {b} {u}", "{a} {u} to {b} {u}", "{a} – {b} {u}"]))
    if form == "{a} {u} to {b} {u}" and is_word and " " in unit:
        form = "{a} to {b} {u}"
    s = form.format(a=a, b=b, u=unit)
    qtext, qual = draw(st.sampled_from([("", None), ("about ", "~"), ("approximately ", "~"), ("up to ", "up to")]))
    if form.startswith(("between", "from")):
        qtext, qual = "", None
    return qtext + s, {"value": None, "low": va, "high": vb, "unit": code, "qualifier": qual}


@st.composite
def money(draw: st.DrawFn) -> tuple[str, dict]:
    v = draw(st.integers(min_value=1, max_value=250_000))
    cents = draw(st.booleans())
    amount = f"{v:,}.50" if cents else f"{v:,}"
    val = v + (0.5 if cents else 0.0)
    form, code = draw(st.sampled_from([("${n}", "USD"), ("US$ {n}", "USD"), ("USD {n}", "USD"), ("{n} dollars", "USD"),
                                        ("£{n}", "GBP"), ("€{n}", "EUR"), ("{n} yuan", "CNY"), ("{n} euros", "EUR"),
                                        ("RMB {n}", "CNY")]))
    if draw(st.booleans()):
        hi = val * 2
        hi_s = f"{hi:,.2f}" if cents else f"{int(hi):,}"
        conn = draw(st.sampled_from([" to ", "–", "-"]))
        if form.startswith("{n}"):
            s = f"{amount}{conn}{hi_s}" + form[3:]
        else:
            s = form.format(n=amount) + conn + form.format(n=hi_s)
        return s, {"value": None, "low": val, "high": hi, "unit": code, "qualifier": None}
    qtext, qual = draw(st.sampled_from([("", None), ("about ", "~"), ("≈ ", "~"), ("approximately ", "~"),
                                        ("up to ", "up to"), ("over ", ">"), ("under ", "<")]))
    return qtext + form.format(n=amount), {"value": val, "low": None, "high": None, "unit": code, "qualifier": qual}


@st.composite
def p_values(draw: st.DrawFn) -> tuple[str, dict]:
    digits = draw(st.integers(min_value=1, max_value=4))
    mant = draw(st.integers(min_value=1, max_value=9))
    v = mant / 10 ** digits
    num = f"{v:.{digits}f}"
    if draw(st.booleans()):
        num = num[1:]  # "P=.05"
    p = draw(st.sampled_from(["p", "P", "p-value", "P value"]))
    op, qual = draw(st.sampled_from([("<", "<"), ("=", None), ("≤", "<="), ("<=", "<="), ("<", "<"), (">", ">")]))
    sp1, sp2 = draw(st.sampled_from([("", ""), (" ", " "), (" ", "")]))
    if " " in p or "-" in p:
        sp1 = " "
    return f"{p}{sp1}{op}{sp2}{num}", {"value": v, "low": None, "high": None, "unit": "1", "qualifier": qual,
                                        "kind": "p_value"}


def _check(rendered: str, exp: dict, carrier: tuple[str, str]) -> None:
    pre, post = carrier
    text = pre + rendered + post
    got = parse_quantities(text, offset=3)
    assert len(got) == 1, (text, got)
    q = got[0]
    assert q.text == rendered, (text, q)
    assert q.start == 3 + len(pre) and q.end == q.start + len(rendered)
    for k in ("value", "low", "high"):
        e = exp[k]
        a = getattr(q, k)
        assert (e is None and a is None) or (e is not None and a is not None and math.isclose(a, e)), (text, k, q)
    assert q.unit == exp["unit"], (text, q)
    assert q.qualifier == exp["qualifier"], (text, q)
    if "kind" in exp:
        assert q.kind == exp["kind"], (text, q)


import os

N_EXAMPLES = int(os.environ.get("CLAIMNLP_HYPOTHESIS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=N_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(point_quantities(), st.sampled_from(CARRIERS))
@example(("2 g/kg", {"value": 2.0, "low": None, "high": None, "unit": "g/kg", "qualifier": None}), ("", "."))
@example(("about 2 grams per kilogram", {"value": 2.0, "low": None, "high": None, "unit": "g/kg", "qualifier": "~"}),
         ("", "."))
def test_point_round_trip(q: tuple[str, dict], carrier: tuple[str, str]) -> None:
    _check(q[0], q[1], carrier)


@SETTINGS
@given(range_quantities(), st.sampled_from(CARRIERS))
@example(("between 2 and 3 mg", {"value": None, "low": 2.0, "high": 3.0, "unit": "mg", "qualifier": None}), ("", "."))
def test_range_round_trip(q: tuple[str, dict], carrier: tuple[str, str]) -> None:
    _check(q[0], q[1], carrier)


@SETTINGS
@given(money(), st.sampled_from(CARRIERS))
@example(("$1,234.50", {"value": 1234.5, "low": None, "high": None, "unit": "USD", "qualifier": None}), ("", "."))
def test_money_round_trip(q: tuple[str, dict], carrier: tuple[str, str]) -> None:
    _check(q[0], q[1], carrier)


@SETTINGS
@given(p_values(), st.sampled_from(CARRIERS))
@example(("p < 0.05", {"value": 0.05, "low": None, "high": None, "unit": "1", "qualifier": "<", "kind": "p_value"}),
         ("", "."))
@example(("P=.05", {"value": 0.05, "low": None, "high": None, "unit": "1", "qualifier": None, "kind": "p_value"}),
         ("(", ")"))
def test_p_value_round_trip(q: tuple[str, dict], carrier: tuple[str, str]) -> None:
    _check(q[0], q[1], carrier)


NOISY = st.lists(st.sampled_from(list("0123456789 .,-–/%$£€<>=~≈±()[]|:;'\n\tpnPNdgkmLhxX") +
                                  ["mg", " to ", " and ", " or ", "between ", "about ", "per ", "kg", "weeks",
                                   "twice", "a day", "one", "half", "every ", "95% CI ", "RR ", "NCT0", "doi:10.",
                                   "yuan", "USD", "of the ", "children", "-year-old"]),
                 max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), NOISY), st.integers(min_value=0, max_value=10_000))
def test_never_raises_and_spans_are_consistent(text: str, offset: int) -> None:
    got = parse_quantities(text, offset=offset)
    last_end = offset
    for q in got:
        assert offset <= q.start < q.end <= offset + len(text)
        assert q.text == text[q.start - offset:q.end - offset]
        assert q.start >= last_end, "quantities overlap"
        last_end = q.end
        assert q.value is not None or (q.low is not None and q.high is not None)
        for v in (q.value, q.low, q.high):
            assert v is None or math.isfinite(v)


PERIODS = [("day", "d"), ("week", "wk"), ("month", "mo"), ("year", "a"), ("hour", "h")]


@st.composite
def schedules_and_people(draw: st.DrawFn) -> tuple[str, dict]:
    """Frequencies, ages, sample sizes and counts, each with its kind."""
    form = draw(st.sampled_from(["every", "times", "mult", "age", "aged", "n", "people", "of"]))
    n = draw(st.integers(min_value=2, max_value=90))
    word, code = draw(st.sampled_from(PERIODS))
    base = {"low": None, "high": None, "qualifier": None}
    if form == "every":
        return f"every {n} {word}s", {**base, "value": float(n), "unit": code, "kind": "frequency"}
    if form == "times":
        k = draw(st.integers(min_value=2, max_value=12))
        per = draw(st.sampled_from(["a", "per", "each"]))
        return f"{k} times {per} {word}", {**base, "value": float(k), "unit": "/" + code, "kind": "frequency"}
    if form == "mult":
        w, v = draw(st.sampled_from([("once", 1.0), ("twice", 2.0), ("thrice", 3.0)]))
        adv = {"d": "daily", "wk": "weekly", "mo": "monthly", "a": "yearly", "h": "hourly"}[code]
        return f"{w} {adv}", {**base, "value": v, "unit": "/" + code, "kind": "frequency"}
    if form == "age":
        return f"{n}-year-old", {**base, "value": float(n), "unit": "a", "kind": "age"}
    if form == "aged":
        hi = n + draw(st.integers(min_value=1, max_value=30))
        return f"{n} to {hi} years old", {**base, "value": None, "low": float(n), "high": float(hi), "unit": "a",
                                          "kind": "age"}
    if form == "n":
        big = draw(st.integers(min_value=5, max_value=99_999))
        s = draw(st.sampled_from(["n={}", "n = {}", "N={}", "N = {}"])).format(f"{big:,}" if big > 9999 else big)
        return s, {**base, "value": float(big), "unit": "1", "kind": "sample_size"}
    if form == "people":
        noun = draw(st.sampled_from(["patients", "children", "adults", "participants", "women", "volunteers"]))
        return f"{n} {noun}", {**base, "value": float(n), "unit": "1", "kind": "sample_size"}
    noun = draw(st.sampled_from(["studies", "trials", "cycles", "sessions", "visits"]))
    return f"{n} {noun}", {**base, "value": float(n), "unit": "1", "kind": "count"}


@SETTINGS
@given(schedules_and_people(), st.sampled_from(CARRIERS))
@example(("twice weekly", {"value": 2.0, "low": None, "high": None, "unit": "/wk", "qualifier": None,
                           "kind": "frequency"}), ("", "."))
@example(("n=46", {"value": 46.0, "low": None, "high": None, "unit": "1", "qualifier": None,
                   "kind": "sample_size"}), ("(total ", ")"))
def test_schedules_and_people_round_trip(q: tuple[str, dict], carrier: tuple[str, str]) -> None:
    _check(q[0], q[1], carrier)
