"""Finish a freshly extracted template: ``locales/X.pot`` from ``locales/X.pot.new``.

Called by scripts/update_catalogs.sh. The template gets a full header (project, version, where
to report a wrong English string, UTF-8), every legal string gets its translator comment
(:data:`kitgen.i18n.check.LEGAL_COMMENT`), and the POT-Creation-Date stays the old one when no
string, location or comment changed, so an unchanged extraction leaves every file as it was.
``--drop-ids-of OTHER.pot`` leaves out the strings another template has (the kiosk reuses the
packet's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kitgen.i18n.check import LEGAL_COMMENT, has_legal_comment, is_legal  # noqa: E402

HEADER = """\
# Translations template for kitgen.
# The English strings of kitgen, extracted by scripts/update_catalogs.sh.
# Strings whose comment says "Legal text" come from caregiver forms and rights pages.
#"""


def _body(catalog: Catalog) -> list[tuple[object, ...]]:
    # a written comment comes back wrapped on several lines: compare the words
    return [(m.id, tuple(m.locations), " ".join(m.auto_comments).split()) for m in catalog if m.id]


def finish(path: Path, drop: set[str] | frozenset[str] = frozenset()) -> Catalog:
    new = path.with_name(path.name + ".new")
    with new.open("rb") as fh:
        template = read_po(fh)
    new.unlink()
    for message in [m for m in template if m.id and m.id in drop]:
        del template[message.id]
    for message in template:
        if message.id and is_legal(message) and not has_legal_comment(message):
            message.auto_comments.append(LEGAL_COMMENT)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    template.project = "kitgen"
    template.version = pyproject["project"]["version"]
    template.msgid_bugs_address = "the kitgen maintainers (see CONTRIBUTING.md)"
    template.copyright_holder = "the kitgen developers"
    template.charset = "utf-8"
    template.header_comment = HEADER
    stamp = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    if path.exists():
        with path.open("rb") as fh:
            old = read_po(fh)
        if _body(old) == _body(template) and "POT-Creation-Date" in path.read_text("utf-8"):
            stamp = old.creation_date
    template.creation_date = stamp
    template.revision_date = stamp
    buf = io.BytesIO()
    write_po(buf, template, width=0)
    path.write_bytes(buf.getvalue())
    return template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pot", type=Path)
    parser.add_argument("--drop-ids-of", type=Path)
    args = parser.parse_args()
    drop: set[str] = set()
    if args.drop_ids_of is not None:
        with args.drop_ids_of.open("rb") as fh:
            drop = {str(m.id) for m in read_po(fh) if m.id}
    finish(args.pot, drop)


if __name__ == "__main__":
    main()
