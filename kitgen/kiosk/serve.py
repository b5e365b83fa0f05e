"""Serve the kiosk with waitress, configured so that nothing reaches a disk.

waitress keeps a request body in memory up to ``inbuf_overflow`` and a response up to
``outbuf_overflow`` bytes, and spills anything bigger into a temporary file. A packet can be a
few megabytes, so both limits are set far above what the kiosk ever sends or accepts: a packet
never lands in /tmp. waitress writes no access log (kitgen adds no logging middleware), and
``ident`` hides the server's name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .app import MAX_BODY

#: Above any packet: waitress must never buffer a response in a temporary file.
OUTBUF_IN_MEMORY = 256 * 1024 * 1024


def make_server(app: Any, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server bound to ``host:port`` (port 0: any free port), not yet running."""
    import logging

    from waitress.server import create_server

    # waitress warns on stderr whenever requests queue up (normal when 20 families press "Make
    # my packet" at once); its messages hold no answers, but the laptop's screen needs none
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="kiosk",
        max_request_body_size=MAX_BODY,
        inbuf_overflow=MAX_BODY * 2,
        outbuf_overflow=OUTBUF_IN_MEMORY,
        outbuf_high_watermark=OUTBUF_IN_MEMORY,
        clear_untrusted_proxy_headers=True,
        expose_tracebacks=False,
    )


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses other than loopback, from its own name (no traffic)."""
    import socket

    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    found = {str(info[4][0]) for info in infos}
    return sorted(a for a in found if not a.startswith("127."))


def sweeper(store: Any, every: float = 15.0) -> Callable[[], None]:
    """Erase idle visits every ``every`` seconds in a daemon thread; returns a stop function."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every):
            store.sweep()

    threading.Thread(target=run, name="kiosk-sweeper", daemon=True).start()
    return stop.set


def warm_up() -> None:
    """Load fonts and templates once, so the first family's packet is as fast as the rest."""
    from ..i18n import available_codes, language
    from ..packet import typesetter

    typesetter()
    for code in available_codes():
        language(code)
