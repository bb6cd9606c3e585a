"""``python -m data_generator`` runs the ``datagen`` command."""

from __future__ import annotations

import sys

from data_generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
