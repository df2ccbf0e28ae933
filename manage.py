#!/usr/bin/env python
"""Django's manage.py; the `panal` command (panal.cli) is the same thing installed on PATH."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from panal.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
