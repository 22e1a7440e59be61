"""The Explorer: a browser app and JSON API over a corpus store (``ontherecord serve``).

>>> from ontherecord.web import create_app
>>> app = create_app("ontherecord.db")      # an ASGI app; run it with uvicorn
"""

from .app import create_app

__all__ = ["create_app"]
