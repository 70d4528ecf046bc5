"""The public JSON API under /api/v1: threads, counts and comment submission."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
