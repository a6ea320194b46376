"""Allow ``python -m readinglist``."""

from __future__ import annotations

import sys

from readinglist.cli import main

if __name__ == "__main__":
    sys.exit(main())
