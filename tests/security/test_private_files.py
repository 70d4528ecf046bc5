"""The database files and the instance folder are readable by the service's account only."""

from __future__ import annotations

import os
import stat

from config import test_config
from models import Site, db
from moderation import create_app


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_sqlite_files_and_the_instance_folder_are_not_world_readable(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    old_broker = instance / "broker.sqlite"
    old_broker.write_bytes(b"")
    old_broker.chmod(0o644)  # as kombu leaves it under a usual umask
    previous = os.umask(0o022)
    try:
        database = f"sqlite:///{instance / 'data.sqlite'}"
        app = create_app(test_config(instance, SQLALCHEMY_DATABASE_URI=database))
        with app.app_context():
            db.create_all()
            db.session.add(Site(name="Blog"))
            db.session.commit()
            files = [instance / name for name in ("data.sqlite", "data.sqlite-wal", "data.sqlite-shm")]
            assert all(f.exists() for f in files)  # WAL mode: all three are there while connected
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
            db.engine.dispose()
    finally:
        os.umask(previous)
    assert mode(instance) == 0o700
    assert mode(old_broker) == 0o600


def test_a_shared_folder_named_as_instance_path_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: everyone writes, the sticky bit guards each file
    create_app(test_config(shared, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'data.sqlite'}"))
    assert mode(shared) == 0o1777
