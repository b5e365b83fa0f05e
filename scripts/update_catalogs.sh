#!/usr/bin/env bash
# Extract kitgen's translatable strings into locales/kitgen.pot and merge them into every
# locale's catalog. New or changed strings come out empty or fuzzy for translators.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
"$PYBABEL" extract -F babel.cfg -k tr -k tr_family -k tr_english -k t -k N_ --no-default-keywords \
  --sort-by-file --no-wrap --omit-header --project kitgen -o locales/kitgen.pot . >/dev/null 2>&1
for dir in locales/*/; do
  code=$(basename "$dir")
  [ "$code" = en ] && continue
  po="$dir/LC_MESSAGES/kitgen.po"
  if [ -f "$po" ]; then
    "$PYBABEL" update -D kitgen -i locales/kitgen.pot -d locales -l "$code" --no-wrap --ignore-obsolete >/dev/null 2>&1
  fi
done
echo "updated locales/kitgen.pot and $(ls locales/*/LC_MESSAGES/kitgen.po 2>/dev/null | wc -l) catalogs"
