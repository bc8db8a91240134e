"""Train the claim-strength model: same as ``claimnlp train-strength`` (see its --help).

Shipped model::

    python scripts/train_strength.py --include-dev --dev-weight 5 --cv 10 --cv-repeats 5 --json models/strength/scores.json

Opt-in encoder model (needs ``pip install -e '.[encoder]'``; ~22 min on two cores for one CV fold seed)::

    OMP_NUM_THREADS=2 python scripts/train_strength.py --encoder --top-layers 3 --include-dev --dev-weight 2 --cv 10 --cv-seeds 0 --json models/strength/encoder/scores.json
"""

from __future__ import annotations

import sys

from claimnlp.cli import main

if __name__ == "__main__":
    sys.exit(main(["train-strength", *sys.argv[1:]]))
