#!/usr/bin/env bash
# Extract kitgen's translatable strings into locales/kitgen.pot (and the region packs'
# descriptions into locales/regions.pot) and merge them into every
# locale's catalog. New strings come out empty; a changed string is a new one (its old
# translation is dropped). LOCALES="es pt" limits the merge of kitgen.po to those locales.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
"$PY" -m babel.messages.frontend extract -F babel.cfg \
  -k tr -k tr_family -k tr_english -k t -k N_ --no-default-keywords \
  --sort-by-file --no-wrap --project kitgen -o locales/kitgen.pot.new . >/dev/null 2>&1
# the intake forms' own strings: domain "intake" (the packet's labels stay in kitgen.pot)
"$PY" -m babel.messages.frontend extract -F babel-intake.cfg -k I_ --no-default-keywords \
  --sort-by-file --no-wrap --project kitgen -o locales/intake.pot.new . >/dev/null 2>&1
# Each .pot gets its header and legal strings their translator comment (scripts/finish_pot.py).
"$PY" scripts/finish_pot.py locales/kitgen.pot
"$PY" scripts/finish_pot.py locales/intake.pot
# the region packs' descriptions (regions/*.yaml): domain "regions", data rather than code
"$PY" scripts/extract_regions.py locales/regions.pot.new >/dev/null
"$PY" scripts/finish_pot.py locales/regions.pot
# pybabel's own "update" rejects folder names such as zh-Hans, so merge with Babel's API.
"$PY" - <<'PY'
from pathlib import Path
from babel.messages.pofile import read_po, write_po

locales = Path("locales")
count = 0
import os

only = set(os.environ.get("LOCALES", "").split())
for domain in ("kitgen", "intake", "regions"):
    with (locales / f"{domain}.pot").open("rb") as fh:
        template = read_po(fh)
    for main in sorted(locales.glob("*/LC_MESSAGES/kitgen.po")):
        if only and main.parts[-3] not in only:
            continue
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
print(f"updated locales/kitgen.pot, locales/intake.pot, locales/regions.pot and {count} catalogs")
PY
# The kiosk's strings: locales/kiosk.pot and each locale's kiosk.po, leaving out what the main
# catalog already has (the kiosk reuses the packet's translations of those).
"$PY" -m babel.messages.frontend extract -F babel_kiosk.cfg -k K_ -k t --no-default-keywords \
  --sort-by-file --no-wrap --project kitgen -o locales/kiosk.pot.new . >/dev/null 2>&1
"$PY" scripts/finish_pot.py locales/kiosk.pot --drop-ids-of locales/kitgen.pot
"$PY" - <<'PY'
from pathlib import Path
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

locales = Path("locales")
with (locales / "kiosk.pot").open("rb") as fh:
    template = read_po(fh)
count = 0
for folder in sorted(p.parent for p in locales.glob("*/LC_MESSAGES/kitgen.po")):
    po = folder / "kiosk.po"
    if po.exists():
        with po.open("rb") as fh:
            catalog = read_po(fh)
    else:
        catalog = Catalog(locale=None, domain="kiosk", project="kitgen")
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    with po.open("wb") as fh:
        write_po(fh, catalog, width=0, ignore_obsolete=True)
    count += 1
print(f"updated locales/kiosk.pot and {count} kiosk catalogs")
PY
