"""The analyst's workbench: a FastAPI app (HTML pages with JSON twins) over one store."""

from __future__ import annotations

from storyline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
