"""The embed widget: /embed.js and its stylesheet, served to any host page.

Both files are hand-written in moderation/static/ (the script in plain ES5,
no build step) and minified as they are first served: the script by
calmjs.parse, a JavaScript parser in pure Python, which also shortens its
local names; the stylesheet by dropping comments and spaces. Both are gzipped
(with Zopfli) when the client accepts it, with a strong ETag. The default language's texts
(i18n/en.json) are built into the script; the others are served from
/i18n/CODE.json for the widget to fetch when a reader needs one. The stylesheet's URL carries
its content hash, filled into the script as it is served, so the stylesheet
is cached for a year while the script, whose URL site owners paste into their
pages and never change, is revalidated hourly. Scripts and stylesheets load
cross-origin without CORS, so neither response carries CORS headers.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import zopfli.gzip
from flask import Blueprint, Response, request

__all__ = ["bp", "Asset", "embed_assets"]

bp = Blueprint("embed", __name__)

STATIC = Path(__file__).resolve().parent / "static"
I18N = STATIC / "i18n"
# Built into embed.js; every other language is fetched by the widget when chosen.
DEFAULT_LANGUAGE = "en"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
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
    def of(cls, text: str, mimetype: str, *, smallest: bool = False) -> Asset:
        body = text.encode()
        # Zopfli writes ordinary gzip a few percent smaller than zlib's best, at a
        # hundred times the cost: spent once per change, on the two files every reader loads.
        packed = zopfli.gzip.compress(body, numiterations=15) if smallest else gzip.compress(body, 9, mtime=0)
        return cls(body, packed, hashlib.sha256(body).hexdigest()[:20], mimetype)


def shrink_js(source: str) -> str:
    """Minify the script: whitespace and comments dropped, local names shortened.

    The whole widget is one function expression, so every name in it is local
    and safe to shorten; the globals it uses (document, fetch ...) are kept.
    """
    from calmjs.parse import es5
    from calmjs.parse.unparsers.es5 import minify_print

    return minify_print(es5(source), obfuscate=True, obfuscate_globals=False, drop_semi=True) + "\n"


def shrink_css(source: str) -> str:
    """Drop comments and the spaces around punctuation."""
    text = _CSS_COMMENT.sub("", source)
    text = _CSS_SPACE.sub(r"\1", " ".join(text.split()))
    return text.replace(";}", "}").strip() + "\n"


_lock = threading.Lock()
_cache: dict[tuple[float, ...], dict[str, Asset]] = {}


def embed_assets() -> dict[str, Asset]:
    """Return {"js", "css", "pow", "i18n/CODE"...} as served, rebuilt only when a source file changes."""
    sources = [STATIC / "embed.js", STATIC / "embed.css", STATIC / "pow.js", *sorted(I18N.glob("*.json"))]
    key = tuple(path.stat().st_mtime for path in sources)
    with _lock:
        assets = _cache.get(key)
        if assets is None:
            assets = _build()
            _cache.clear()
            _cache[key] = assets
        return assets


def _build() -> dict[str, Asset]:
    css = Asset.of(shrink_css((STATIC / "embed.css").read_text()), "text/css", smallest=True)
    pow_js = Asset.of(shrink_js((STATIC / "pow.js").read_text()), "application/javascript")
    assets = {"css": css, "pow": pow_js}
    for path in sorted(I18N.glob("*.json")):
        strings = json.loads(path.read_text(encoding="utf-8"))
        assets[f"i18n/{path.stem}"] = Asset.of(json.dumps(strings, ensure_ascii=False, separators=(",", ":")),
                                               "application/json")
    languages = sorted(path.stem for path in I18N.glob("*.json"))
    source = ((STATIC / "embed.js").read_text()
              .replace("__CSS_VERSION__", css.etag[:12])
              .replace("__POW_VERSION__", pow_js.etag[:12])
              .replace("__I18N_VERSION__", _languages_version(assets))
              .replace("__LANGUAGES__", json.dumps(" ".join(languages)))
              .replace("__STRINGS__", assets[f"i18n/{DEFAULT_LANGUAGE}"].body.decode()))
    assets["js"] = Asset.of(shrink_js(source), "application/javascript", smallest=True)
    return assets


def _languages_version(assets: dict[str, Asset]) -> str:
    """One hash of every language file, carried in the URLs the widget fetches them from."""
    tags = "".join(asset.etag for name, asset in sorted(assets.items()) if name.startswith("i18n/"))
    return hashlib.sha256(tags.encode()).hexdigest()[:12]


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


@bp.record_once
def _build_early(_state) -> None:
    """Build the assets in the background as the app starts, so no reader waits for the minifier.

    Minifying and Zopfli take a second or two of CPU, once per process.
    """
    threading.Thread(target=embed_assets, name="embed-assets", daemon=True).start()


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


@bp.get("/pow.js")
def solver() -> Response:
    pow_js = embed_assets()["pow"]
    return _serve(pow_js, VERSIONED_CACHE if request.args.get("v") == pow_js.etag[:12] else SCRIPT_CACHE)


@bp.get("/i18n/<code>.json")
def strings(code: str) -> Response:
    """One language's texts, fetched by the widget (cross-origin, so with CORS) when a reader needs them."""
    assets = embed_assets()
    asset = assets.get(f"i18n/{code}") if LANGUAGE_CODE.match(code) else None
    if asset is None:
        return Response("no such language\n", status=404, mimetype="text/plain")
    current = _languages_version(assets)
    response = _serve(asset, VERSIONED_CACHE if request.args.get("v") == current else SCRIPT_CACHE)
    # Public texts, the same for every page: any origin may read them.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
