"""The demo blog: a sample article on its own origin with the embed snippet in it.

`python -m moderation.demo --port 8000` serves it for `make run`. It reads the
demo site's key from the database (the first site, which `flask demo`
creates) and the service's address from PUBLIC_URL, unless given both as
arguments. The page sends a strict Content-Security-Policy: scripts, images,
media and connections only from the comment service, styles only from the
service and this page's own stylesheet, workers only from blob: URLs (the
widget's proof of work), so the demo shows the widget working
under the policy a careful site owner would set.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flask import Flask, Response, render_template, request

__all__ = ["create_demo_app", "content_security_policy", "main"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def content_security_policy(service: str) -> str:
    """Return the demo page's policy: nothing inline, nothing from anywhere but the service."""
    return "; ".join([
        "default-src 'none'",
        f"script-src {service}",
        f"style-src 'self' {service}",
        f"img-src {service}",
        f"media-src {service}",
        f"connect-src {service}",
        # The widget's proof of work runs in a worker it builds from its own code.
        "worker-src blob:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


def create_demo_app(site_key: str, public_url: str) -> Flask:
    """Create the demo blog's app for the site `site_key` of the service at `public_url`."""
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=None)
    service = public_url.rstrip("/")
    policy = content_security_policy(service)

    @app.get("/")
    def article() -> Response:
        html = render_template("demo/article.html", service=service, site_key=site_key,
                               page_url=request.base_url)
        return Response(html, mimetype="text/html", headers={"Content-Security-Policy": policy})

    @app.get("/article.css")
    def stylesheet() -> Response:
        css = render_template("demo/article.css")
        return Response(css, mimetype="text/css", headers={"Cache-Control": "no-cache"})

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        return response

    return app


def _first_site_key() -> str | None:
    from sqlalchemy import select

    from models import Site, db
    from moderation import create_app

    with create_app().app_context():
        return db.session.scalar(select(Site.key).order_by(Site.id).limit(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m moderation.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--site-key", help="the demo site's key (default: the first site in the database)")
    parser.add_argument("--public-url", default=os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
                        help="the comment service's address (default: $PUBLIC_URL)")
    args = parser.parse_args(argv)
    site_key = args.site_key or _first_site_key()
    if not site_key:
        print("no site in the database yet: run `flask demo --origin http://127.0.0.1:8000` first",
              file=sys.stderr)
        return 1

    from werkzeug.serving import make_server

    server = make_server(args.host, args.port, create_demo_app(site_key, args.public_url), threaded=True)
    print(f"demo article on http://{args.host}:{server.server_port}/ "
          f"(site {site_key}, comments from {args.public_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
