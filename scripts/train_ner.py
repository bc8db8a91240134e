"""Train the claimnlp Chemical/Disease NER and install it into models/ner.

Usage::

    OMP_NUM_THREADS=1 python scripts/train_ner.py [--config configs/ner.cfg] \
        [--output models/ner] [--workdir /tmp/claimnlp_ner] [--max-steps N]

Same as ``claimnlp train-ner``. Reads ../shared/corpora (BC5CDR, NCBI-disease, MeSH).
"""

from __future__ import annotations

import sys

from claimnlp.cli import main

if __name__ == "__main__":
    sys.exit(main(["train-ner", *sys.argv[1:]]))
