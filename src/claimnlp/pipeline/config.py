"""Pipeline settings: defaults, a TOML config file, and environment overrides.

Precedence (last wins): built-in defaults, ``claimnlp.toml`` given by
``CLAIMNLP_CONFIG`` (section ``[pipeline]``), then individual environment
variables:

``CLAIMNLP_NER_MODEL``
    ``default`` (the model shipped in ``models/ner``), ``none`` (lexicon only),
    a path, or an installed spaCy/scispaCy package such as ``en_ner_bc5cdr_md``.
``CLAIMNLP_MODELS_DIR``
    Folder holding the shipped models (default: ``models/`` of the checkout).
``CLAIMNLP_STRENGTH_MODEL``
    ``default``, ``none`` or a path.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path


def models_dir() -> Path:
    """Where shipped models live: ``$CLAIMNLP_MODELS_DIR`` or ``<repo>/models``."""
    env = os.environ.get("CLAIMNLP_MODELS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models"


@dataclass(frozen=True)
class PipelineConfig:
    ner_model: str = "default"
    strength_model: str = "default"
    abbreviations: bool = True
    batch_size: int = 64
    max_unit_chars: int = 2000

    @classmethod
    def from_env(cls) -> "PipelineConfig":
        cfg = cls()
        path = os.environ.get("CLAIMNLP_CONFIG")
        if path:
            cfg = cfg.merged(cls.read_toml(Path(path)))
        env: dict[str, object] = {}
        for name, var in (("ner_model", "CLAIMNLP_NER_MODEL"), ("strength_model", "CLAIMNLP_STRENGTH_MODEL")):
            if os.environ.get(var):
                env[name] = os.environ[var]
        return cfg.merged(env)

    @staticmethod
    def read_toml(path: Path) -> dict[str, object]:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        return dict(data.get("pipeline", {}))

    def merged(self, values: dict[str, object]) -> "PipelineConfig":
        known = {f.name: f.type for f in fields(self)}
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(f"unknown pipeline setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **values)  # type: ignore[arg-type]
