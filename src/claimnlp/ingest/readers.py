"""Find input files and read them into :class:`~claimnlp.model.Document` rows.

Everything here streams: :func:`discover` walks folders lazily (sorted, so the
order is deterministic), :func:`read_path` yields one Document per file (one
per line for JSON Lines, read line by line), and :func:`read_inputs` chains
the two. Nothing raises for a bad input: missing paths, broken symlinks,
symlink loops, unreadable files or folders, binary or empty content, bad JSON
lines all become :class:`~claimnlp.model.IngestError` rows with a
``schema.ErrorStage`` and a short ``error_type``.

Formats (by extension; a file given explicitly with another extension is
read as plain text):

- ``.txt``: exact UTF-8 decoding (see :mod:`claimnlp.ingest.decode`).
- ``.md``/``.markdown``: the same, format ``md``.
- ``.html``/``.htm``: visible text rendered as markdown-like blocks
  (:mod:`claimnlp.ingest.html`); the Document text is that rendering.
- ``.jsonl``: one record per line with ``text`` (required), ``id``, ``url``,
  ``title`` (optional). ``max_bytes`` applies per line, not per file.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from typing import Any

from claimnlp.ingest.decode import DecodeFailure, decode_bytes, looks_binary
from claimnlp.ingest.html import html_to_text
from claimnlp.model import Document, IngestError
from claimnlp.schema import ErrorStage

logger = logging.getLogger(__name__)

__all__ = [
    "EXTENSIONS", "discover", "read_path", "read_inputs", "document_from_string", "guess_title",
    "format_for_path",
]

#: Extensions picked up when walking folders, and the format each maps to.
EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
}
_FORMAT_ALIASES = {"txt": "txt", "text": "txt", "plain": "txt", "md": "md", "markdown": "md",
                   "html": "html", "htm": "html", "jsonl": "jsonl"}
_TITLE_MAX = 120
_TITLE_PREFIX = 4_000

_DISCOVER = ErrorStage.DISCOVER.value
_READ = ErrorStage.READ.value
_DECODE = ErrorStage.DECODE.value
_PARSE = ErrorStage.PARSE.value


def format_for_path(path: str) -> str:
    """Format (``txt``, ``md``, ``html``, ``jsonl``) implied by a file name; ``txt`` if unknown."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "txt")


def _os_error(path: str, stage: str, exc: OSError) -> IngestError:
    code = exc.errno
    if code == errno.ELOOP:
        kind = "symlink_loop"
    elif code in (errno.EACCES, errno.EPERM):
        kind = "permission_denied"
    elif code == errno.ENOENT:
        kind = "not_found"
    elif code == errno.ENAMETOOLONG:
        kind = "name_too_long"
    else:
        kind = "os_error"
    return IngestError(source=path, stage=stage, error_type=kind, message=f"{exc.strerror or exc}: {path}")


def _walk_dir(root: str, seen_dirs: set[tuple[int, int]]) -> Iterator[str | IngestError]:
    """Depth-first, name-sorted walk; yields files with a known extension and error rows."""
    stack: list[str] = [root]
    while stack:
        d = stack.pop()
        try:
            st = os.stat(d)
        except OSError as exc:
            yield _os_error(d, _DISCOVER, exc)
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            yield IngestError(source=d, stage=_DISCOVER, error_type="symlink_loop",
                              message=f"folder already visited (symlink cycle): {d}")
            continue
        seen_dirs.add(key)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield _os_error(d, _DISCOVER, exc)
            continue
        subdirs: list[str] = []
        for e in entries:
            path = os.path.join(d, e.name)
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError as exc:
                yield _os_error(path, _DISCOVER, exc)
                continue
            if is_dir:
                subdirs.append(path)
                continue
            if os.path.splitext(e.name)[1].lower() not in EXTENSIONS:
                logger.debug("skipping %s (extension not read)", path)
                continue
            try:
                os.stat(path)
            except OSError as exc:
                if e.is_symlink() and exc.errno == errno.ENOENT:
                    yield IngestError(source=path, stage=_DISCOVER, error_type="broken_symlink",
                                      message=f"symlink target does not exist: {path}")
                else:
                    yield _os_error(path, _DISCOVER, exc)
                continue
            yield path
        # files of a folder come before its subfolders; subfolders in name order
        stack.extend(reversed(subdirs))


def discover(inputs: Sequence[str]) -> Iterator[str | IngestError]:
    """Expand files and folders into input file paths, in a deterministic order.

    Parameters
    ----------
    inputs:
        File or folder paths. Folders are walked recursively (names sorted;
        a folder's files before its subfolders) and only files ending in
        ``.txt .md .markdown .html .htm .jsonl`` are kept; a file named
        explicitly is kept whatever its extension.

    Yields
    ------
    str or IngestError
        A path to read, or an error row (stage ``discover``) for a missing path,
        a broken symlink, a symlink loop or an unreadable folder. Never raises.
    """
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [os.fsdecode(inputs)]
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for raw in inputs:
        path = os.fsdecode(raw)
        try:
            st = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT and os.path.islink(path):
                yield IngestError(source=path, stage=_DISCOVER, error_type="broken_symlink",
                                  message=f"symlink target does not exist: {path}")
            else:
                yield _os_error(path, _DISCOVER, exc)
            continue
        except ValueError as exc:  # embedded NUL in the path
            yield IngestError(source=path, stage=_DISCOVER, error_type="invalid_path", message=str(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            for item in _walk_dir(path, seen_dirs):
                if isinstance(item, str):
                    if item in seen_files:
                        continue
                    seen_files.add(item)
                yield item
        else:
            if path in seen_files:
                continue
            seen_files.add(path)
            yield path


def guess_title(text: str, format: str) -> str | None:
    """Title of a txt/md text: the first heading, else the first non-empty line if short.

    Boilerplate lines (navigation such as "Select Page") are skipped. Only the
    first 20,000 characters are looked at.
    """
    from claimnlp.chunk import chunk_blocks

    head = text[:_TITLE_PREFIX]
    try:
        blocks = chunk_blocks(head, format)
    except Exception as exc:  # noqa: BLE001 - a title is never worth a failure
        logger.debug("title detection failed: %s", exc)
        return None
    first_line: str | None = None
    for b in blocks:
        if b.is_boilerplate:
            continue
        content = head[b.content_start:b.end].strip()
        if b.kind == "heading":
            return content.rstrip("#").strip() or None
        if first_line is None:
            first_line = head[b.start:b.end].split("\n", 1)[0].strip()
            if len(first_line) >= _TITLE_MAX:
                return None
    return first_line or None


def _is_blank(text: str) -> bool:
    return not text.replace("\ufeff", "").strip()


def _document(text: str, source: str, format: str, encoding: str | None,
              title: str | None = None) -> Document:
    if title is None and format in ("txt", "md"):
        title = guess_title(text, format)
    return Document.from_text(text, source=source, format=format, title=title, encoding=encoding)


def _from_bytes(data: bytes, source: str, format: str) -> Document | IngestError:
    try:
        text, encoding = decode_bytes(data)
    except DecodeFailure as exc:
        return IngestError(source=source, stage=_DECODE, error_type=exc.error_type, message=exc.message)
    if format == "html":
        try:
            text, title = html_to_text(text)
        except Exception as exc:  # noqa: BLE001 - html_to_text already falls back; belt and braces
            return IngestError(source=source, stage=_PARSE, error_type="html_error", message=str(exc))
        if _is_blank(text):
            return IngestError(source=source, stage=_READ, error_type="empty",
                               message="HTML has no visible text", doc_id=None)
        return _document(text, source, "html", encoding, title)
    if _is_blank(text):
        return IngestError(source=source, stage=_READ, error_type="empty",
                           message="file is empty or whitespace only")
    return _document(text, source, format, encoding)


def _jsonl_record(line: bytes, path: str, lineno: int) -> Document | IngestError | None:
    where = f"{path}#L{lineno}"
    if not line.strip():
        return None
    try:
        s, _enc = decode_bytes(line)
    except DecodeFailure as exc:
        return IngestError(source=where, stage=_DECODE, error_type=exc.error_type, message=exc.message)
    s = s.lstrip("\ufeff")
    try:
        rec: Any = json.loads(s)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        return IngestError(source=where, stage=_PARSE, error_type="invalid_json", message=str(exc)[:500])
    if not isinstance(rec, dict):
        return IngestError(source=where, stage=_PARSE, error_type="invalid_record",
                           message=f"expected a JSON object, got {type(rec).__name__}")
    text = rec.get("text")
    if not isinstance(text, str):
        return IngestError(source=where, stage=_PARSE, error_type="missing_text",
                           message="record has no string field 'text'")
    url, rid, title = rec.get("url"), rec.get("id"), rec.get("title")
    if isinstance(url, str) and url.strip():
        source = url.strip()
    elif isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid).strip():
        source = f"{path}#{rid}"
    else:
        source = where
    if _is_blank(text):
        return IngestError(source=source, stage=_READ, error_type="empty", message="record text is empty")
    if "\x00" in text[:_TITLE_PREFIX] and looks_binary(text[:65536].encode("utf-8", "surrogatepass")):
        return IngestError(source=source, stage=_DECODE, error_type="binary_content",
                           message="record text looks binary")
    t = title.strip() if isinstance(title, str) and title.strip() else None
    return Document.from_text(text, source=source, format="jsonl", title=t, encoding="utf-8")


def _read_jsonl(path: str, max_bytes: int) -> Iterator[Document | IngestError]:
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield _os_error(path, _READ, exc)
        return
    with f:
        head = f.read(8)
        reason = looks_binary(head) if head else None
        if reason is not None and reason not in ("nul_bytes", "control_bytes"):
            yield IngestError(source=path, stage=_DECODE, error_type="binary_content",
                              message=f"binary content ({reason})")
            return
        f.seek(0)
        lineno = 0
        any_line = False
        while True:
            try:
                line = f.readline(max_bytes + 1)
            except OSError as exc:
                yield _os_error(path, _READ, exc)
                return
            if not line:
                break
            lineno += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # skip the rest of an over-long line in bounded chunks
                while True:
                    rest = f.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield IngestError(source=f"{path}#L{lineno}", stage=_READ, error_type="too_large",
                                  message=f"line longer than {max_bytes} bytes")
                any_line = True
                continue
            item = _jsonl_record(line, path, lineno)
            if item is not None:
                any_line = True
                yield item
        if not any_line:
            yield IngestError(source=path, stage=_READ, error_type="empty", message="JSONL file has no records")


def read_path(path: str, *, max_bytes: int = 50_000_000) -> Iterator[Document | IngestError]:
    """Read one file into Documents (one per file; one per good line for JSONL).

    Parameters
    ----------
    path:
        File path; the format comes from the extension (``txt`` if unknown).
    max_bytes:
        Larger files give an ``too_large`` error without being read (for
        JSONL the limit applies to each line).

    Yields
    ------
    Document or IngestError
        Never raises for a bad input.
    """
    path = os.fsdecode(path)
    fmt = format_for_path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        yield _os_error(path, _READ, exc)
        return
    except ValueError as exc:
        yield IngestError(source=path, stage=_READ, error_type="invalid_path", message=str(exc))
        return
    if stat.S_ISDIR(st.st_mode):
        yield IngestError(source=path, stage=_READ, error_type="is_directory", message=f"is a folder: {path}")
        return
    if not stat.S_ISREG(st.st_mode):  # FIFO, socket, device: reading could block or never end
        yield IngestError(source=path, stage=_READ, error_type="not_regular_file",
                          message=f"not a regular file: {path}")
        return
    if fmt == "jsonl":
        yield from _read_jsonl(path, max_bytes)
        return
    if st.st_size > max_bytes:
        yield IngestError(source=path, stage=_READ, error_type="too_large",
                          message=f"{st.st_size} bytes > max_bytes={max_bytes}")
        return
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        yield _os_error(path, _READ, exc)
        return
    if len(data) > max_bytes:  # grew after the stat
        yield IngestError(source=path, stage=_READ, error_type="too_large",
                          message=f"more than max_bytes={max_bytes} bytes")
        return
    if fmt == "txt" and os.path.splitext(path)[1].lower() not in EXTENSIONS:
        lead = data[:512].lstrip().lower()
        if lead.startswith((b"<!doctype html", b"<html")):
            fmt = "html"
    try:
        yield _from_bytes(data, path, fmt)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
        logger.exception("unexpected failure reading %s", path)
        yield IngestError(source=path, stage=_READ, error_type=type(exc).__name__, message=str(exc)[:500])


def read_inputs(inputs: Sequence[str], **kw: Any) -> Iterator[Document | IngestError]:
    """Discover and read ``inputs`` lazily (:func:`discover` then :func:`read_path`).

    Keyword arguments are passed to :func:`read_path` (``max_bytes``).
    """
    for item in discover(inputs):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read_path(item, **kw)


def document_from_string(text: str, *, source: str | None = None, format: str = "txt") -> Document:
    """Build a Document from a raw string passed to the Python API.

    Parameters
    ----------
    text:
        The document text (for ``format="html"``, the HTML source; the
        Document text is then the extracted rendering).
    source:
        Where it came from; defaults to ``"<string:DOC_ID>"``.
    format:
        ``txt``, ``md``/``markdown`` or ``html``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        For an unknown format.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    fmt = _FORMAT_ALIASES.get(format.lower()) if isinstance(format, str) else None
    if fmt is None or fmt == "jsonl":
        raise ValueError(f"unknown format {format!r}; expected txt, md or html")
    title: str | None = None
    if fmt == "html":
        text, title = html_to_text(text)
    elif text:
        title = guess_title(text, fmt)
    doc = Document.from_text(text, source="", format=fmt, title=title, encoding=None)
    src = source if source is not None else f"<string:{doc.doc_id}>"
    return Document(doc_id=doc.doc_id, source=src, text=text, format=fmt, title=title, encoding=None)
