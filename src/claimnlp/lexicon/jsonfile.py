"""Strict JSON decoding shared by every data-file loader.

``json.loads`` silently keeps the last of two equal keys, which hides editing
mistakes in rule files. :func:`loads_strict` rejects duplicate keys (at any
depth) with the caller's own error class, so each loader keeps its error type.
"""

from __future__ import annotations

import json
from typing import Any


def loads_strict(text: str, error: type[Exception], what: str = "duplicate key") -> Any:
    """Decode ``text``; raise ``error("<what> 'k'")`` when an object repeats a key."""

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in pairs:
            if k in out:
                raise error(f"{what} {k!r}")
            out[k] = v
        return out

    return json.loads(text, object_pairs_hook=pairs_hook)
