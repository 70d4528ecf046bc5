"""The embed widget: /embed.js and its stylesheet, served to any host page."""

from flask import Blueprint

bp = Blueprint("embed", __name__)
