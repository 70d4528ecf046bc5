"""Console findings of the security probe: revocable sessions, CSRF at login, even login cost, bad ids.

Runs on SQLite and on PostgreSQL (the `app` fixture is parametrised). No app
context stays pushed while the clients make requests: each request must load
its own signed-in person, as in a real server, not find the last one in `g`.
"""

from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace

import pytest

from models import Comment, CommentStatus, Moderator, Role, db
from moderation.console.auth import issue_invite
from tests.console_world import PASSWORD, build_world, log_in

TOO_BIG = str(2**63)
HUGE = str(10**30)


@pytest.fixture
def world(app):
    with app.app_context():
        made = build_world()
        return SimpleNamespace(
            admin=SimpleNamespace(id=made.admin.id, email=made.admin.email),
            mod_a=SimpleNamespace(id=made.mod_a.id, email=made.mod_a.email),
            site_a_id=made.site_a.id, first_comment=made.comments_a[0].id,
        )


def status_of(app, comment_id: int) -> CommentStatus:
    with app.app_context():
        return db.session.get(Comment, comment_id).status


def signed_in(app, email: str):
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    assert client.get("/moderate/").status_code == 200
    return client


def test_signing_out_ends_every_session_of_the_account(app, world):
    laptop, phone = signed_in(app, world.mod_a.email), signed_in(app, world.mod_a.email)
    other = signed_in(app, world.admin.email)
    assert laptop.post("/moderate/logout").status_code == 302
    assert phone.get("/moderate/").status_code == 302  # back to the login page
    assert other.get("/moderate/").status_code == 200  # someone else's session lives on


def test_a_new_password_ends_the_old_sessions(app, world):
    stolen = signed_in(app, world.mod_a.email)
    with app.app_context():
        person = db.session.get(Moderator, world.mod_a.id)
        person.set_password("a brand new password")
        db.session.commit()
    assert stolen.get("/moderate/").status_code == 302
    assert log_in(app.test_client(), world.mod_a.email, PASSWORD).status_code == 401
    assert log_in(app.test_client(), world.mod_a.email, "a brand new password").status_code == 302


def test_blocking_an_account_ends_its_sessions_at_once(app, world):
    blocked = signed_in(app, world.mod_a.email)
    admin = signed_in(app, world.admin.email)
    switch = f"/moderate/moderators/{world.mod_a.id}/active"
    assert admin.post(switch, data={"active": "0"}).status_code == 200
    assert blocked.get("/moderate/").status_code == 302
    # Allowing sign-in again does not bring the old session back.
    assert admin.post(switch, data={"active": "1"}).status_code == 200
    assert blocked.get("/moderate/").status_code == 302


def test_a_session_cookie_from_before_the_upgrade_is_refused(app, world):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(world.admin.id)  # the old shape: the bare id
        session["_fresh"] = True
    assert client.get("/moderate/").status_code == 302


def test_signing_in_issues_a_new_csrf_secret(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build_world()
        target = world.comments_a[0].id
        client = app.test_client()
        login_page = client.get("/moderate/login").get_data(as_text=True)
        before = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        assert client.post("/moderate/login", data={"email": world.admin.email, "password": PASSWORD,
                                                    "csrf_token": before}).status_code == 302
        # The token someone saw (or planted) before the sign-in no longer works.
        refused = client.post(f"/moderate/comments/{target}/decide",
                              data={"action": "approve", "csrf_token": before})
        assert refused.status_code == 400
        db.session.expire_all()
        assert db.session.get(Comment, target).status == CommentStatus.PENDING


def test_an_invited_account_without_a_password_costs_a_login_the_same_hashing(app, world, monkeypatch):
    with app.app_context():
        invited = Moderator(email="invited@example.com", role=Role.MODERATOR)
        issue_invite(invited)
        db.session.add(invited)
        db.session.commit()
    calls = []
    real_scrypt = hashlib.scrypt

    def counting_scrypt(*args, **kwargs):
        calls.append(1)
        return real_scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    client = app.test_client()
    counts = {}
    for who in ("invited@example.com", world.mod_a.email, "nobody@example.com"):
        calls.clear()
        assert log_in(client, who, "a wrong password").status_code == 401
        counts[who] = len(calls)
    assert set(counts.values()) == {1}, counts


@pytest.mark.parametrize("path", [
    f"/moderate/?site={TOO_BIG}",
    f"/moderate/?thread={HUGE}",
    f"/moderate/history?before={TOO_BIG}",
    f"/moderate/history?moderator={HUGE}",
    f"/moderate/?after=s~0.5~{TOO_BIG}",
    f"/moderate/?sort=time_desc&after=t~2026-01-01T00:00:00~{HUGE}",
    f"/moderate/sites/{TOO_BIG}",
])
def test_ids_too_large_for_the_database_are_a_400_on_pages(app, world, path):
    admin = signed_in(app, world.admin.email)
    assert admin.get(path).status_code == 400


@pytest.mark.parametrize(("path", "data"), [
    (f"/moderate/comments/{TOO_BIG}/decide", {"action": "approve"}),
    ("/moderate/bulk", {"action": "spam", "ids": [HUGE]}),
    ("/moderate/undo", {"decision": [TOO_BIG]}),
    (f"/moderate/moderators/{TOO_BIG}/active", {"active": "0"}),
    (f"/moderate/moderators/{HUGE}/invite", {}),
])
def test_ids_too_large_for_the_database_are_a_400_on_forms(app, world, path, data):
    admin = signed_in(app, world.admin.email)
    assert admin.post(path, data=data).status_code == 400


def test_a_line_break_in_the_return_address_is_a_400(app, world):
    admin = signed_in(app, world.admin.email)
    target = world.first_comment
    answer = admin.post(f"/moderate/comments/{target}/decide",
                        data={"action": "approve", "next": "/moderate/\r\nSet-Cookie: x=1"})
    assert answer.status_code == 400
    assert status_of(app, target) == CommentStatus.PENDING  # nothing was decided
    login = app.test_client().post("/moderate/login", data={"email": world.admin.email, "password": PASSWORD,
                                                            "next": "/moderate/\nx"})
    assert login.status_code == 400
