"""Run the pipeline over inputs into an output store: streaming, incremental, resumable.

:func:`run` is the one entry point used by the Python API, the CLI and the
Prefect flow. It

1. discovers and reads the inputs lazily (``claimnlp.ingest.read_inputs``),
2. decides per document whether it must be processed: a document is keyed by
   its content hash (``doc_id``) and the pipeline version, so unchanged
   documents are skipped, changed ones replaced, and the same content under a
   second name becomes one ``duplicate_content`` error row (stage ``discover``)
   instead of a second document,
3. sends bounded batches of documents to :func:`run_batch` (directly, or through
   an executor such as a Prefect task runner), which processes them with
   :class:`claimnlp.pipeline.run.Processor` and writes one part per batch,
4. commits each part to the manifest as it completes, and
5. finally drops rows of documents whose source now has other content (and,
   with ``prune``, of everything not seen in this run) and compacts.

Memory is bounded by ``batch_size`` times the number of batches in flight; the
corpus is never held. The manifest keeps a few fields per stored item.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from claimnlp import store as _store
from claimnlp.model import Document, IngestError, stable_id
from claimnlp.schema import ErrorStage

if TYPE_CHECKING:  # pragma: no cover
    from claimnlp.pipeline.run import DocResult, Processor

logger = logging.getLogger(__name__)

DUPLICATE_CONTENT = "duplicate_content"
TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class BatchJob:
    """One unit of work for :func:`run_batch`: picklable, sent to task runners.

    ``extras`` are ready-made entries (duplicate notes, input errors) written
    into the same part as the batch's documents.
    """

    out: str
    docs: tuple[Document, ...]
    extras: tuple[_store.Entry, ...] = ()
    pipeline_version: str = ""

    @property
    def n_words(self) -> int:
        return sum(count_words(d.text) for d in self.docs)


@dataclass
class Progress:
    """A progress snapshot handed to progress callbacks."""

    docs_done: int
    docs_seen: int
    words_done: int
    bytes_read: int
    bytes_total: int
    elapsed: float

    @property
    def words_per_s(self) -> float:
        return self.words_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left, from the share of input bytes read so far (None when unknown)."""
        if self.bytes_total <= 0 or self.bytes_read <= 0:
            return None
        frac = min(1.0, self.bytes_read / self.bytes_total)
        return self.elapsed * (1 - frac) / frac if frac > 0 else None

    def line(self) -> str:
        eta = self.eta_s
        eta_s = "?" if eta is None else f"{eta:,.0f}s"
        return (f"{self.docs_done:,} docs processed / {self.docs_seen:,} seen, "
                f"{self.words_per_s:,.0f} words/s, ETA {eta_s}")


@dataclass
class RunSummary:
    """What a run did (counts are for this run; ``totals_*`` for the whole store)."""

    out: str
    pipeline_version: str
    documents_seen: int = 0
    processed: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    failed: int = 0
    duplicates: int = 0
    input_errors: int = 0
    removed: int = 0
    claims: int = 0
    mentions: int = 0
    errors: int = 0
    words: int = 0
    parts: int = 0
    seconds: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """False when nothing could be processed (exit code 1)."""
        return (self.processed - self.failed) + (self.skipped - self.skipped_failed) > 0

    def line(self) -> str:
        return (f"documents: {self.processed - self.failed} processed, {self.skipped} skipped (unchanged), "
                f"{self.failed + self.skipped_failed} failed, {self.duplicates} duplicate, "
                f"{self.input_errors} input errors, "
                f"{self.removed} removed; claims: {self.claims}, mentions: {self.mentions}; "
                f"{self.words:,} words in {self.seconds:.1f}s")


class Future(Protocol):
    def result(self) -> Any: ...


Submit = Callable[[BatchJob], Future]


# --------------------------------------------------------------------------- helpers


def count_words(text: str) -> int:
    """Whitespace-separated words (the unit of every words/s figure)."""
    return len(text.split())


PROCESSOR_ENV = "CLAIMNLP_PROCESSOR"


def get_processor() -> "Processor":
    """The Processor of this process (loaded once; used by batch tasks on workers).

    ``$CLAIMNLP_PROCESSOR=module:callable`` plugs in another object with the
    Processor contract (``pipeline_version``, ``process(docs)``), e.g. a stub
    in tests; default :class:`claimnlp.pipeline.run.Processor`.
    """
    return _load_processor(os.environ.get(PROCESSOR_ENV, ""))


@functools.lru_cache(maxsize=4)
def _load_processor(spec: str) -> "Processor":
    if spec:
        import importlib

        mod, _, attr = spec.partition(":")
        factory = getattr(importlib.import_module(mod), attr or "Processor")
        return factory()  # type: ignore[no-any-return]
    from claimnlp.pipeline.run import Processor

    return Processor()


def _read_inputs_impl() -> Callable[..., Iterator[Document | IngestError]] | None:
    try:
        from claimnlp.ingest import read_inputs
    except ImportError:
        return None
    return read_inputs


def _fallback_read(paths: Sequence[str], max_bytes: int | None) -> Iterator[Document | IngestError]:
    """Minimal reader for .txt/.md (used only until ``claimnlp.ingest.read_inputs`` exists)."""
    for path in paths:
        for f in discover_files([path]):
            try:
                data = f.read_bytes()
                if max_bytes is not None and len(data) > max_bytes:
                    yield IngestError(str(f), ErrorStage.READ.value, "too_large",
                                      f"{len(data)} bytes > max_bytes={max_bytes}")
                    continue
                text = data.decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                yield IngestError(str(f), ErrorStage.READ.value, type(exc).__name__, str(exc))
                continue
            if not text.strip():
                yield IngestError(str(f), ErrorStage.READ.value, "empty", "no text")
                continue
            fmt = "md" if f.suffix in (".md", ".markdown") else "txt"
            yield Document.from_text(text, source=str(f), format=fmt)
        if not Path(path).exists():
            yield IngestError(path, ErrorStage.DISCOVER.value, "not_found", "no such file or folder")


def discover_files(inputs: Iterable[str]) -> Iterator[Path]:
    """Input files under ``inputs`` (recursive, sorted, supported extensions only)."""
    for inp in inputs:
        p = Path(inp)
        if p.is_file():
            yield p
        elif p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(TEXT_EXTENSIONS) and not name.startswith("."):
                        yield Path(root) / name


def _input_bytes(inputs: Sequence[str]) -> int:
    total = 0
    for f in discover_files(inputs):
        try:
            total += f.stat().st_size
        except OSError:
            pass
    return total


def iter_items(inputs: Sequence[str | Document], max_bytes: int | None = None
               ) -> Iterator[Document | IngestError]:
    """Documents and input errors from paths and ready-made Documents, in input order."""
    read_inputs = _read_inputs_impl()
    pending: list[str] = []

    def flush() -> Iterator[Document | IngestError]:
        if not pending:
            return
        paths = list(pending)
        pending.clear()
        if read_inputs is not None:
            kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
            yield from read_inputs(paths, **kwargs)
        else:
            yield from _fallback_read(paths, max_bytes)

    for inp in inputs:
        if isinstance(inp, Document):
            yield from flush()
            yield inp
        else:
            pending.append(str(inp))
    yield from flush()


def _source_path(source: str) -> str:
    return source.split("#", 1)[0]


# --------------------------------------------------------------------------- batch work


def _entry_for_result(res: "DocResult", doc: Document, pipeline_version: str) -> _store.Entry:
    rows: dict[str, list[dict[str, Any]]] = {"errors": list(res.errors)}
    if res.document is not None:
        rows["documents"] = [res.document]
        rows["claims"] = list(res.claims)
        rows["mentions"] = list(res.mentions)
    meta = {"kind": "doc", "doc_id": doc.doc_id, "source": doc.source, "sha256": None,
            "pipeline_version": pipeline_version,
            # what the rows depend on besides the text: part names differ whenever the rows can
            "version": f"{pipeline_version}@{stable_id(doc.source)}",
            "status": "ok" if res.document is not None else "failed"}
    if res.document is not None:
        meta["sha256"] = res.document.get("sha256")
    return _store.Entry(key=f"doc:{doc.doc_id}", meta=meta, rows=rows)


def _error_entry(key: str, row: dict[str, Any], kind: str) -> _store.Entry:
    version = stable_id(*(row[c] for c in sorted(row)))
    meta = {"kind": kind, "doc_id": row.get("doc_id"), "source": row["source"],
            "pipeline_version": row["pipeline_version"], "version": version}
    return _store.Entry(key=key, meta=meta, rows={"errors": [row]})


def _safe_entry(entry: _store.Entry, doc: Document, pipeline_version: str) -> _store.Entry:
    """Replace an entry whose rows do not match the schema by one error row."""
    try:
        for t, rows in entry.rows.items():
            _store.check_rows(t, rows)
        return entry
    except _store.SchemaMismatch as exc:
        logger.error("rows of %s do not match the schema: %s", doc.source, exc)
        row = {"doc_id": doc.doc_id, "source": doc.source, "stage": ErrorStage.WRITE.value,
               "error_type": "schema_mismatch", "message": str(exc), "pipeline_version": pipeline_version}
        meta = {**entry.meta, "status": "failed"}
        return _store.Entry(key=entry.key, meta=meta, rows={"errors": [row]})


def run_batch(job: BatchJob, processor: "Processor | None" = None) -> _store.PartInfo:
    """Process one batch and write its part (no manifest change). Returns the part's info.

    Called in the driver (local runs) or in a task on a worker; the worker uses
    its own cached :func:`get_processor`.
    """
    proc = processor or get_processor()
    pv = job.pipeline_version or proc.pipeline_version
    if proc.pipeline_version != pv:
        raise RuntimeError(f"worker pipeline version {proc.pipeline_version} != driver {pv}")
    results = proc.process(list(job.docs)) if job.docs else []
    entries = [_safe_entry(_entry_for_result(r, d, pv), d, pv) for r, d in zip(results, job.docs)]
    entries.extend(job.extras)
    return _store.write_part(job.out, entries, pv)


# --------------------------------------------------------------------------- planning


class _Planner:
    """Decides, per input item, what to do given the stored manifest."""

    def __init__(self, stored: Any, pipeline_version: str) -> None:
        self.stored = stored  # Mapping[key, meta]
        self.pv = pipeline_version
        self.seen: set[str] = set()
        self.primary: dict[str, str] = {}  # doc_id -> primary source in this run
        self.sources_seen: set[str] = set()
        self.err_index: dict[str, int] = {}

    def document(self, doc: Document) -> tuple[str, Any]:
        """Return ("process", None), ("skip", None), ("dup", Entry) or ("dup-skip", None)."""
        self.sources_seen.add(doc.source)
        key = f"doc:{doc.doc_id}"
        if doc.doc_id in self.primary:
            return self._duplicate(doc, self.primary[doc.doc_id])
        old = self.stored.get(key)
        self.seen.add(key)
        self.primary[doc.doc_id] = doc.source
        # the first source of a content in this run's input order is its documents-row source, so an
        # incremental run gives the tables of a fresh run; if that source changed, reprocess
        if old is not None and old.get("pipeline_version") == self.pv and old.get("source") == doc.source:
            return ("skip-failed" if old.get("status") == "failed" else "skip"), None
        return "process", None

    def _duplicate(self, doc: Document, first: str) -> tuple[str, Any]:
        key = f"dup:{doc.source}"
        self.seen.add(key)
        row = {"doc_id": doc.doc_id, "source": doc.source, "stage": ErrorStage.DISCOVER.value,
               "error_type": DUPLICATE_CONTENT, "message": f"same content as {first}",
               "pipeline_version": self.pv}
        entry = _error_entry(key, row, "dup")
        old = self.stored.get(key)
        if old is not None and old.get("version") == entry.meta["version"]:
            return "dup-skip", None
        return "dup", entry

    def error(self, err: IngestError) -> tuple[str, Any]:
        self.sources_seen.add(err.source)
        n = self.err_index.get(err.source, 0)
        self.err_index[err.source] = n + 1
        key = f"err:{err.source}#{n}"
        self.seen.add(key)
        row = {"doc_id": err.doc_id, "source": err.source, "stage": err.stage, "error_type": err.error_type,
               "message": err.message, "pipeline_version": self.pv}
        entry = _error_entry(key, row, "error")
        old = self.stored.get(key)
        if old is not None and old.get("version") == entry.meta["version"]:
            return "skip", None
        return "error", entry

    def stale(self, prune: bool) -> list[str]:
        """Stored keys to drop at the end of the run."""
        drop: set[str] = set()
        for key, meta in self.stored.items():
            if key in self.seen:
                continue
            if prune or meta.get("source") in self.sources_seen:
                drop.add(key)
        # duplicate notes whose document is gone go with it
        for key, meta in self.stored.items():
            if meta.get("kind") == "dup" and key not in drop and f"doc:{meta.get('doc_id')}" in drop:
                drop.add(key)
        return sorted(drop)


# --------------------------------------------------------------------------- run


def run(inputs: Sequence[str | Document], out: str | os.PathLike[str], *, batch_size: int = 32,
        prune: bool = False, processor: "Processor | None" = None,
        progress: bool | Callable[[Progress], None] = True, executor: Submit | None = None,
        max_bytes: int | None = None, max_in_flight: int = 2, progress_every: float = 5.0,
        commit_every: float = 1.0) -> RunSummary:
    """Run the pipeline on ``inputs`` (paths, folders or Documents) into the store ``out``.

    Parameters
    ----------
    inputs:
        Files, folders (recursive) and/or :class:`Document` objects.
    out:
        Output folder (created if missing); see :mod:`claimnlp.store`.
    batch_size:
        Documents per batch (one ``nlp.pipe`` call and one part file).
    prune:
        Drop rows of stored documents that are not in this run's inputs.
    processor:
        A loaded Processor (default: one per process, see :func:`get_processor`).
    progress:
        ``True`` logs progress lines at INFO (logger ``claimnlp.runner``); a
        callable also receives a :class:`Progress` snapshot every
        ``progress_every`` seconds and at the end; ``False`` disables both.
    executor:
        ``submit(job) -> future``: runs :func:`run_batch` elsewhere (e.g. a
        Prefect task on Dask). Default: in this process, one batch at a time.
    max_bytes:
        Inputs larger than this become error rows (passed to the reader).
    max_in_flight:
        Batches submitted but not yet committed (bounds memory with executors).
    progress_every:
        Seconds between progress reports.
    commit_every:
        Seconds between manifest commits (each written part is committed at
        the latest this long after it was written; 0 commits every part).

    Returns
    -------
    RunSummary
    """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    t0 = time.monotonic()
    out_s = str(Path(out))
    path_inputs = [str(i) for i in inputs if not isinstance(i, Document)]
    bytes_total = _input_bytes(path_inputs) if progress else 0
    callback = progress if callable(progress) else None
    state = _RunState(last_report=t0)

    with _store.Store(out_s) as st:
        proc, pv, version_cache = _planning_version(processor, st.manifest.get("version_cache"))
        summary = RunSummary(out=out_s, pipeline_version=pv)
        planner = _Planner(dict(st.entries), pv)
        in_flight: list[tuple[Future, BatchJob]] = []
        docs: list[Document] = []
        extras: list[_store.Entry] = []

        def report(final: bool = False) -> None:
            if not progress:
                return
            now = time.monotonic()
            if not final and now - state.last_report < progress_every:
                return
            state.last_report = now
            snap = Progress(summary.processed, summary.documents_seen, summary.words, state.bytes_read,
                            bytes_total, now - t0)
            logger.info("progress: %s", snap.line())
            if callback is not None:
                callback(snap)

        pending: list[_store.PartInfo] = []
        last_flush = [time.monotonic()]

        def flush() -> None:
            """Commit the written parts to the manifest (parts not yet committed are redone after a crash)."""
            if pending:
                st.commit(pending, pipeline_version=pv)
                pending.clear()
            last_flush[0] = time.monotonic()

        def commit(fut: Future, job: BatchJob) -> None:
            info: _store.PartInfo = fut.result()
            pending.append(info)
            if time.monotonic() - last_flush[0] >= commit_every:
                flush()
            totals = info.totals()
            summary.parts += 1
            summary.claims += totals["claims"]
            summary.mentions += totals["mentions"]
            summary.errors += totals["errors"]
            summary.failed += sum(1 for _, m, _c in info.entries if m.get("kind") == "doc"
                                  and m.get("status") == "failed")
            summary.processed += len(job.docs)
            summary.words += job.n_words
            report()

        def dispatch() -> None:
            if not docs and not extras:
                return
            job = BatchJob(out=str(st.root), docs=tuple(docs), extras=tuple(extras), pipeline_version=pv)
            docs.clear()
            extras.clear()
            if executor is None:
                nonlocal proc
                if proc is None:  # loaded only when something needs processing
                    proc = get_processor()
                commit(_Done(run_batch(job, proc)), job)
                return
            in_flight.append((executor(job), job))
            while len(in_flight) >= max(1, max_in_flight):
                commit(*in_flight.pop(0))

        for item in iter_items(inputs, max_bytes):
            if isinstance(item, Document):
                summary.documents_seen += 1
                path = _source_path(item.source)
                if path != state.last_file:
                    state.last_file = path
                    try:
                        state.bytes_read += os.path.getsize(path)
                    except OSError:
                        pass
                action, entry = planner.document(item)
                if action == "process":
                    docs.append(item)
                elif action in ("skip", "skip-failed"):
                    summary.skipped += 1
                    summary.skipped_failed += action == "skip-failed"
                elif action in ("dup", "dup-skip"):
                    summary.duplicates += 1
                    if entry is not None:
                        extras.append(entry)
            else:
                summary.input_errors += 1
                action, entry = planner.error(item)
                if entry is not None:
                    extras.append(entry)
            if len(docs) >= batch_size or len(extras) >= 4 * batch_size:
                dispatch()
            report()
        dispatch()
        while in_flight:
            commit(*in_flight.pop(0))
        flush()
        drop = planner.stale(prune)
        summary.removed = sum(1 for k in drop if k.startswith("doc:"))
        st.finalize(remove=drop)
        if version_cache is not None:
            st.manifest["version_cache"] = version_cache
        st.commit([], pipeline_version=pv)
        summary.totals = st.totals()
    summary.seconds = time.monotonic() - t0
    report(final=True)
    logger.info("summary: %s", summary.line())
    return summary


def environment_fingerprint() -> str:
    """A cheap fingerprint of everything the default pipeline version can depend on.

    Hashes the claimnlp, spaCy and scispaCy versions, the ``CLAIMNLP_*``
    environment, the pipeline config, and the path, size and mtime of every file
    of the installed ``claimnlp`` package (code, rules, lexicons) and of the
    models folder. Deliberately over-sensitive: any edit there only costs one
    pipeline load to recompute the real version.
    """
    import hashlib
    from importlib import metadata

    import claimnlp
    from claimnlp.pipeline.config import PipelineConfig, models_dir

    h = hashlib.sha256()
    for dist in ("claimnlp", "spacy", "scispacy"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    for k in sorted(os.environ):
        if k.startswith("CLAIMNLP_"):
            h.update(f"{k}={os.environ[k]};".encode())
    try:
        h.update(repr(PipelineConfig.from_env()).encode())
    except Exception as exc:  # noqa: BLE001 - a bad config fails later, in the Processor
        h.update(repr(exc).encode())
    for root in (Path(claimnlp.__file__).parent, models_dir()):
        if not root.is_dir():
            h.update(f"missing:{root};".encode())
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                fp = os.path.join(dirpath, name)
                try:
                    st = os.stat(fp)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(fp, root)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:32]


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[Submit]:
    """``submit`` running :func:`run_batch` in ``workers`` local processes (each loads the pipeline once).

    Use with :func:`run` as ``executor`` and ``max_in_flight=2 * workers``.
    Processes are started with ``spawn`` (no fork of a loaded pipeline or of threads).
    """
    import concurrent.futures
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield lambda job: pool.submit(run_batch, job)


def _planning_version(processor: "Processor | None", cache: Any = None
                      ) -> tuple["Processor | None", str, dict[str, str] | None]:
    """The pipeline version to plan with, loading the Processor only when needed.

    Returns ``(processor or None, pipeline_version, version_cache)``. In order:
    an explicit ``processor``; a ``pipeline_version()`` function of
    ``claimnlp.pipeline.run`` (computed without loading models) if the lead's
    module offers one; the version stored in the manifest for the same
    :func:`environment_fingerprint`; else the Processor is loaded. In the
    cheaper cases a run whose documents are all unchanged never loads the
    pipeline, and :func:`run_batch` checks that a loaded Processor agrees.
    """
    if processor is not None:
        return processor, processor.pipeline_version, None
    if os.environ.get(PROCESSOR_ENV):
        proc = get_processor()
        return proc, proc.pipeline_version, None
    try:
        from claimnlp.pipeline import run as _prun

        fn = getattr(_prun, "pipeline_version", None)
    except ImportError:  # pragma: no cover
        fn = None
    if callable(fn):
        return None, str(fn()), None
    fingerprint = environment_fingerprint()
    if isinstance(cache, dict) and cache.get("fingerprint") == fingerprint and cache.get("pipeline_version"):
        logger.debug("pipeline version %s from the manifest's cache", cache["pipeline_version"])
        return None, str(cache["pipeline_version"]), dict(cache)
    proc = get_processor()
    return proc, proc.pipeline_version, {"fingerprint": fingerprint, "pipeline_version": proc.pipeline_version}


@dataclass
class _RunState:
    last_report: float
    bytes_read: int = 0
    last_file: str | None = None


class _Done:
    """An already-computed result with the future interface."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value
