#!/usr/bin/env bash
# Extract kitgen's translatable strings into locales/kitgen.pot and merge them into every
# locale's catalog. New strings come out empty; changed ones fuzzy, with the old text kept.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
"$PY" -m babel.messages.frontend extract -F babel.cfg \
  -k tr -k tr_family -k tr_english -k t -k N_ --no-default-keywords \
  --sort-by-file --no-wrap --omit-header --project kitgen -o locales/kitgen.pot . >/dev/null 2>&1
# the intake forms' own strings: domain "intake" (the packet's labels stay in kitgen.pot)
"$PY" -m babel.messages.frontend extract -F babel-intake.cfg -k I_ --no-default-keywords \
  --sort-by-file --no-wrap --omit-header --project kitgen -o locales/intake.pot . >/dev/null 2>&1
# pybabel's own "update" rejects folder names such as zh-Hans, so merge with Babel's API.
"$PY" - <<'PY'
from pathlib import Path
from babel.messages.pofile import read_po, write_po

locales = Path("locales")
count = 0
for domain in ("kitgen", "intake"):
    with (locales / f"{domain}.pot").open("rb") as fh:
        template = read_po(fh)
    for main in sorted(locales.glob("*/LC_MESSAGES/kitgen.po")):
        po = main.with_name(f"{domain}.po")
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh)
        else:  # a new domain: the locale's catalog starts empty, with the main one's header
            with main.open("rb") as fh:
                catalog = read_po(fh)
            catalog._messages.clear()
            catalog.domain = domain
        # no fuzzy matching: a "similar" old translation of a new string is a wrong translation
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        with po.open("wb") as fh:
            write_po(fh, catalog, width=0, ignore_obsolete=True)
        count += 1
print(f"updated locales/kitgen.pot, locales/intake.pot and {count} catalogs")
PY
