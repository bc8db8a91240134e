"""claimnlp: turn what health documents claim into a normalized, queryable table.

Public API::

    import claimnlp
    tables = claimnlp.extract(["article.md", "Some text about IVIG ..."])
    tables.claims  # pandas DataFrame, columns as in claimnlp.schema.CLAIMS

The CLI (``claimnlp extract``) and the Prefect flow (``flows/extract_claims.py``)
call the same functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "load_pipeline"]

if TYPE_CHECKING:  # pragma: no cover
    from claimnlp.api import Tables


def extract(inputs: Any, **kwargs: Any) -> "Tables":
    """Run the pipeline on paths and/or raw strings; return the tables as DataFrames."""
    from claimnlp.api import extract as _extract

    return _extract(inputs, **kwargs)


def load_pipeline(config: Any = None) -> Any:
    """Load the configured NLP pipeline (see ``claimnlp.pipeline.build``)."""
    from claimnlp.pipeline.build import load_pipeline as _load

    return _load(config)
