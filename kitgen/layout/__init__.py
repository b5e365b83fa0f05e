"""Stage 5, layout: document model -> positioned pages (see :mod:`kitgen.layout.pages`)."""

from .pages import LineItem, Page, RectItem, TextItem, layout_document

__all__ = ["LineItem", "Page", "RectItem", "TextItem", "layout_document"]
