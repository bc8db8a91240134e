"""CLI sub-commands, one module each (see claimnlp.cli)."""
