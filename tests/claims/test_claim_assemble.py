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


def _paragraphs(text):
    """Blocks for paragraphs separated by blank lines, one sentence unit per ". "-separated sentence."""
    blocks, units, at = [], [], 0
    for b, para in enumerate(text.split("\n\n")):
        blocks.append(Block("paragraph", at, at + len(para), at))
        for sent in para.split(". "):
            s = text.index(sent, at)
            units.append(Unit(s, s + len(sent.rstrip(".")) + 1, "sentence", b))
        at += len(para) + 2
    return blocks, units


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


def _texts(text, drafts, start):
    return {(d.intervention.text if d.intervention else None, d.condition.text if d.condition else None)
            for d in drafts if text[d.unit.start:].startswith(start)}


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
    second = {iv for iv, _ in _texts(text, drafts, "It does not")}
    third = {iv for iv, _ in _texts(text, drafts, "It comes")}
    assert second == {"Dupilumab", "ciclosporin"}  # the pronoun subject plus the named comparator
    assert third == {"Dupilumab"}


def test_condition_description_gets_no_implicit_treatment():
    # a document about a treatment: a sentence that only describes the disease is not about the treatment
    text, blocks, units = _doc([
        ("heading", "Plasmapheresis for myasthenic crisis", None),
        ("paragraph", "Myasthenic crisis causes sudden breathing weakness.", None),
        ("paragraph", "Most patients breathe unaided again within a week of starting.", None),
    ])
    ents = [_mention(text, "Plasmapheresis", "INTERVENTION", "MESH:D010956", "plasmapheresis"),
            _mention(text, "myasthenic crisis", "CONDITION", "X:mc", "myasthenic crisis"),
            _mention(text, "Myasthenic crisis", "CONDITION", "X:mc", "myasthenic crisis")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert _texts(text, drafts, "Myasthenic crisis causes") == {(None, "Myasthenic crisis")}
    assert {iv for iv, _ in _texts(text, drafts, "Most patients")} == {"Plasmapheresis"}


def test_paragraph_continues_its_treatment_topic_and_adverse_effects_continue_it_too():
    text = ("Lithium is checked with blood tests every three months. One patient in ten stops early.\n\n"
            "Side effects of lithium are common. Tremor is the usual one. Thirst affects many people.\n\n"
            "Restless legs syndrome is more common in pregnancy.")
    blocks, units = _paragraphs(text)
    assert text[units[4].start:units[4].end] == "Thirst affects many people."
    ents = [_mention(text, "Lithium", "INTERVENTION", "MESH:D008094", "lithium"),
            _mention(text, "blood tests", "INTERVENTION", "MESH:D006403", "blood tests"),
            _mention(text, "lithium", "INTERVENTION", "MESH:D008094", "lithium"),
            _mention(text, "Tremor", "CONDITION", "MESH:D014202", "tremor"),
            _mention(text, "Thirst", "CONDITION", "MESH:D013850", "thirst"),
            _mention(text, "Restless legs syndrome", "CONDITION", "MESH:D012148", "restless legs syndrome"),
            _mention(text, "pregnancy", "CONDITION", "MESH:D011247", "pregnancy")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert {iv for iv, _ in _texts(text, drafts, "One patient in ten")} == {"Lithium", "blood tests"}
    assert _texts(text, drafts, "Tremor is") == {("lithium", "Tremor")}
    assert {iv for iv, _ in _texts(text, drafts, "Restless legs")} == {None}


def test_drug_class_next_to_a_drug_describes_it():
    text, blocks, units = _doc([
        ("paragraph", "Omalizumab is a monoclonal antibody used for chronic hives.", None),
        ("paragraph", "Monoclonal antibodies are given by injection.", None),
    ])
    ents = [_mention(text, "Omalizumab", "INTERVENTION", "MESH:D000069444", "omalizumab"),
            _mention(text, "monoclonal antibody", "INTERVENTION", "MESH:D000911", "monoclonal antibodies"),
            _mention(text, "chronic hives", "CONDITION", "MESH:D014581", "urticaria"),
            _mention(text, "Monoclonal antibodies", "INTERVENTION", "MESH:D000911", "monoclonal antibodies")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert {iv for iv, _ in _texts(text, drafts, "Omalizumab is")} == {"Omalizumab"}
    # alone, the class is what the sentence is about
    assert {iv for iv, _ in _texts(text, drafts, "Monoclonal antibodies are")} == {"Monoclonal antibodies"}


def test_names_of_journals_and_measured_substances_are_not_topics():
    text, blocks, units = _doc([
        ("paragraph", "A review in the Journal of Sleep Medicine found melatonin helps jet lag.", None),
        ("paragraph", "Low vitamin D levels are common in people with psoriasis.", None),
        ("paragraph", "Plasminogen activator inhibitor-1 (PAI-1) levels fell in women with lupus.", None),
    ])
    ents = [_mention(text, "Sleep Medicine", "INTERVENTION", "X:sm", "sleep medicine"),
            _mention(text, "melatonin", "INTERVENTION", "MESH:D008550", "melatonin"),
            _mention(text, "jet lag", "CONDITION", "MESH:D021081", "jet lag syndrome"),
            _mention(text, "vitamin D", "INTERVENTION", "MESH:D014807", "vitamin D"),
            _mention(text, "psoriasis", "CONDITION", "MESH:D011565", "psoriasis"),
            _mention(text, "Plasminogen activator inhibitor-1", "INTERVENTION", "X:pai", "pai-1"),
            _mention(text, "lupus", "CONDITION", "MESH:D008180", "lupus")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert _texts(text, drafts, "A review") == {("melatonin", "jet lag")}
    assert {iv for iv, _ in _texts(text, drafts, "Low vitamin D")} == {None}
    assert "Plasminogen activator inhibitor-1" not in {iv for iv, _ in _texts(text, drafts, "Plasminogen")}


def test_non_claim_units():
    u = Unit(0, 10, "sentence", 0)
    assert not is_claim_candidate("Symptoms to watch:", u, RULES)  # a short lead-in: its items carry the claims
    assert is_claim_candidate("Several small trials report that patients on the drug improved in ways such as:", u, RULES)
    assert not is_claim_candidate("This page summarises the published evidence on lithium.", u, RULES)
    assert not is_claim_candidate("TENS stands for transcutaneous electrical nerve stimulation.", u, RULES)
    assert not is_claim_candidate("Maria Lopez Garcia", u, RULES)  # a name on its own line
    assert is_claim_candidate("Maria Lopez Garcia", Unit(0, 10, "list_item", 0), RULES)
    assert not is_claim_candidate("Diagram showing how the pump delivers insulin under the skin.", u, RULES)
    assert not is_claim_candidate("| Outcome | Risk ratio |", Unit(0, 10, "table_row", 0), RULES, table_header=True)
    assert not is_claim_candidate("To learn more about our infusion suite, please visit the clinic page.", u, RULES)
    assert not is_claim_candidate("By Jane Doe, MD", u, RULES)  # a byline
    assert is_claim_candidate("By depleting B cells, rituximab lowers antibody levels.", u, RULES)
    assert is_claim_candidate("Follow-up blood tests cost £35.", u, RULES)  # not "follow us"
    assert is_claim_candidate("Published trials show that statins lower cholesterol.", u, RULES)


def test_type_comes_from_lead_in_or_heading_when_the_unit_has_no_cue():
    text, blocks, units = _doc([
        ("heading", "Side effects", None),
        ("paragraph", "People on the drug reported:", None),
        ("list_item", "Dizziness", None),
    ])
    blocks[0] = blocks[0].__class__(**{**blocks[0].__dict__, "level": 2})
    ents = [_mention(text, "Dizziness", "CONDITION", "MESH:D004244", "dizziness")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert [d.claim_type for d in drafts if d.unit.kind == "list_item"] == ["safety"]


def test_plural_anaphor_points_at_every_condition_of_the_paragraph():
    text = "Nausea is the most common side effect. Dry mouth is next. These usually fade within a week."
    blocks, units = _paragraphs(text)
    assert [text[u.start:u.end] for u in units][1] == "Dry mouth is next."
    ents = [_mention(text, "Nausea", "CONDITION", "MESH:D009325", "nausea"),
            _mention(text, "Dry mouth", "CONDITION", "MESH:D014987", "xerostomia")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert {cd for _, cd in _texts(text, drafts, "These usually")} == {"Nausea", "Dry mouth"}


def test_comparative_without_second_term_compares_with_the_current_treatment():
    text, blocks, units = _doc([
        ("paragraph", "Botulinum toxin injections reduce migraine days.", None),
        ("paragraph", "Erenumab may be more effective in chronic migraine.", None),
    ])
    ents = [_mention(text, "Botulinum toxin", "INTERVENTION", "MESH:D001905", "botulinum toxins"),
            _mention(text, "migraine", "CONDITION", "MESH:D008881", "migraine disorders"),
            _mention(text, "Erenumab", "INTERVENTION", "X:ere", "erenumab"),
            _mention(text, "chronic migraine", "CONDITION", "MESH:D008881", "migraine disorders")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert {iv for iv, _ in _texts(text, drafts, "Erenumab")} == {"Erenumab", "Botulinum toxin"}


def test_study_population_condition_stays_the_topic_of_treatment_claims():
    text, blocks, units = _doc([
        ("paragraph", "A trial enrolled 80 adults with cluster headache.", None),
        ("paragraph", "High-flow oxygen stopped attacks within 15 minutes in most.", None),
    ])
    ents = [_mention(text, "cluster headache", "CONDITION", "MESH:D003027", "cluster headache"),
            _mention(text, "High-flow oxygen", "INTERVENTION", "MESH:D010100", "oxygen")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert _texts(text, drafts, "High-flow") == {("High-flow oxygen", "cluster headache")}


def test_substance_measured_against_a_threshold_is_not_a_treatment():
    text, blocks, units = _doc([
        ("paragraph", "In patients with ferritin below 30 ng/mL, fatigue improved on treatment.", None)])
    ents = [_mention(text, "ferritin", "INTERVENTION", "MESH:D005293", "ferritins"),
            _mention(text, "fatigue", "CONDITION", "MESH:D005221", "fatigue")]
    drafts = assemble(text, blocks, _infos(units, ents), ents, rules=RULES)
    assert {iv for iv, _ in _texts(text, drafts, "In patients")} == {None}


def test_costs_and_doses_are_about_the_treatment_and_low_x_is_a_finding():
    text, blocks, units = _doc([
        ("heading", "Iron infusions at our clinic", None),
        ("paragraph", "Each session is priced at 150 euros.", None),
        ("paragraph", "Low calcium can cause tingling around the mouth.", None),
    ])
    blocks[0] = blocks[0].__class__(**{**blocks[0].__dict__, "level": 2})
    ents = [_mention(text, "Iron", "INTERVENTION", "MESH:D007501", "iron"),
            _mention(text, "calcium", "INTERVENTION", "MESH:D002118", "calcium"),
            _mention(text, "tingling", "CONDITION", "MESH:D010292", "paresthesia")]
    infos = [UnitInfo(u, tuple(m for m in ents if u.start <= m.start and m.end <= u.end),
                      ("cost",) if "euros" in text[u.start:u.end] else ()) for u in units]
    drafts = assemble(text, blocks, infos, ents, rules=RULES)
    assert {iv for iv, _ in _texts(text, drafts, "Each session")} == {"Iron"}
    # the section's treatment, not the calcium the sentence measures
    assert {iv for iv, _ in _texts(text, drafts, "Low calcium")} == {"Iron"}
