"""Extract the translated prose of the shipped region packs into locales/regions.pot.

Run by scripts/update_catalogs.sh. What is translated is each contact's description
(kitgen.content.regions.pack_texts); names, numbers and addresses are not. Each entry names the
pack file and the contact, so a translator knows whose description it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from kitgen.content.regions import shipped_texts


def main(target: Path) -> int:
    catalog = Catalog(project="kitgen", domain="regions")
    for text in shipped_texts():
        catalog.add(
            text.english,
            locations=[(text.file, None)],
            auto_comments=[f"{text.field}: {text.contact}"],
        )
    with target.open("wb") as fh:
        write_po(fh, catalog, width=0)
    return len(catalog)


if __name__ == "__main__":
    count = main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales/regions.pot"))
    print(f"extracted {count} region-pack texts")  # noqa: T201
