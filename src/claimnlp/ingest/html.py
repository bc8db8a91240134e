"""Visible text of an HTML page, rendered as markdown-like blocks.

The extractor walks the ``lxml.html`` tree (libxml2's forgiving HTML parser,
with ``no_network=True``; external entities are never fetched) and renders the
block structure the way the chunker reads plain text and markdown, so one
chunker serves every format:

- ``# `` .. ``###### `` for ``h1``-``h6``; ``- `` for ``li`` (items of one list
  on consecutive lines);
- ``| a | b |`` lines for table rows, the first row followed by a ``|---|``
  separator line (a literal ``|`` inside a cell is written ``\\|``); tables
  used for page layout (a single column, or cells holding headings, lists,
  nested tables or more than 400 characters) are read like ``div``s instead;
- one blank line between blocks; inline elements are concatenated as a browser
  would render them, whitespace (including ``&nbsp;``) is collapsed to single
  spaces, character entities are decoded by the parser.

``script``, ``style``, ``noscript``, ``template``, ``head`` (apart from
``<title>``), embedded objects, form controls, hidden elements (``hidden``,
``aria-hidden="true"``) and navigation menus (``nav``, ``role="navigation"``)
are dropped. Footers and asides are kept (an aside may hold a "key facts"
box); the chunker's boilerplate rules mark copyright lines and the like.
The walk is iterative, so deeply nested markup cannot exhaust the Python
stack; if lxml cannot build a tree at all, a tag-stripping fallback is used.
This mirrors what readability-style extractors (e.g. ``trafilatura``,
``html2text``) do, minus their content scoring, which we leave to the
chunker's boilerplate rules.
"""

from __future__ import annotations

import html as _html
import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["html_to_text"]

_DROP = frozenset({
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "option", "button", "input", "textarea", "audio", "video", "source", "track",
    "map", "dialog",
})
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre",
    "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "form", "address", "details", "summary",
    "fieldset", "legend", "hr", "body", "html", "center", "caption", "hgroup", "menu", "noframes",
})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_DROP_RE = re.compile(r"<(script|style|noscript|template|head|title)\b.*?</\1\s*>", re.I | re.S)


def _collapse(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _tag(el: object) -> str | None:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):
        return None  # comment, processing instruction, entity
    return tag.rsplit("}", 1)[-1].lower()


class _Renderer:
    """Accumulates inline text and emits ``(kind, line)`` blocks."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []
        self.buf: list[str] = []
        self.prefix = ""
        self.kind = "p"

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def flush(self) -> None:
        s = _collapse("".join(self.buf))
        self.buf = []
        if s:
            self.blocks.append((self.kind, self.prefix + s))
        self.prefix, self.kind = "", "p"

    def start(self, kind: str, prefix: str) -> None:
        self.flush()
        self.kind, self.prefix = kind, prefix


def _cell_text(cell: object) -> str:
    parts: list[str] = []
    for node in cell.iter():  # type: ignore[attr-defined]
        t = _tag(node)
        if node is not cell and t in _DROP:
            continue
        if node is not cell and (t in _BLOCK or t in ("br", "li", "tr")):
            parts.append(" ")
        if t is not None and node.text and not _inside_dropped(node, cell):
            parts.append(node.text)
        if node is not cell and node.tail and not _inside_dropped(node.getparent(), cell):
            parts.append(node.tail)
    return _collapse("".join(parts)).replace("|", "\\|")


def _inside_dropped(node: object, stop: object) -> bool:
    while node is not None and node is not stop:
        if _tag(node) in _DROP:
            return True
        node = node.getparent()  # type: ignore[attr-defined]
    return False


def _own_rows(table: Any) -> list[Any]:
    """The ``tr`` elements whose nearest enclosing table is ``table``."""
    out = []
    for tr in table.iter("tr"):
        anc = tr.getparent()
        while anc is not None and _tag(anc) != "table":
            anc = anc.getparent()
        if anc is table:
            out.append(tr)
    return out


_LAYOUT_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "section", "article", "main",
                            "nav", "header", "footer", "form"})
_LAYOUT_CELL_CHARS = 400


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout (one column, or cells holding headings, lists or long text).

    Layout tables are walked like ``div``s; only data tables become ``| a | b |`` rows.
    """
    rows = _own_rows(table)
    if not rows:
        return True
    cells = [c for tr in rows for c in tr if _tag(c) in ("td", "th")]
    if max((sum(1 for c in tr if _tag(c) in ("td", "th")) for tr in rows), default=0) < 2:
        return True
    for c in cells:
        if any(_tag(d) in _LAYOUT_BLOCKS for d in c.iterdescendants()):
            return True
        if len(c.text_content()) > _LAYOUT_CELL_CHARS:
            return True
    return False


def _render_table(table: Any) -> list[str]:
    rows: list[list[str]] = []
    for tr in _own_rows(table):
        cells = [_cell_text(c) for c in tr if _tag(c) in ("td", "th")]
        if any(cells):
            rows.append(cells)
    lines: list[str] = []
    for i, cells in enumerate(rows):
        lines.append("| " + " | ".join(c if c else " " for c in cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * max(1, len(cells)))
    return lines


def _walk(root: Any, out: _Renderer, title: list[str]) -> None:
    """Iterative pre/post-order walk (no recursion)."""
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        t = _tag(el)
        if closing:
            if t in _HEADINGS or t == "li" or t in _BLOCK or t in ("td", "th", "tr"):
                out.flush()
            out.text(el.tail)
            continue
        if t is None:
            out.text(el.tail)
            continue
        if t == "title":
            if not title:
                title.append(_collapse(el.text_content()))
            out.text(el.tail)
            continue
        if t in _DROP or t == "nav" or el.get("role") == "navigation" or el.get("aria-hidden") == "true" \
                or el.get("hidden") is not None:
            out.text(el.tail)
            continue
        if t == "table" and not _is_layout_table(el):
            out.flush()
            rows = _render_table(el)
            if rows:
                out.blocks.append(("table", "\n".join(rows)))
            out.text(el.tail)
            continue
        if t == "br":
            out.flush()
            out.text(el.tail)
            continue
        if t in _HEADINGS:
            out.start("h", "#" * _HEADINGS[t] + " ")
        elif t == "li":
            out.start("li", "- ")
        elif t in _BLOCK or t in ("td", "th", "tr"):
            if out.kind == "li" and not out.buf:
                pass  # <li><p>text</p></li>: keep the bullet for the paragraph
            else:
                out.flush()
        out.text(el.text)
        stack.append((el, True))
        children = list(el)
        for child in reversed(children):
            stack.append((child, False))


def _join(blocks: list[tuple[str, str]]) -> str:
    parts: list[str] = []
    prev = None
    for kind, line in blocks:
        if parts:
            parts.append("\n" if kind == prev == "li" else "\n\n")
        parts.append(line)
        prev = kind
    return "".join(parts)


def _fallback(markup: str) -> tuple[str, str | None]:
    m = re.search(r"<title[^>]*>(.*?)</title\s*>", markup, re.I | re.S)
    title = _collapse(_html.unescape(_TAG.sub(" ", m.group(1)))) if m else None
    body = _DROP_RE.sub(" ", markup)
    body = re.sub(r"<(?:/p|br|/div|/li|/h\d|/tr)\b[^>]*>", "\n\n", body, flags=re.I)
    lines = [_collapse(_html.unescape(_TAG.sub(" ", chunk))) for chunk in re.split(r"\n\s*\n", body)]
    return "\n\n".join(x for x in lines if x), title or None


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Extract the visible text and title of an HTML page.

    Parameters
    ----------
    markup:
        The decoded HTML source.

    Returns
    -------
    tuple of (str, str or None)
        Markdown-like text (see module docstring) and the ``<title>`` (or the
        first ``h1``) text, None when the page has neither.
    """
    try:
        import lxml.etree
        import lxml.html

        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                      recover=True, encoding="utf-8")
        data = markup.encode("utf-8", "surrogatepass")
        if not data.strip():
            return "", None
        root = lxml.html.document_fromstring(data, parser=parser)
        if any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message.lower() for e in parser.error_log):
            logger.warning("HTML exceeds libxml2 limits (e.g. nesting depth); using tag-stripping fallback")
            return _fallback(markup)
        out = _Renderer()
        title: list[str] = []
        for el in root.iter("title"):
            t0 = _collapse(el.text_content())
            if t0:
                title.append(t0)
                break
        _walk(root, out, title)
        out.flush()
        text = _join(out.blocks)
        t = title[0] if title and title[0] else None
        if t is None:
            for kind, line in out.blocks:
                if kind == "h" and line.startswith("# "):
                    t = line[2:]
                    break
        return text, t
    except Exception as exc:  # noqa: BLE001 - malformed markup must not crash ingestion
        logger.warning("lxml could not parse HTML (%s); using tag-stripping fallback", exc)
        return _fallback(markup)
