"""Claim assembly on hand-built blocks, units and mentions (no spaCy, no lexicon)."""

from claimnlp.claims.assemble import UnitInfo, assemble, classify_type, dominant, is_claim_candidate
from claimnlp.claims.rules import load_rules
from claimnlp.model import Block, Mention, Unit

RULES = load_rules()


def _doc(parts):
    """Build text, blocks, units from [(kind, text, extra)] with one unit per block."""
    text, blocks, units = "", [], []
    section: tuple[int, ...] = ()
    lead = None
    for kind, t, extra in parts:
        start = len(text)
        text += t + "\n\n"
        end = start + len(t)
        i = len(blocks)
        if kind == "heading":
            section = (i,)
        b = Block(kind, start, end, start, level=1 if kind == "heading" else 0,
                  section=() if kind == "heading" else section,
                  lead=lead if kind == "list_item" else None)
        if kind == "paragraph" and t.endswith(":"):
            lead = i
        blocks.append(b)
        units.append(Unit(start, end, kind if kind != "paragraph" else "sentence", i))
    return text, blocks, units


def _mention(text, surface, label, nid=None, name=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(label, start, start + len(surface), surface, nid, name, "lexicon")


def _infos(units, ents):
    return [UnitInfo(u, tuple(m for m in ents if u.start <= m.start and m.end <= u.end)) for u in units]


def test_named_pair_and_one_row_per_pair():
    text, blocks, units = _doc([("paragraph", "Rituximab and plasma exchange both helped patients with myasthenia gravis.", None)])
    ents = [_mention(text, "Rituximab", "INTERVENTION", "MESH:D000069283", "rituximab"),
            _mention(text, "plasma exchange", "INTERVENTION", "MESH:D010951", "plasma exchange"),
            _mention(text, "myasthenia gravis", "CONDITION", "MESH:D009157", "myasthenia gravis")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    pairs = {(d.intervention.text, d.condition.text) for d in drafts}
    assert pairs == {("Rituximab", "myasthenia gravis"), ("plasma exchange", "myasthenia gravis")}
    assert all(d.intervention.source == "text" for d in drafts)


def test_list_item_takes_condition_and_intervention_from_lead_in():
    text, blocks, units = _doc([
        ("paragraph", "Methotrexate is used for several conditions:", None),
        ("list_item", "Rheumatoid arthritis", None),
    ])
    ents = [_mention(text, "Methotrexate", "INTERVENTION", "MESH:D008727", "methotrexate"),
            _mention(text, "Rheumatoid arthritis", "CONDITION", "MESH:D001172", "rheumatoid arthritis")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    item = [d for d in drafts if d.unit.kind == "list_item"]
    assert len(item) == 1
    assert item[0].intervention.text == "Methotrexate" and item[0].intervention.source == "list_header"
    assert item[0].condition.source == "text"


def test_section_heading_supplies_missing_intervention():
    text, blocks, units = _doc([
        ("heading", "Why doctors use plasma exchange", None),
        ("paragraph", "Most patients regain strength within two weeks of starting.", None),
    ])
    blocks[0] = blocks[0].__class__(**{**blocks[0].__dict__, "level": 2})  # a section heading, not a title
    ents = [_mention(text, "plasma exchange", "INTERVENTION", "MESH:D010951", "plasma exchange")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert len(drafts) == 1
    assert drafts[0].intervention.source == "heading" and drafts[0].condition is None


def test_document_title_is_document_level_context():
    text, blocks, units = _doc([
        ("heading", "Plasma exchange explained", None),
        ("paragraph", "Most patients regain strength within two weeks of starting.", None),
    ])
    ents = [_mention(text, "Plasma exchange", "INTERVENTION", "MESH:D010951", "plasma exchange")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert [d.intervention.source for d in drafts] == ["document"]


def test_rows_of_a_table_share_the_context_of_the_first_row():
    text = ("Adults with lupus who took hydroxychloroquine had fewer flares:\n\n"
            "| Outcome | Ratio |\n|---|---|\n| Flares | 0.5 |\n| Kidney damage | 0.7 |\n| Rash | 0.8 |\n")
    lead_end = text.index(":") + 1
    rows = [(m, text.index(m)) for m in ("| Outcome | Ratio |", "| Flares | 0.5 |", "| Kidney damage | 0.7 |", "| Rash | 0.8 |")]
    blocks = [Block("paragraph", 0, lead_end, 0)]
    for r, s in rows:
        blocks.append(Block("table_row", s, s + len(r), s, lead=0, header=1))
    units = [Unit(0, lead_end, "sentence", 0)] + [Unit(s, s + len(r), "table_row", i + 1) for i, (r, s) in enumerate(rows)]
    ents = [_mention(text, "lupus", "CONDITION", "MESH:D008180", "lupus"),
            _mention(text, "hydroxychloroquine", "INTERVENTION", "MESH:D006886", "hydroxychloroquine"),
            _mention(text, "Kidney damage", "CONDITION", "X:1", "kidney damage"),
            _mention(text, "Rash", "CONDITION", "X:2", "rash")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    by_row = {text[d.unit.start:d.unit.end]: d for d in drafts if d.unit.kind == "table_row"}
    assert by_row["| Rash | 0.8 |"].intervention.text == "hydroxychloroquine"
    assert by_row["| Flares | 0.5 |"].condition.text == "lupus"


def test_anaphor_after_a_list_points_at_all_items():
    text, blocks, units = _doc([
        ("paragraph", "Common side effects of the infusion include:", None),
        ("list_item", "Headache", None),
        ("list_item", "Nausea", None),
        ("paragraph", "These usually fade within a day.", None),
    ])
    ents = [_mention(text, "Headache", "CONDITION", "MESH:D006261", "headache"),
            _mention(text, "Nausea", "CONDITION", "MESH:D009325", "nausea")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    last = {d.condition.text for d in drafts if text[d.unit.start:d.unit.end].startswith("These")}
    assert last == {"Headache", "Nausea"}


def test_anaphor_resolves_to_previous_sentence():
    text, blocks, units = _doc([
        ("paragraph", "Doctors gave metformin to adults with prediabetes.", None),
        ("paragraph", "It lowered their fasting glucose within months.", None),
    ])
    ents = [_mention(text, "metformin", "INTERVENTION", "MESH:D008687", "metformin"),
            _mention(text, "prediabetes", "CONDITION", "MESH:D011236", "prediabetic state")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    second = [d for d in drafts if d.unit.start > 10]
    assert second and second[0].intervention.text == "metformin"
    assert second[0].intervention.source == "previous_sentence"


def test_headings_questions_and_calls_to_action_are_not_claims():
    text, blocks, units = _doc([
        ("heading", "Statins and heart disease", None),
        ("paragraph", "Do statins prevent heart disease?", None),
        ("paragraph", "Book a free consultation with our statin team today.", None),
        ("paragraph", "Statins lower the risk of heart disease by about a quarter.", None),
    ])
    ents = [_mention(text, "Statins", "INTERVENTION", "MESH:D019161", "statins"),
            _mention(text, "statins", "INTERVENTION", "MESH:D019161", "statins"),
            _mention(text, "heart disease", "CONDITION", "MESH:D006331", "heart disease", nth=1),
            _mention(text, "Statins", "INTERVENTION", "MESH:D019161", "statins", nth=1),
            _mention(text, "heart disease", "CONDITION", "MESH:D006331", "heart disease", nth=2)]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert [text[d.unit.start:d.unit.end] for d in drafts] == [
        "Statins lower the risk of heart disease by about a quarter."]


def test_dominant_needs_clear_majority():
    text = "a " * 50
    ms = [Mention("INTERVENTION", i, i + 1, "a", "X", "x") for i in range(0, 6, 2)]
    ms.append(Mention("INTERVENTION", 10, 11, "a", "Y", "y"))
    assert dominant(ms, "INTERVENTION").key == "x"
    spread = [Mention("CONDITION", i, i + 1, "a", f"C{i}", f"c{i}") for i in range(0, 20, 2)]
    assert dominant(spread, "CONDITION") is None


def test_claim_type_from_cues_and_quantity_kinds():
    assert classify_type("One infusion cycle costs about 4,000 euros.", ["cost"], RULES) == "cost"
    assert classify_type("The usual dose is 2 g/kg given over five days.", ["dose", "duration"], RULES) == "dosing"
    assert classify_type("Headache is the most common side effect.", [], RULES) == "safety"
    assert classify_type("Symptoms improved in 70% of patients.", ["percentage"], RULES) == "efficacy"


def test_candidate_filter_keeps_short_list_items():
    u = Unit(0, 13, "list_item", 0)
    assert is_claim_candidate("Heart failure", u, RULES)
    assert not is_claim_candidate("Heart failure", Unit(0, 13, "heading", 0), RULES)


def test_comparator_does_not_become_the_antecedent():
    text, blocks, units = _doc([
        ("paragraph", "Dupilumab is injected every two weeks for eczema.", None),
        ("paragraph", "It does not suppress the immune system the way ciclosporin does.", None),
        ("paragraph", "It comes as a pre-filled pen for home use.", None),
    ])
    ents = [_mention(text, "Dupilumab", "INTERVENTION", "X:dupi", "dupilumab"),
            _mention(text, "eczema", "CONDITION", "MESH:D004485", "eczema"),
            _mention(text, "ciclosporin", "INTERVENTION", "MESH:D016572", "cyclosporine")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    second = {d.intervention.text for d in drafts if text[d.unit.start:].startswith("It does not")}
    third = {d.intervention.text for d in drafts if text[d.unit.start:].startswith("It comes")}
    assert second == {"Dupilumab", "ciclosporin"}  # the pronoun subject plus the named comparator
    assert third == {"Dupilumab"}
