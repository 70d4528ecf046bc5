"""Signing in: passwords, one-time invitation links, CSRF on every form, rate-limited guessing."""

from __future__ import annotations

import re
from datetime import timedelta

from config import load_config
from models import Comment, CommentStatus, Moderator, db, utcnow
from tests.console_world import PASSWORD, build_world, log_in


def test_console_asks_for_sign_in_first(client, world):
    answer = client.get("/moderate/")
    assert answer.status_code == 302 and "/moderate/login" in answer.headers["Location"]


def test_right_password_signs_in_and_sign_out_ends_the_session(client, world):
    answer = log_in(client, world.mod_a.email)
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/moderate/").status_code == 200
    assert client.post("/moderate/logout").status_code == 302
    assert client.get("/moderate/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, world):
    wrong = log_in(client, world.mod_a.email, "not the password")
    unknown = log_in(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong email or password." in wrong.get_data(as_text=True)
    assert "Wrong email or password." in unknown.get_data(as_text=True)
    assert client.get("/moderate/").status_code == 302


def test_session_cookie_is_secure_outside_development():
    production = load_config({"APP_ENV": "production", "SECRET_KEY": "x" * 32})
    development = load_config({"APP_ENV": "development", "SECRET_KEY": "x" * 32})
    assert production["SESSION_COOKIE_SECURE"] is True and development["SESSION_COOKIE_SECURE"] is False


def test_login_never_redirects_to_another_host(client, world):
    answer = client.post("/moderate/login", data={"email": world.admin.email, "password": PASSWORD,
                                                  "next": "https://evil.example/"})
    assert answer.headers["Location"].endswith("/moderate/")


def test_invited_moderator_sets_a_password_once_through_the_link(client, world):
    log_in(client, world.admin.email)
    # The link is built on PUBLIC_URL, never on the Host header a client sends.
    page = client.post("/moderate/moderators", data={"email": "New@Example.com", "role": "moderator",
                                                     "sites": [world.site_a.id]},
                       headers={"Host": "evil.example"})
    assert page.status_code == 200
    link = re.search(r'value="(http://[^"]+/moderate/invite/[^"]+)"', page.get_data(as_text=True)).group(1)
    assert link.startswith("http://127.0.0.1:5000/moderate/invite/")
    person = Moderator.by_email("new@example.com")
    assert person.password_hash is None and person.invite_token_hash not in link  # only a hash is kept
    client.post("/moderate/logout")
    path = link.removeprefix("http://127.0.0.1:5000")
    short = client.post(path, data={"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 10" in short.get_data(as_text=True)
    done = client.post(path, data={"password": "a long new password", "confirm": "a long new password"})
    assert done.status_code == 302
    assert client.get("/moderate/").status_code == 200  # signed in
    client.post("/moderate/logout")
    assert client.get(path).status_code == 404  # single use
    assert log_in(client, "new@example.com", "a long new password").status_code == 302


def test_expired_invitation_link_is_refused(client, world):
    from moderation.console.auth import issue_invite

    token = issue_invite(world.mod_a)
    world.mod_a.invite_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    answer = client.get(f"/moderate/invite/{token}")
    assert answer.status_code == 404 and "does not work" in answer.get_data(as_text=True)


def test_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build_world()
        client = app.test_client()
        login_page = client.get("/moderate/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        # Even the login form needs it.
        assert log_in(client, world.admin.email).status_code == 400
        answer = client.post("/moderate/login", data={"email": world.admin.email, "password": PASSWORD,
                                                      "csrf_token": token})
        assert answer.status_code == 302
        target = world.comments_a[0].id
        refused = client.post(f"/moderate/comments/{target}/decide", data={"action": "approve"})
        assert refused.status_code == 400
        assert "CSRF" in refused.get_data(as_text=True)
        assert client.post("/moderate/bulk", data={"action": "spam", "ids": [target]}).status_code == 400
        db.session.expire_all()
        assert db.session.get(Comment, target).status == CommentStatus.PENDING
        # With the page's token the same form works.
        queue = client.get("/moderate/").get_data(as_text=True)
        page_token = re.search(r'name="csrf_token" value="([^"]+)"', queue).group(1)
        ok = client.post(f"/moderate/comments/{target}/decide",
                         data={"action": "approve", "csrf_token": page_token})
        assert ok.status_code == 302
        db.session.expire_all()
        assert db.session.get(Comment, target).status == CommentStatus.APPROVED


def test_twenty_wrong_passwords_are_rate_limited_even_for_the_right_one(make_app, clean_redis, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    with app.app_context():
        world = build_world()
        client = app.test_client()
        codes = [log_in(client, world.mod_a.email, f"guess {i}").status_code for i in range(20)]
        assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}
        limited = log_in(client, world.mod_a.email)
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) > 0
        assert "Too many requests" in limited.get_data(as_text=True)
        assert limited.headers["Content-Security-Policy"]
        # Another account from the same client is not locked by this one's limit.
        assert log_in(client, world.admin.email).status_code == 302


def test_one_client_trying_many_accounts_is_rate_limited(make_app, clean_redis, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_LOGIN_CLIENT="5/minute")
    with app.app_context():
        world = build_world()
        client = app.test_client()
        codes = [log_in(client, f"user{i}@example.com", "guess").status_code for i in range(7)]
        assert codes == [401] * 5 + [429] * 2
        assert log_in(client, world.admin.email).status_code == 429
