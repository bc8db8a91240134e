"""html_to_text: visible text rendered as markdown-like blocks."""
from __future__ import annotations

from claimnlp.ingest import html_to_text


def test_blocks_headings_lists_tables_entities_and_title() -> None:
    page = """<!DOCTYPE html><html><head><title>Statins &amp; Muscles</title>
    <style>p { color: red }</style><script>var tracking = "x";</script></head>
    <body><noscript>Enable JS</noscript><template><p>hidden</p></template>
    <h1>Statin   Side Effects</h1>
    <p>Muscle <b>aches</b> affect&nbsp;about <i>5%</i> of users.<br>Most are mild.</p>
    <h2>Options</h2>
    <ul><li>Lower the dose</li><li><p>Switch drug</p></li></ul>
    <table><caption>Doses</caption><tr><th>Drug</th><th>Dose</th></tr>
    <tr><td>Atorvastatin</td><td>10 | 20 mg</td></tr></table>
    <p>&lt;tag&gt; &eacute;t&eacute; &#8211; done</p></body></html>"""
    text, title = html_to_text(page)
    assert title == "Statins & Muscles"
    assert text == (
        "# Statin Side Effects\n\n"
        "Muscle aches affect about 5% of users.\n\n"
        "Most are mild.\n\n"
        "## Options\n\n"
        "- Lower the dose\n"
        "- Switch drug\n\n"
        "| Drug | Dose |\n|---|---|\n| Atorvastatin | 10 \\| 20 mg |\n\n"
        "<tag> été – done"
    )
    assert "tracking" not in text and "color" not in text and "Enable JS" not in text and "hidden" not in text


def test_title_falls_back_to_first_h1() -> None:
    text, title = html_to_text("<body><h2>Sub</h2><h1>Main Heading</h1><p>x</p></body>")
    assert title == "Main Heading"
    assert text.startswith("## Sub\n\n# Main Heading")


def test_no_title() -> None:
    assert html_to_text("<p>Only text.</p>") == ("Only text.", None)


def test_table_with_a_nested_table_is_layout() -> None:
    page = "<table><tr><td>outer<table><tr><td>inner</td></tr></table></td><td>b</td></tr></table>"
    text, _ = html_to_text(page)
    assert text == "outer\n\ninner\n\nb"


def test_malformed_html_does_not_crash() -> None:
    text, _ = html_to_text("<p>unclosed <b>bold <div>block</p></span><li>item <<>> &bogus; </td>")
    assert "unclosed bold" in text and "block" in text and "item" in text


def test_deeply_nested_html_falls_back_and_keeps_text() -> None:
    page = "<p>before</p>" + "<div>" * 5000 + "deep text" + "</div>" * 5000 + "<p>after</p>"
    text, _ = html_to_text(page)
    assert "before" in text and "deep text" in text and "after" in text


def test_empty_and_comment_only_pages() -> None:
    assert html_to_text("")[0] == ""
    assert html_to_text("<!-- nothing --><script>x()</script>")[0] == ""


def test_comments_and_processing_instructions_are_dropped_but_tails_kept() -> None:
    text, _ = html_to_text("<p>one <!-- hidden --> two <?php echo 1 ?> three</p>")
    assert text == "one two three"


def test_xml_declaration_and_external_entities_are_not_resolved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    page = (f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<html><body><p>a &x; b</p></body></html>")
    text, _ = html_to_text(page)
    assert "TOPSECRET" not in text and "a" in text


def test_navigation_and_hidden_elements_are_dropped_footer_and_aside_kept() -> None:
    page = ("<body><nav><ul><li>Home</li><li>Services</li></ul></nav><div role='navigation'>Menu links</div>"
            "<div hidden>secret</div><span aria-hidden='true'>icon</span>"
            "<p>Zinc may shorten colds.</p><aside>Key fact: colds last 7 days.</aside>"
            "<footer>© 2024 Clinic</footer></body>")
    text, _ = html_to_text(page)
    assert text == "Zinc may shorten colds.\n\nKey fact: colds last 7 days.\n\n© 2024 Clinic"


def test_layout_tables_are_read_as_blocks_not_rows() -> None:
    page = ("<table><tr><td><h1>Clinic News</h1><p>Infusions now take 30 minutes.</p>"
            "<ul><li>Open Mondays</li></ul></td><td>Sidebar text</td></tr></table>")
    text, _ = html_to_text(page)
    assert text == "# Clinic News\n\nInfusions now take 30 minutes.\n\n- Open Mondays\n\nSidebar text"
    one_column = "<table><tr><td>Only one column of text.</td></tr><tr><td>Second row.</td></tr></table>"
    assert html_to_text(one_column)[0] == "Only one column of text.\n\nSecond row."
    long_cell = "<table><tr><td>" + "Long text. " * 60 + "</td><td>x</td></tr></table>"
    assert not html_to_text(long_cell)[0].startswith("|")


def test_data_table_with_paragraphs_in_cells_stays_a_table() -> None:
    page = "<table><tr><th>Dose</th><th>Effect</th></tr><tr><td><p>2 g/kg</p></td><td><p>Better</p></td></tr></table>"
    assert html_to_text(page)[0] == "| Dose | Effect |\n|---|---|\n| 2 g/kg | Better |"
