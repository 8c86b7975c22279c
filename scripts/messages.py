"""Keep the message catalogues in step with the code (issue #17), as Django's makemessages does.

    .venv/bin/python scripts/messages.py extract   # ustaz/locale/ustaz.pot from the code, then every
                                                   # ustaz/locale/<lang>/LC_MESSAGES/ustaz.po updated:
                                                   # new messages added untranslated, gone ones dropped
    .venv/bin/python scripts/messages.py missing   # what each catalogue still lacks (exit 1 if anything)

Babel reads babel.cfg (the `t` and `N_` keywords); translators fill in the msgstr lines of the .po files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ustaz.i18n_catalogues import TRANSLATED, extract, missing, update


def main(argv: list[str]) -> int:
    if argv == ["extract"]:
        template = extract(ROOT)
        for lang in TRANSLATED:
            update(ROOT, lang, template)
        print(f"{len(template)} messages; catalogues updated: {', '.join(TRANSLATED)}")
        return 0
    if argv == ["missing"]:
        problems = missing(ROOT)
        print("\n".join(problems) or "every message has its kk, ru and ky translation")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
