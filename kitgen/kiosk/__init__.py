"""The kiosk: a local web page where a family makes its own packet, and that keeps nothing.

``kitgen kiosk`` serves :func:`create_app` with waitress on 127.0.0.1 (``--lan``: on the local
network, behind an access code). The guided form is read from the family file's field table
(:mod:`kitgen.kiosk.form`) and checked with the same functions as ``kitgen validate``; answers
live only in the server's memory (:mod:`kitgen.kiosk.store`) until the family finishes, goes
idle, or the server stops. See README, "Kiosk".
"""

from .app import KioskConfig, create_app, new_access_code

__all__ = ["KioskConfig", "create_app", "new_access_code"]
