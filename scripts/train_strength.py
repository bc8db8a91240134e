"""Train the claim-strength model: same as ``claimnlp train-strength`` (see its --help).

Shipped model::

    python scripts/train_strength.py --include-dev --dev-weight 5 --cv 10 --cv-repeats 5 --json models/strength/scores.json
"""

from __future__ import annotations

import sys

from claimnlp.cli import main

if __name__ == "__main__":
    sys.exit(main(["train-strength", *sys.argv[1:]]))
