"""The embed widget: /embed.js and its stylesheet, served to any host page.

Both files are hand-written in moderation/static/ and served as small as a
few safe steps make them (comment lines and indentation dropped), gzipped
when the client accepts it, with a strong ETag. The stylesheet's URL carries
its content hash, filled into the script as it is served, so the stylesheet
is cached for a year while the script, whose URL site owners paste into their
pages and never change, is revalidated hourly. Scripts and stylesheets load
cross-origin without CORS, so neither response carries CORS headers.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, request

__all__ = ["bp", "Asset", "embed_assets"]

bp = Blueprint("embed", __name__)

STATIC = Path(__file__).resolve().parent / "static"
# The loader's URL is fixed in every host page: an hour of freshness, and a
# day in which a stale copy may still be used while it is revalidated.
SCRIPT_CACHE = "public, max-age=3600, stale-while-revalidate=86400"
VERSIONED_CACHE = "public, max-age=31536000, immutable"
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};:,>])\s*")


@dataclass(frozen=True)
class Asset:
    """One served file: its bytes, their gzip, and the ETag of each."""

    body: bytes
    gzipped: bytes
    etag: str
    mimetype: str

    @classmethod
    def of(cls, text: str, mimetype: str) -> Asset:
        body = text.encode()
        return cls(body, gzip.compress(body, 9, mtime=0), hashlib.sha256(body).hexdigest()[:20], mimetype)


def shrink_js(source: str) -> str:
    """Drop comment lines and indentation; embed.js keeps no multi-line strings, so this is safe."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def shrink_css(source: str) -> str:
    """Drop comments and the spaces around punctuation."""
    text = _CSS_COMMENT.sub("", source)
    text = _CSS_SPACE.sub(r"\1", " ".join(text.split()))
    return text.replace(";}", "}").strip() + "\n"


_lock = threading.Lock()
_cache: dict[tuple[float, float], dict[str, Asset]] = {}


def embed_assets() -> dict[str, Asset]:
    """Return {"js": ..., "css": ...} as served, rebuilt only when a source file changes."""
    js_path, css_path = STATIC / "embed.js", STATIC / "embed.css"
    key = (js_path.stat().st_mtime, css_path.stat().st_mtime)
    with _lock:
        assets = _cache.get(key)
        if assets is None:
            css = Asset.of(shrink_css(css_path.read_text()), "text/css")
            js_text = shrink_js(js_path.read_text()).replace("__CSS_VERSION__", css.etag[:12])
            assets = {"js": Asset.of(js_text, "application/javascript"), "css": css}
            _cache.clear()
            _cache[key] = assets
        return assets


def _serve(asset: Asset, cache_control: str) -> Response:
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    body, etag = (asset.gzipped, asset.etag + "-gz") if gzipped else (asset.body, asset.etag)
    response = Response(body, mimetype=asset.mimetype)
    if asset.mimetype.startswith(("text/", "application/javascript")):
        response.charset = "utf-8"
        response.headers["Content-Type"] = f"{asset.mimetype}; charset=utf-8"
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Host pages that isolate themselves (COEP) may still load the widget.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.set_etag(etag)
    return response.make_conditional(request)


@bp.get("/embed.js")
def script() -> Response:
    return _serve(embed_assets()["js"], SCRIPT_CACHE)


@bp.get("/embed.css")
def stylesheet() -> Response:
    # Only the URL the script asks for (with the current hash) may be kept for
    # a year; any other is revalidated like the script.
    css = embed_assets()["css"]
    versioned = request.args.get("v") == css.etag[:12]
    return _serve(css, VERSIONED_CACHE if versioned else SCRIPT_CACHE)
