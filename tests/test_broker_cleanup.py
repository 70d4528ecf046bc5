"""The embedded broker (kombu's SQLAlchemy transport) does not keep delivered messages forever."""

from __future__ import annotations

import sqlalchemy as sa

from config import test_config
from moderation import create_app
from workers.tasks import purge_consumed_messages


def test_delivered_messages_are_deleted_and_waiting_ones_kept(tmp_path):
    broker = tmp_path / "broker.sqlite"
    config = test_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'data.sqlite'}")
    config["CELERY"] = {**config["CELERY"], "broker_url": f"sqla+sqlite:///{broker}",
                        "result_backend": "cache+memory://"}
    app = create_app(config)
    celery = app.extensions["celery"]
    queue = celery.conf.task_default_queue
    with app.app_context():
        for _ in range(5):
            celery.send_task("workers.tasks.ping", (), queue=queue, ignore_result=True)
        with celery.connection_for_read() as connection:
            channel = connection.default_channel
            delivered = [channel.basic_get(queue, no_ack=True) for _ in range(3)]
        assert all(message is not None for message in delivered)
        rows = sa.create_engine(f"sqlite:///{broker}")
        with rows.connect() as db:
            assert db.scalar(sa.text("SELECT count(*) FROM kombu_message")) == 5  # kombu keeps all five

        assert purge_consumed_messages() == 3
        with rows.connect() as db:
            assert db.scalar(sa.text("SELECT count(*) FROM kombu_message")) == 2
        # The two still waiting are delivered as usual.
        with celery.connection_for_read() as connection:
            channel = connection.default_channel
            got = [channel.basic_get(queue, no_ack=True) for _ in range(3)]
        assert [message is not None for message in got] == [True, True, False]
        assert purge_consumed_messages() == 2
        rows.dispose()


def test_other_brokers_have_nothing_to_purge(app):
    with app.app_context():
        assert purge_consumed_messages() == 0  # memory:// in the tests
