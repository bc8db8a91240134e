"""The output store: a folder of parquet datasets plus a manifest, written atomically.

This is the only module of claimnlp that writes files. Layout of ``OUT``::

    OUT/_manifest.json              schema version, parts, one entry per stored item
    OUT/documents/part-<id>.parquet
    OUT/claims/part-<id>.parquet
    OUT/mentions/part-<id>.parquet
    OUT/errors/part-<id>.parquet

Each table folder is a parquet dataset readable as one table by
``pyarrow.dataset.dataset(OUT/claims)``, ``pandas.read_parquet(OUT/claims)`` and
DuckDB (``read_parquet('OUT/claims/*.parquet')``). Every file carries the Arrow
schema of :mod:`claimnlp.schema` (never inferred), whose metadata holds
``claimnlp.schema_version``; the store adds ``claimnlp.pipeline_version``.

Entries
    The unit of incremental work is an *entry*: the rows of one document
    (``doc:<doc_id>``), one duplicate-content note (``dup:<source>``) or one input
    error (``err:<source>#<n>``). An entry lives in exactly one part; a *part* is
    the same-named file in each of the four table folders, holding the rows of a
    few entries in a known order, so the manifest can say which row ranges belong
    to which entry.

Atomicity (the pattern of datatrove's parquet writer and completion markers,
``huggingface/datatrove``, made atomic with temp files and ``os.replace``)
    A part file is written under a dot-prefixed temporary name that does not end
    in ``.parquet`` (so ``pyarrow.dataset`` and ``*.parquet`` globs skip it),
    flushed, fsynced and ``os.replace``-d onto its final name. Part names are
    derived from the entries (keys and versions) they hold, so a re-run writes
    the same names. The manifest, the commit point, is replaced atomically after
    the parts it lists. Parts that are no longer listed are deleted only after
    the new manifest is in place; on open, files not in the manifest (left by a
    killed run) are removed and parts holding superseded rows are compacted, so
    the files again equal the manifest. During a run, or after a run was killed,
    :func:`read_table` (which follows the manifest) is exact; plain dataset
    readers may additionally see rows of documents that are being replaced until
    the run finishes or the next one opens the store.

A writer holds an exclusive ``flock`` on ``OUT/.lock``: two runs cannot write to
the same folder at once. All paths are checked to stay inside ``OUT``.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimnlp.model import stable_id
from claimnlp.schema import SCHEMA_VERSION, TABLES

logger = logging.getLogger(__name__)

Row = dict[str, Any]

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)  # documents, claims, mentions, errors
MANIFEST = "_manifest.json"
LOCK = ".lock"
MANIFEST_FORMAT = "claimnlp.store/1"
EMPTY_PART = "part-0000000000000000"
_PART_RE = re.compile(r"^part-[0-9a-f]{16}$")
_PART_FILE_RE = re.compile(r"^part-[0-9a-f]{16}\.parquet$")
_TMP_PREFIX = ".tmp-"


class StoreError(RuntimeError):
    """The output folder cannot be used (bad path, locked, foreign content)."""


class SchemaMismatch(ValueError):
    """Rows whose keys are not exactly the columns of their table."""


@dataclass(frozen=True)
class Entry:
    """The rows of one stored item, to be written into a part.

    Parameters
    ----------
    key:
        ``doc:<doc_id>``, ``dup:<source>`` or ``err:<source>#<n>``.
    meta:
        Small JSON-able facts kept in the manifest: ``kind``, ``doc_id``,
        ``source``, ``sha256``, ``pipeline_version``, ``version`` (what makes the
        rows differ: the pipeline version for documents, a row hash otherwise),
        ``status`` (``ok``/``failed`` for documents).
    rows:
        Table name -> rows (dicts keyed exactly by the table's columns).
    """

    key: str
    meta: Mapping[str, Any]
    rows: Mapping[str, Sequence[Row]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


@dataclass(frozen=True)
class PartInfo:
    """What :func:`write_part` wrote: small, picklable, returned by batch tasks.

    ``entries`` holds ``(key, meta, counts)`` in file order; ``counts`` are the
    row counts per table in :data:`TABLE_NAMES` order.
    """

    name: str
    entries: tuple[tuple[str, dict[str, Any], tuple[int, ...]], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _, _ in self.entries)

    def totals(self) -> dict[str, int]:
        return {t: sum(c[i] for _, _, c in self.entries) for i, t in enumerate(TABLE_NAMES)}


# --------------------------------------------------------------------------- paths


def _resolve_out(out: str | os.PathLike[str]) -> Path:
    p = Path(out).expanduser()
    if p.exists() and not p.is_dir():
        raise StoreError(f"output path exists and is not a folder: {p}")
    return p.resolve()


def _inside(root: Path, path: Path) -> Path:
    """Return ``path`` resolved, refusing anything outside ``root`` (symlinks included)."""
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise StoreError(f"path escapes the output folder: {path}")
    return resolved


def _table_dir(root: Path, table: str) -> Path:
    if table not in TABLES:
        raise StoreError(f"unknown table: {table!r}")
    return _inside(root, root / table)


def _part_path(root: Path, table: str, part: str) -> Path:
    if not _PART_RE.match(part):
        raise StoreError(f"invalid part name: {part!r}")
    return _inside(root, _table_dir(root, table) / f"{part}.parquet")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{_TMP_PREFIX}{path.name}.{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write a text file (e.g. an HTML report) atomically: readers see the old or the new file, never half."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write_bytes(p, text.encode("utf-8"))
    return p


# --------------------------------------------------------------------------- rows -> arrow


def table_schema(table: str, pipeline_version: str | None = None) -> pa.Schema:
    """The Arrow schema written for ``table`` (from :mod:`claimnlp.schema`)."""
    schema = TABLES[table].schema
    if pipeline_version is not None:
        meta = dict(schema.metadata or {})
        meta[b"claimnlp.pipeline_version"] = pipeline_version.encode()
        schema = schema.with_metadata(meta)
    return schema


def check_rows(table: str, rows: Iterable[Row]) -> None:
    """Raise :class:`SchemaMismatch` unless every row has exactly the table's columns."""
    names = set(TABLES[table].names)
    for row in rows:
        keys = set(row)
        if keys != names:
            missing, extra = sorted(names - keys), sorted(keys - names)
            raise SchemaMismatch(f"{table} row columns differ from schema: missing={missing} extra={extra}")


def rows_to_table(table: str, rows: Sequence[Row], pipeline_version: str | None = None) -> pa.Table:
    """Build an Arrow table with the declared schema (types are checked, never inferred)."""
    check_rows(table, rows)
    return pa.Table.from_pylist(list(rows), schema=table_schema(table, pipeline_version))


def _write_parquet(path: Path, tbl: pa.Table) -> None:
    tmp = path.with_name(f"{_TMP_PREFIX}{path.stem}.{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            pq.write_table(tbl, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def part_name(entries: Iterable[tuple[str, Mapping[str, Any]]]) -> str:
    """Deterministic part name from the entries' keys and versions."""
    ids = sorted(f"{k}@{m.get('version', '')}" for k, m in entries)
    if not ids:
        return EMPTY_PART
    return f"part-{stable_id('part', *ids)}"


def write_part(out: str | os.PathLike[str], entries: Sequence[Entry], pipeline_version: str) -> PartInfo:
    """Write one part (a file in each table folder) atomically; do not touch the manifest.

    Safe to call from any process (e.g. a Dask worker); the caller commits the
    returned :class:`PartInfo` with :meth:`Store.commit`.
    """
    root = _resolve_out(out)
    metas = [(e.key, dict(e.meta)) for e in entries]
    name = part_name(metas)
    for t in TABLE_NAMES:
        d = _table_dir(root, t)
        d.mkdir(parents=True, exist_ok=True)
        rows: list[Row] = [r for e in entries for r in e.rows.get(t, ())]
        _write_parquet(_part_path(root, t, name), rows_to_table(t, rows, pipeline_version))
    for t in TABLE_NAMES:
        _fsync_dir(_table_dir(root, t))
    counts = [tuple(e.count(t) for t in TABLE_NAMES) for e in entries]
    return PartInfo(name=name, entries=tuple((k, m, c) for (k, m), c in zip(metas, counts)))


# --------------------------------------------------------------------------- manifest


def _empty_manifest() -> dict[str, Any]:
    return {"format": MANIFEST_FORMAT, "schema_version": SCHEMA_VERSION, "pipeline_version": None,
            "tables": list(TABLE_NAMES), "parts": {}, "entries": {}}


def read_manifest(out: str | os.PathLike[str]) -> dict[str, Any]:
    """The committed manifest of ``out`` (an empty one if there is none)."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return _empty_manifest()
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    if data.get("format") != MANIFEST_FORMAT:
        raise StoreError(f"{path} is not a claimnlp manifest")
    return data


def _live_ranges(manifest: Mapping[str, Any], part: str, table_index: int) -> list[tuple[int, int]]:
    """Row ranges of ``part`` (for one table) that belong to live entries."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    entries = manifest["entries"]
    for key, counts in manifest["parts"][part]:
        n = counts[table_index]
        live = key in entries and entries[key]["part"] == part
        if live and n:
            if ranges and ranges[-1][1] == pos:
                ranges[-1] = (ranges[-1][0], pos + n)
            else:
                ranges.append((pos, pos + n))
        pos += n
    return ranges


def _part_is_clean(manifest: Mapping[str, Any], part: str) -> bool:
    entries = manifest["entries"]
    return all(k in entries and entries[k]["part"] == part for k, _ in manifest["parts"][part])


def _read_live(root: Path, manifest: Mapping[str, Any], table: str, part: str) -> pa.Table:
    tbl = pq.read_table(_part_path(root, table, part), schema=table_schema(table))
    ti = TABLE_NAMES.index(table)
    if _part_is_clean(manifest, part):
        return tbl
    pieces = [tbl.slice(a, b - a) for a, b in _live_ranges(manifest, part, ti)]
    return pa.concat_tables(pieces) if pieces else tbl.slice(0, 0)


def read_table(out: str | os.PathLike[str], table: str) -> pa.Table:
    """Read one table exactly as the manifest says (safe during or after a killed run)."""
    root = Path(out).resolve()
    manifest = read_manifest(root)
    if table not in TABLES:
        raise StoreError(f"unknown table: {table!r}")
    pieces = [_read_live(root, manifest, table, p) for p in sorted(manifest["parts"])]
    if not pieces:
        return table_schema(table).empty_table()
    return pa.concat_tables(pieces).replace_schema_metadata(table_schema(table).metadata)


# --------------------------------------------------------------------------- writer


class Store:
    """A writer for one output folder.

    Use as a context manager: opening takes the lock, loads the manifest and
    recovers from a killed run; :meth:`commit` adds parts; :meth:`finalize`
    drops removed entries, compacts and deletes unlisted files.
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.root = _resolve_out(out)
        self.manifest: dict[str, Any] = _empty_manifest()
        self._lock_fd: int | None = None

    # -- lifecycle
    def __enter__(self) -> "Store":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for t in TABLE_NAMES:
            d = self.root / t
            if d.is_symlink():
                raise StoreError(f"table folder is a symlink (refusing to write through it): {d}")
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise StoreError(f"another run is writing to {self.root}") from exc
            raise
        self._lock_fd = fd
        self.manifest = read_manifest(self.root)
        if self.manifest.get("schema_version") != SCHEMA_VERSION:
            logger.warning("schema version changed (%s -> %s): rebuilding %s from scratch",
                           self.manifest.get("schema_version"), SCHEMA_VERSION, self.root)
            self.manifest = _empty_manifest()
        self.recover()

    def close(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- queries
    @property
    def entries(self) -> Mapping[str, Mapping[str, Any]]:
        return self.manifest["entries"]  # type: ignore[no-any-return]

    def get(self, key: str) -> Mapping[str, Any] | None:
        return self.manifest["entries"].get(key)  # type: ignore[no-any-return]

    def totals(self) -> dict[str, int]:
        """Live row counts per table."""
        out = dict.fromkeys(TABLE_NAMES, 0)
        entries = self.manifest["entries"]
        for part, lst in self.manifest["parts"].items():
            for key, counts in lst:
                if key in entries and entries[key]["part"] == part:
                    for i, t in enumerate(TABLE_NAMES):
                        out[t] += counts[i]
        return out

    # -- writes
    def commit(self, parts: Sequence[PartInfo], remove: Iterable[str] = (),
               pipeline_version: str | None = None) -> None:
        """Make ``parts`` (already written) live and drop ``remove``; write the manifest."""
        m = self.manifest
        for p in parts:
            for t in TABLE_NAMES:
                if not _part_path(self.root, t, p.name).exists():
                    raise StoreError(f"part {p.name} is missing its {t} file")
            m["parts"][p.name] = [[k, list(c)] for k, _, c in p.entries]
            for k, meta, _ in p.entries:
                m["entries"][k] = {**meta, "part": p.name}
        for k in remove:
            m["entries"].pop(k, None)
        if pipeline_version is not None:
            m["pipeline_version"] = pipeline_version
        self._drop_dead_parts()
        self._write_manifest()

    def _drop_dead_parts(self) -> None:
        m = self.manifest
        live_parts = {e["part"] for e in m["entries"].values()}
        for p in list(m["parts"]):
            if p not in live_parts and p != EMPTY_PART:
                del m["parts"][p]
        if not any(p != EMPTY_PART for p in m["parts"]):
            m["parts"] = {EMPTY_PART: []} if self._ensure_empty_part() else {}
        else:
            m["parts"].pop(EMPTY_PART, None)

    def _ensure_empty_part(self) -> bool:
        for t in TABLE_NAMES:
            d = _table_dir(self.root, t)
            d.mkdir(parents=True, exist_ok=True)
            path = _part_path(self.root, t, EMPTY_PART)
            if not path.exists():
                _write_parquet(path, table_schema(t).empty_table())
        return True

    def _write_manifest(self) -> None:
        data = json.dumps(self.manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        _atomic_write_bytes(self.root / MANIFEST, data.encode("utf-8"))

    def finalize(self, remove: Iterable[str] = ()) -> None:
        """Drop ``remove``, rewrite parts holding superseded rows, delete unlisted files."""
        remove = list(remove)
        if remove:
            self.commit([], remove=remove)
        self.compact()
        if not self.manifest["parts"]:
            self.commit([])
        self._delete_unlisted()

    def recover(self) -> None:
        """Bring the files back to the manifest after a killed run."""
        self._delete_unlisted()
        self.compact()
        self._delete_unlisted()

    def compact(self) -> None:
        """Rewrite every part that holds rows of entries no longer live in it."""
        m = self.manifest
        dirty = [p for p in sorted(m["parts"]) if not _part_is_clean(m, p)]
        if not dirty:
            return
        new_parts: list[PartInfo] = []
        for p in dirty:
            live = [(k, c) for k, c in m["parts"][p] if k in m["entries"] and m["entries"][k]["part"] == p]
            if not live:
                continue
            metas = [(k, {kk: vv for kk, vv in m["entries"][k].items() if kk != "part"}) for k, _ in live]
            name = part_name(metas)
            for t in TABLE_NAMES:
                tbl = _read_live(self.root, m, t, p)
                _write_parquet(_part_path(self.root, t, name), tbl)
            new_parts.append(PartInfo(name=name, entries=tuple(
                (k, meta, tuple(c)) for (k, meta), (_, c) in zip(metas, live))))
        for t in TABLE_NAMES:
            _fsync_dir(_table_dir(self.root, t))
        for p in dirty:
            del m["parts"][p]
        logger.info("compacted %d part(s) into %d", len(dirty), len(new_parts))
        self.commit(new_parts)

    def _delete_unlisted(self) -> None:
        listed = {f"{p}.parquet" for p in self.manifest["parts"]}
        for t in TABLE_NAMES:
            d = self.root / t
            if not d.is_dir():
                continue
            for f in _iter_files(d):
                if f.name.startswith(_TMP_PREFIX) or (_PART_FILE_RE.match(f.name) and f.name not in listed):
                    logger.debug("removing unlisted file %s", f)
                    f.unlink()
        for f in _iter_files(self.root):
            if f.name.startswith(_TMP_PREFIX):
                f.unlink()


def _iter_files(d: Path) -> Iterator[Path]:
    with os.scandir(d) as it:
        for e in it:
            if e.is_file(follow_symlinks=False):
                yield Path(e.path)
