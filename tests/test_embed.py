"""The widget's files as served: cacheable, small, revalidated, and the demo page that embeds them."""

from __future__ import annotations

import gzip
import re

from moderation.demo import create_demo_app
from moderation.demo import main as demo_main
from moderation.embed import embed_assets


def test_embed_script_is_javascript_with_an_etag_and_revalidates_to_304(client):
    first = client.get("/embed.js")
    assert first.status_code == 200
    assert first.mimetype == "application/javascript"
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=3600" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get("/embed.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_embed_files_are_gzipped_for_browsers_that_accept_it(client):
    plain = client.get("/embed.js")
    zipped = client.get("/embed.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]


def test_stylesheet_the_script_asks_for_is_cached_for_a_year(client):
    script = client.get("/embed.js").get_data(as_text=True)
    version = re.search(r"/embed\.css\?v=([0-9a-f]{12})", script).group(1)
    versioned = client.get(f"/embed.css?v={version}")
    assert versioned.status_code == 200
    assert versioned.mimetype == "text/css"
    assert "immutable" in versioned.headers["Cache-Control"]
    # An old or made-up version must not be pinned for a year.
    stale = client.get("/embed.css?v=000000000000")
    assert "immutable" not in stale.headers["Cache-Control"]


def test_widget_files_carry_no_cors_headers(client):
    # <script> and <link rel=stylesheet> load cross-origin without CORS; the
    # API's CORS rules stay the only ones.
    for path in ("/embed.js", "/embed.css"):
        response = client.get(path, headers={"Origin": "https://anywhere.example"})
        assert "Access-Control-Allow-Origin" not in response.headers
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_widget_fits_the_8kb_gzipped_budget():
    assets = embed_assets()
    assert len(assets["js"].gzipped) + len(assets["css"].gzipped) < 8 * 1024


def test_widget_never_evaluates_strings_or_writes_html():
    script = embed_assets()["js"].body.decode()
    for forbidden in ("eval(", "Function(", "innerHTML", "outerHTML", "insertAdjacentHTML",
                      "document.write", 'setAttribute("on', "setTimeout(\"", ".style="):
        assert forbidden not in script, forbidden


def test_demo_article_embeds_the_snippet_under_a_strict_policy():
    app = create_demo_app("demo-key-123", "http://127.0.0.1:5999/")
    response = app.test_client().get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<script src="http://127.0.0.1:5999/embed.js" data-site="demo-key-123" async></script>' in html
    assert '<div id="comments"></div>' in html
    assert 'data-comment-count="http://localhost/"' in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src http://127.0.0.1:5999;" in policy
    assert "connect-src http://127.0.0.1:5999;" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # No inline script or style on the page itself.
    assert "<style" not in html and " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    css = app.test_client().get("/article.css")
    assert css.mimetype == "text/css"


def test_demo_server_without_a_site_says_how_to_create_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("APP_ENV", "test")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "test-secret-key-0123456789")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    from models import db
    from moderation import create_app

    app = create_app()
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    assert demo_main(["--port", "0"]) == 1
    assert "flask demo --origin" in capsys.readouterr().err
