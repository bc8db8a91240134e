"""``claimnlp report OUT -o report.html``: an HTML page highlighting claims and mentions."""

from __future__ import annotations

import argparse
import html
from pathlib import Path

import pandas as pd

from claimnlp.api import read_tables
from claimnlp.store import write_text_atomic

NAME = "report"
HELP = "Write an HTML report that highlights claims and mentions in each document's text."

CSS = """
body{font:15px/1.55 system-ui,sans-serif;max-width:980px;margin:2em auto;color:#222}
h2{border-bottom:1px solid #ccc;padding-bottom:.2em}
.doc{white-space:pre-wrap;background:#fafafa;padding:1em;border:1px solid #eee}
.claim{background:#fff6cc}
.asserted{border-bottom:2px solid #8bc34a}.hedged{border-bottom:2px dashed #ff9800}.negated{border-bottom:2px solid #e53935}
.INTERVENTION{background:#bbdefb}.CONDITION{background:#f8bbd0}.QUANTITY{background:#c8e6c9}
.HEDGE{outline:1px dashed #ff9800}.NEGATION{outline:1px solid #e53935}
.legend span{padding:0 .4em;margin-right:.5em}
table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border:1px solid #ddd;padding:2px 6px;vertical-align:top}
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", help="output folder written by `claimnlp extract`")
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    p.add_argument("--doc", help="only this doc_id (or prefix)")


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Render ``text`` with spans (start, end, css classes, title) as nested-safe HTML.

    The text is cut at every span boundary; each piece is wrapped in one
    ``<span>`` carrying the classes of all spans covering it, so overlapping
    spans never produce broken markup.
    """
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [(c, t) for s, e, c, t in spans if s <= a and b <= e]
        piece = html.escape(text[a:b])
        if cover:
            classes = " ".join(c for c, _ in cover)
            title = html.escape(" | ".join(t for _, t in cover if t), quote=True)
            out.append(f'<span class="{classes}" title="{title}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def render(out_dir: str, doc: str | None = None) -> str:
    t = read_tables(out_dir)
    parts = [f"<!doctype html><meta charset='utf-8'><title>claimnlp report</title><style>{CSS}</style>",
             "<h1>claimnlp report</h1><p class='legend'>"
             + "".join(f"<span class='{c}'>{c.lower()}</span>" for c in
                       ("claim", "INTERVENTION", "CONDITION", "QUANTITY", "HEDGE", "NEGATION"))
             + "</p>"]
    docs = t.documents if not doc else t.documents[t.documents.doc_id.str.startswith(doc)]
    for d in docs.itertuples():
        claims = t.claims[t.claims.doc_id == d.doc_id]
        ments = t.mentions[t.mentions.doc_id == d.doc_id]
        spans: list[tuple[int, int, str, str]] = []
        for (s, e), rows in claims.groupby(["start", "end"]):
            r = rows.iloc[0]
            pairs = "; ".join(f"{x.intervention_name} → {x.condition_name}" for x in rows.itertuples())
            spans.append((int(s), int(e), f"claim {r.certainty}", f"{r.claim_type}, {r.certainty}: {pairs}"))
        for m in ments.itertuples():
            info = "" if pd.isna(m.norm_id) else str(m.norm_id)
            if m.label == "QUANTITY":
                info = f"{m.kind} {m.value if not pd.isna(m.value) else f'{m.low}–{m.high}'} {m.unit}"
            spans.append((int(m.start), int(m.end), str(m.label), f"{m.label} {info}".strip()))
        parts.append(f"<h2>{html.escape(str(d.title if isinstance(d.title, str) and d.title else d.source))}</h2><p><code>{html.escape(d.source)}</code> "
                     f"· {len(claims)} claim rows · {len(ments)} mentions</p>")
        parts.append(f"<div class='doc'>{highlight(d.text, spans)}</div>")
        if len(claims):
            parts.append("<table><tr><th>claim</th><th>intervention</th><th>condition</th><th>type</th>"
                         "<th>certainty</th></tr>")
            for r in claims.itertuples():
                parts.append("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
                    r.text[:160], r.intervention_name, r.condition_name, r.claim_type, r.certainty)) + "</tr>")
            parts.append("</table>")
    return "\n".join(parts)


def run(args: argparse.Namespace) -> int:
    page = render(args.out, args.doc)
    write_text_atomic(Path(args.output), page)
    print(f"wrote {args.output}")
    return 0
