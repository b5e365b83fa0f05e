"""Know-your-rights posters for schools, branded for the district.

content (languages + settings -> one document per language, the QR code) -> layout (documents
-> one page, type auto-fitted) -> draw (pages -> PDF with logo, QR code, boxes and copies).
:func:`build_poster` runs them in order.
"""

from .build import build_poster, build_posters, poster_page
from .layout import SIZES, PosterSpec, poster_size

__all__ = ["SIZES", "PosterSpec", "build_poster", "build_posters", "poster_page", "poster_size"]
