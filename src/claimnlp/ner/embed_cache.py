"""Memoised token embeddings for a spaCy tok2vec (inference only).

spaCy's ``MultiHashEmbed`` turns each token into a vector from five attribute
ids (NORM, PREFIX, SUFFIX, SHAPE and, in claimnlp's NER, the dictionary TAG):
five hash-embedding lookups, a maxout mixing layer (320 -> 3 x 64 per token, the
largest matrix product of the model) and a layer norm. That is a function of the
five ids alone: every occurrence of a token type gets the same vector, and the
context only enters afterwards, in the CNN encoder. :func:`cache_token_embeddings`
wraps that part of the model in a layer that computes each distinct id row once
and then reuses it (an id row is 40 bytes; ~1 row in 4 of an abstract's tokens is
new on a first pass over a corpus, fewer later).

Exactness: the vectors are the model's up to float32 rounding. The saved
model itself is not bit-stable across batchings: BLAS chooses its kernels by
matrix shape, so a short batch can round a row differently from a long one.
The cache makes this part *more* stable: new rows are always computed in
blocks of exactly :data:`BLOCK` rows (padded), so a token type's vector is the
same whichever batch, order, process or Dask worker first meets it (the tests
check this bit for bit, and that the NER's entities equal the uncached model's
on our samples and 130 BC5CDR abstracts; on the benchmark's 500 abstracts they
are identical too).

Memory is bounded: at most ``max_rows`` vectors (default 100,000: 25.6 MB of
float32 plus the keys); when full, new rows are computed without being stored.
Training (``is_train=True``) bypasses the cache. The layer never serialises its
cache; models are loaded per process, never pickled with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from spacy.language import Language
from thinc.api import Model, chain
from thinc.types import Ragged

from claimnlp.ner.loading import model_nodes

DEFAULT_MAX_ROWS = 100_000
# New rows are embedded BLOCK at a time (the last block padded): one matrix shape, one rounding.
BLOCK = 256


class _Memo:
    """The cache of one wrapped layer: id-row bytes -> row of ``store``."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.index: dict[bytes, int] = {}
        self.store: np.ndarray[Any, Any] | None = None
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.index)

    def lookup(self, inner: Model[Ragged, Ragged], X: Ragged) -> Ragged | None:
        """The vectors of ``X``'s id rows (computing the new ones), or None when the cache is full."""
        ids = np.ascontiguousarray(X.dataXd)
        keys = ids.view(np.dtype((np.void, ids.dtype.itemsize * ids.shape[1]))).ravel().tolist()
        with self.lock:
            index = self.index
            new: dict[bytes, int] = {}  # unseen key -> its first row in this batch
            for pos, k in enumerate(keys):
                if k not in index and k not in new:
                    new[k] = pos
            if new:
                n = len(index)
                if n + len(new) > self.max_rows:
                    return None
                rows = np.fromiter(new.values(), dtype=np.intp, count=len(new))
                vecs = _embed_blocks(inner, ids[rows])
                self._grow(n + len(new), vecs)
                assert self.store is not None
                self.store[n:n + len(new)] = vecs
                for i, k in enumerate(new):
                    index[k] = n + i
            assert self.store is not None
            at = np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))
            return Ragged(self.store[at], X.lengths)  # type: ignore[arg-type]

    def _grow(self, need: int, like: np.ndarray[Any, Any]) -> None:
        if self.store is not None and self.store.shape[0] >= need:
            return
        size = min(self.max_rows, max(4096, need, 2 * (0 if self.store is None else self.store.shape[0])))
        grown = np.empty((size, like.shape[1]), dtype=like.dtype)
        if self.store is not None:
            grown[:len(self.index)] = self.store[:len(self.index)]
        self.store = grown


def _embed_blocks(inner: Model[Ragged, Ragged], ids: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``inner`` over the id rows, computed in padded blocks of :data:`BLOCK` rows."""
    out = []
    for start in range(0, len(ids), BLOCK):
        part = ids[start:start + BLOCK]
        k = len(part)
        if k < BLOCK:  # pad with copies of the first row: every block has the same shape
            part = np.concatenate([part, np.repeat(part[:1], BLOCK - k, axis=0)])
        Y = inner.predict(Ragged(part, inner.ops.asarray1i([BLOCK])))  # type: ignore[arg-type]
        out.append(np.asarray(Y.dataXd)[:k])
    return np.concatenate(out)


def _forward(memo: _Memo, model: Model[Ragged, Ragged], X: Ragged,
             is_train: bool) -> tuple[Ragged, Callable[[Ragged], Ragged]]:
    inner = model.layers[0]
    if is_train or not len(X.dataXd):
        return inner(X, is_train)
    Y = memo.lookup(inner, X)
    if Y is None:  # full: compute the batch as the model would
        return inner(X, is_train)

    def backprop(dY: Ragged) -> Ragged:
        raise RuntimeError("cached token embeddings are for inference only")

    return Y, backprop


def memoized(inner: Model[Ragged, Ragged], max_rows: int = DEFAULT_MAX_ROWS) -> Model[Ragged, Ragged]:
    """A layer computing ``inner`` once per distinct input row (``inner`` must be row-wise)."""
    memo = _Memo(max_rows)
    model: Model[Ragged, Ragged] = Model(f"memo({inner.name})", partial(_forward, memo), layers=[inner])
    model.attrs["claimnlp_memo_size"] = memo.__len__  # for tests and diagnostics; not serialised
    return model


def _is_hash_embed(chain_node: Model[Any, Any]) -> bool:
    """The chain ``MultiHashEmbed.v2`` builds without static vectors (spaCy 3.x)."""
    names = [layer.name for layer in chain_node.layers]
    return (len(names) == 5 and names[0] == "extract_features" and names[1] == "list2ragged"
            and names[2].startswith("with_array(") and "hashembed" in names[2]
            and names[3] == "with_array(maxout>>layernorm>>dropout)" and names[4] == "ragged2list")


def cache_token_embeddings(nlp: Language, max_rows: int = DEFAULT_MAX_ROWS) -> int:
    """Wrap the per-token part of every ``MultiHashEmbed`` in ``nlp``'s models; return how many.

    Models of another architecture (static vectors, transformers) are left alone.
    """
    wrapped = 0
    for node in model_nodes(nlp):
        if node.name.startswith("extract_features>>") and _is_hash_embed(node):
            node.layers[2:4] = [memoized(chain(node.layers[2], node.layers[3]), max_rows)]
            wrapped += 1
    return wrapped
