"""Rights cards for district staff: languages and the district's settings in, card sheets out.

content (language codes + :class:`~kitgen.settings.Settings` -> one card-sheet
:class:`~kitgen.content.document.Document` per language, rendered from
``templates/cards.xml.j2``: the packet's rights card, with no family's data, branded with the
district's name and help line) -> layout (:func:`kitgen.layout.layout_document`, the packet's
own card-sheet layout: a front page and a back page of eight cards, backs mirrored for a
long-edge flip, crop marks) -> draw (:func:`kitgen.pdf.draw.render_pdf`).
:func:`build_cards` runs them in order.
"""

from .build import MAX_COPIES, build_cards, card_languages, card_pages

__all__ = ["MAX_COPIES", "build_cards", "card_languages", "card_pages"]
