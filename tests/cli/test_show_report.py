"""`claimnlp show` and `claimnlp report` end to end on a tiny document written here."""

import html
import re

import pytest

from claimnlp.cli import main

ARTICLE = """Methotrexate for psoriasis

Methotrexate may clear plaques in about 40% of adults with psoriasis within 16 weeks.
It is not a cure, and nausea affects up to one in five patients.
The usual dose is 7.5 to 25 mg once a week.
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("sr")
    (d / "in").mkdir()
    (d / "in" / "mtx.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(d / "in"), "--out", str(d / "out"), "--no-progress"]) == 0
    return d / "out"


def test_show_prints_claims_pairs_numbers_and_certainty(out, capsys):
    assert main(["show", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Methotrexate may clear plaques" in text
    assert re.search(r"methotrexate → psoriasis", text, re.I)
    assert "hedged" in text and "negated" in text
    assert "40 % (percentage)" in text
    assert "7.5–25 mg (dose)" in text  # a range prints its bounds


def test_show_unknown_document_is_an_argument_error(out, capsys):
    assert main(["show", str(out), "--doc", "no-such-doc"]) == 2


def test_report_highlights_claims_and_mentions(out, tmp_path):
    target = tmp_path / "r" / "report.html"
    assert main(["report", str(out), "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "claim hedged" in page and "claim negated" in page
    assert "INTERVENTION" in page and "QUANTITY" in page
    # every character of the document survives the highlighting
    assert html.unescape(re.sub(r"<[^>]+>", "", page)).count("Methotrexate may clear plaques") >= 1


def test_show_and_report_documents_without_a_title(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plain.txt").write_text(
        "Oral zinc lozenges shortened the common cold by about a day in adults in three small trials. "
        "It caused nausea and a bad taste in some people.\n", encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    assert main(["show", str(tmp_path / "out")]) == 0
    assert "plain.txt" in capsys.readouterr().out  # the source stands in for the missing title
    assert main(["report", str(tmp_path / "out"), "-o", str(tmp_path / "r.html")]) == 0
    assert "plain.txt" in (tmp_path / "r.html").read_text(encoding="utf-8")
