"""CAPTCHA challenges over HTTP: create one, draw it as an image, speak it as audio."""

from flask import Blueprint

bp = Blueprint("captcha", __name__, url_prefix="/api/v1/captcha")
