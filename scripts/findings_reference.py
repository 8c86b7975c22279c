"""Write the kk and ru findings reference from the English one and the catalogues (issue #17).

    .venv/bin/python scripts/findings_reference.py

Run it after changing content/en/reference/findings/*.md or a translation; tests/test_docs.py fails while
the pages are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ustaz.findings_reference import pages

if __name__ == "__main__":
    for path, text in pages(ROOT).items():
        (ROOT / path).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / path).write_text(text, encoding="utf-8")
        print(f"wrote {path}")
