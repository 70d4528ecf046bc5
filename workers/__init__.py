"""The Celery app, bound to Flask so every task runs inside an app context."""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

__all__ = ["celery_init_app"]


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app from `app.config["CELERY"]` and keep it in app.extensions."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.conf.imports = ("workers.tasks", "workers.notify", "workers.webhooks")
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
