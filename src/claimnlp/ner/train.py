"""Reproducible NER training: PubTator corpora -> DocBins -> ``spacy train`` -> models/ner.

Steps (:func:`prepare_data` then :func:`train_ner`):

1. Build the MeSH dictionary-feature index (:mod:`claimnlp.ner.lexfeat`) with the
   NER tokenizer (:mod:`claimnlp.ner.tokenizer`).
2. Convert BC5CDR train (+ NCBI-disease train as extra Disease data, with
   dictionary-matched chemical tokens marked *missing*) to ``train.spacy`` and
   BC5CDR dev (+ NCBI-disease dev, masked the same way) to ``dev.spacy``
   (early stopping / model selection).
3. Run spaCy's trainer on ``configs/ner.cfg`` (fixed seed), then copy
   ``model-best`` to the output directory and rewrite its tokenizer entry to
   ``spacy.Tokenizer.v1`` (the rules travel in the ``tokenizer`` file).
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"


@dataclass(frozen=True)
class TrainPaths:
    """Input corpora for :func:`prepare_data`."""

    cdr_train: Path
    cdr_dev: Path
    ncbi_train: Path | None
    mesh_thesaurus: Path
    mesh_trees: Path
    ncbi_dev: Path | None = None

    @classmethod
    def default(cls, corpora: Path = CORPORA) -> "TrainPaths":
        return cls(
            cdr_train=corpora / "bc5cdr" / "CDR_TrainingSet.PubTator.txt",
            cdr_dev=corpora / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt",
            ncbi_train=corpora / "ncbi_disease" / "NCBItrainset_corpus.txt",
            mesh_thesaurus=corpora / "mesh" / "data_mesh_thesaurus.tsv",
            mesh_trees=corpora / "mesh" / "data_mesh_trees.tsv",
            ncbi_dev=corpora / "ncbi_disease" / "NCBIdevelopset_corpus.txt",
        )


def prepare_data(paths: TrainPaths, workdir: Path) -> dict[str, Path]:
    """Write ``terms.tsv.gz``, ``train.spacy`` and ``dev.spacy`` under ``workdir``."""
    import spacy

    from claimnlp.ner.lexfeat import build_terms_from_mesh, tag_tokens, write_terms
    from claimnlp.ner.pubtator import read_pubtator
    from claimnlp.ner.tokenizer import build_tokenizer

    workdir.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    nlp.tokenizer = build_tokenizer(nlp)
    index = build_terms_from_mesh(
        paths.mesh_thesaurus, paths.mesh_trees, lambda s: [t.text for t in nlp.make_doc(s)]
    )
    terms = workdir / "terms.tsv.gz"
    write_terms(index, terms)

    def chemical_mask(doc):  # type: ignore[no-untyped-def]
        tags = tag_tokens([t.text for t in doc], index)
        return [t.endswith(("-C", "-X")) for t in tags]

    from spacy.tokens import DocBin

    from claimnlp.ner.convert import to_doc

    def docbin(cdr: Path, ncbi: Path | None, out: Path) -> Path:
        # NCBI abstracts have no chemical annotation: tokens in a MeSH chemical match are
        # marked missing; on dev, spaCy then scores NCBI on Disease only
        db = DocBin(store_user_data=False)
        for pdoc in read_pubtator(cdr):
            db.add(to_doc(nlp, pdoc))
        if ncbi is not None:
            for pdoc in read_pubtator(ncbi):
                db.add(to_doc(nlp, pdoc, missing_mask=chemical_mask))
        db.to_disk(out)
        return out

    train = docbin(paths.cdr_train, paths.ncbi_train, workdir / "train.spacy")
    dev = docbin(paths.cdr_dev, paths.ncbi_dev, workdir / "dev.spacy")
    return {"terms": terms, "train": train, "dev": dev}


def build_normalizer(paths: TrainPaths, output: Path) -> Path:
    """Write the MeSH normalization index (``mesh_index.tsv.gz``) into ``output``."""
    from claimnlp.ner.normalize import INDEX_FILE, build_index_rows, write_index
    from claimnlp.ner.pubtator import read_pubtator

    training = list(read_pubtator(paths.cdr_train))
    if paths.ncbi_train is not None:
        training += read_pubtator(paths.ncbi_train)
    rows = build_index_rows(paths.mesh_thesaurus, paths.mesh_trees, training)
    output.mkdir(parents=True, exist_ok=True)
    write_index(rows, output / INDEX_FILE)
    logger.info("normalizer index: %d rows", len(rows))
    return output / INDEX_FILE


def install_model(best: Path, output: Path) -> None:
    """Copy a trained pipeline into ``output`` (keeping other files) and fix its config."""
    fix_saved_config(best)
    output.mkdir(parents=True, exist_ok=True)
    for item in best.iterdir():
        dest = output / item.name
        if dest.is_dir():
            shutil.rmtree(dest)
        if item.is_dir():
            shutil.copytree(item, dest)
        else:
            shutil.copy2(item, dest)
    add_consistency(output)
    from claimnlp import __version__

    write_meta(output, __version__)


META = {
    "name": "claimnlp_ner",
    "description": "Chemical/Disease NER (CNN + transition NER, MeSH dictionary features) trained by claimnlp",
    "license": "MIT (model); training data public domain (BC5CDR, NCBI-disease), MeSH terms NLM",
    "sources": [
        {"name": "BioCreative V CDR (BC5CDR)", "url": "https://biocreative.bioinformatics.udel.edu/tasks/biocreative-v/track-3-cdr/", "license": "public domain"},
        {"name": "NCBI disease corpus", "url": "https://www.ncbi.nlm.nih.gov/CBBresearch/Dogan/DISEASE/", "license": "public domain"},
        {"name": "MeSH 2024", "url": "https://www.nlm.nih.gov/mesh/", "license": "NLM terms and conditions"},
    ],
}


def add_consistency(model_dir: Path, min_chars: int = 4) -> None:
    """Append ``claimnlp_ner_consistency`` to a saved pipeline that lacks it."""
    import spacy

    import claimnlp.ner.consistency  # noqa: F401
    import claimnlp.ner.lexfeat  # noqa: F401

    nlp = spacy.load(model_dir)
    if any(nlp.get_pipe_meta(n).factory == "claimnlp_ner_consistency" for n in nlp.pipe_names):
        return
    nlp.add_pipe("claimnlp_ner_consistency", name="consistency", after="ner", config={"min_chars": min_chars})
    nlp.to_disk(model_dir)


def write_meta(model_dir: Path, version: str) -> None:
    """Set name, version, description, licence and sources in ``meta.json``."""
    path = model_dir / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(META)
    meta["version"] = version
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def fix_saved_config(model_dir: Path) -> None:
    """Point the saved config's tokenizer at ``spacy.Tokenizer.v1``; drop training paths."""
    from spacy.util import load_config

    cfg = load_config(model_dir / "config.cfg", interpolate=False)
    cfg["nlp"]["tokenizer"] = {"@tokenizers": "spacy.Tokenizer.v1"}
    for key in ("train", "dev", "terms"):
        cfg["paths"][key] = None
    cfg.to_disk(model_dir / "config.cfg")


def train_ner(
    config: Path,
    output: Path,
    workdir: Path,
    paths: TrainPaths | None = None,
    overrides: dict[str, object] | None = None,
) -> Path:
    """Prepare data, train with spaCy, and install ``model-best`` into ``output``.

    Returns the installed model directory. Files in ``output`` other than the
    pipeline (README.md, the normalizer index) are kept.
    """
    from spacy.cli.train import train as spacy_train

    import claimnlp.ner.lexfeat  # noqa: F401  (registers the factory)
    import claimnlp.ner.tokenizer  # noqa: F401  (registers the tokenizer)

    paths = paths or TrainPaths.default()
    data = prepare_data(paths, workdir)
    build_normalizer(paths, output)
    ov: dict[str, object] = {
        "paths.train": str(data["train"]),
        "paths.dev": str(data["dev"]),
        "paths.terms": str(data["terms"]),
    }
    ov.update(overrides or {})
    t0 = time.time()
    spacy_train(config, workdir / "out", overrides=ov, use_gpu=-1)
    elapsed = time.time() - t0
    install_model(workdir / "out" / "model-best", output)
    (output / "training.json").write_text(
        json.dumps({"train_seconds": round(elapsed, 1), "overrides": {k: str(v) for k, v in ov.items()
                    if not k.startswith("paths.")}}, indent=2) + "\n",
        encoding="utf-8",
    )
    logger.info("trained in %.0f s; installed %s", elapsed, output)
    return output
