"""Worker entry point: `celery -A workers.celery_app worker --beat`."""

from wsgi import app as flask_app

celery_app = flask_app.extensions["celery"]
