"""Abuse of the public API and the console URLs: nothing gets in, nothing is stored, nothing leaks.

Runs on SQLite and on PostgreSQL (the `app` fixture is parametrised). The
CAPTCHA brute force runs with the rate limits on, counted in real Redis.
"""

from __future__ import annotations

import http.client
import json

import pytest
from sqlalchemy import func, select

from models import ChallengeStore, Comment, CommentStatus, DecisionAction, Site, db, decide
from tests.api_helpers import ORIGIN, Commenter
from tests.console_world import build_world


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


def comment_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment))


def still_answerable(commenter: Commenter, challenge_id: str) -> bool:
    return commenter.answer_for(challenge_id) is not None


# --- how the body is sent ----------------------------------------------------

@pytest.mark.parametrize("content_type", [
    "text/plain",  # the "simple request" a cross-site form or fetch can send without a preflight
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json-patch+json",
    None,
])
def test_a_comment_sent_as_anything_but_json_is_refused_with_415_and_costs_nothing(commenter, content_type):
    form = commenter.form(body="sent the wrong way")
    if content_type and content_type.startswith("application/x-www-form-urlencoded"):
        data: object = {k: v for k, v in form.items() if v is not None}
    else:
        data = json.dumps(form)
    headers = {"Origin": ORIGIN}
    if content_type:
        headers["Content-Type"] = content_type
    answer = commenter.client.post("/api/v1/comments", data=data, headers=headers)

    assert answer.status_code == 415
    assert answer.json["error"] == "unsupported_media_type"
    assert comment_count() == 0
    # Refused before the CAPTCHA: the commenter's challenge is still good.
    assert still_answerable(commenter, form["captcha_id"])


def test_a_challenge_requested_as_text_plain_is_refused_with_415(commenter):
    answer = commenter.client.post("/api/v1/captcha", data=json.dumps({"site": commenter.site_key}),
                                   headers={"Origin": ORIGIN, "Content-Type": "text/plain"})
    assert answer.status_code == 415
    assert answer.json["error"] == "unsupported_media_type"


@pytest.mark.parametrize("origin", [
    "https://evil.invalid",
    "https://blog.example.evil.invalid",  # the site's host as a prefix
    "https://evilblog.example",
    "http://blog.example",  # the right host on the wrong scheme
    "https://blog.example:8443",
    "null",  # sandboxed iframes and file:// pages
])
def test_a_comment_from_a_foreign_origin_is_refused_with_403_and_nothing_is_written(commenter, origin):
    form = commenter.form(body="from elsewhere")
    answer = commenter.client.post("/api/v1/comments", json=form, headers={"Origin": origin})
    assert answer.status_code == 403
    assert answer.json["error"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in answer.headers
    assert comment_count() == 0
    assert still_answerable(commenter, form["captcha_id"])


# --- guessing ids ----------------------------------------------------------------

def test_guessed_captcha_ids_have_no_image_or_audio_and_never_reveal_a_real_challenge(commenter):
    real = commenter.challenge()["id"]
    # One character off the real id (never the real id itself, whatever its last character is).
    near = real[:-1] + ("1" if real.endswith("0") else "0")
    guesses = [str(n) for n in range(1, 60)] + ["0" * 32, "f" * 32, near, real.upper(),
                                               "../" + real, real + "%00", "%2e%2e"]
    for guess in guesses:
        for kind in ("png", "wav"):
            answer = commenter.client.get(f"/api/v1/captcha/{guess}.{kind}")
            assert answer.status_code == 404, (guess, answer.status_code)
            assert answer.is_json and answer.json["error"] == "not_found"
    assert commenter.client.get(f"/api/v1/captcha/{real}.png").status_code == 200


def _id_urls(app) -> list[tuple[str, str]]:
    """Every (method, URL template) of the app that takes a number in its path."""
    found = []
    for rule in app.url_map.iter_rules():
        kinds = {type(c).__name__ for c in rule._converters.values()}
        if "IntegerConverter" not in kinds:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule))
    return found


def test_sequential_ids_on_every_console_url_send_a_stranger_to_the_login_page(app, client):
    with app.app_context():
        world = build_world()
        secret_bodies = [c.body for c in world.comments_a + world.comments_b]
        statuses = {c.id: c.status for c in world.comments_a + world.comments_b}
    urls = _id_urls(app)
    assert any("comment_id" in template for _, template in urls)  # the probe does reach comment URLs
    for method, template in urls:
        name = template[template.index("<"):template.index(">") + 1]
        for number in range(1, 25):
            url = template.replace(name, str(number))
            answer = client.open(url, method=method, data={"action": "approve", "active": "0"})
            assert answer.status_code in (302, 401, 404), (method, url, answer.status_code)
            if answer.status_code == 302:
                assert "/moderate/login" in answer.headers["Location"], (method, url)
            page = answer.get_data(as_text=True)
            assert not any(body in page for body in secret_bodies), (method, url)
    with app.app_context():
        db.session.expire_all()
        assert {c.id: c.status for c in db.session.scalars(select(Comment))} == statuses


def test_reading_another_sites_page_through_this_sites_key_serves_nothing_of_it(app, client):
    with app.app_context():
        world = build_world(pending_a=0, pending_b=2)
        for made in world.comments_b:
            decide(made.id, DecisionAction.APPROVE, world.admin.id)
        db.session.commit()
        key_a, uri_b = world.site_a.key, world.thread_b.uri
        beta_bodies = [c.body for c in world.comments_b]
        beta_page = f"https://beta.example{uri_b}"
    for uri in (uri_b, beta_page):
        answer = client.get("/api/v1/threads", query_string={"site": key_a, "uri": uri})
        assert answer.status_code in (200, 400)
        text = answer.get_data(as_text=True)
        assert not any(body in text for body in beta_bodies), uri
        if answer.status_code == 200:
            assert answer.json["comments"] == []
    counts = client.get("/api/v1/counts", query_string={"site": key_a, "uri": uri_b})
    assert counts.json["counts"] == {uri_b: 0}


def test_pending_comments_are_served_by_no_public_endpoint(commenter):
    answer = commenter.post(body="awaiting moderation: secret-pending-text")
    assert answer.status_code == 202
    client = commenter.client
    page_of = {"site": commenter.site_key, "uri": "/2008/07/on-moderation"}
    pages = [
        client.get("/api/v1/threads", query_string=page_of),
        client.get("/api/v1/counts", query_string=page_of),
        client.get("/embed.js"),
    ]
    for page in pages:
        assert "secret-pending-text" not in page.get_data(as_text=True)
    assert pages[0].json["comments"] == [] and pages[1].json["counts"] == {"/2008/07/on-moderation": 0}


# --- brute force and sizes ---------------------------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # limits live in Redis
def test_the_thousandth_captcha_guess_on_fresh_challenges_is_refused_by_the_rate_limit(
        make_app, clean_redis, redis_url):
    # The default limits, counted in real Redis as in production.
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    with app.app_context():
        site = Site(name="Target", origins=[ORIGIN])
        db.session.add(site)
        db.session.commit()
        site_id, key = site.id, site.key
        # An attacker with a supply of fresh challenges (more than the API
        # would ever hand one client) guesses each one once.
        store = ChallengeStore()
        challenge_ids = [store.create(site_id).id for _ in range(1000)]
    client = app.test_client()
    codes = []
    for challenge_id in challenge_ids:
        answer = client.post("/api/v1/comments", headers={"Origin": ORIGIN}, json={
            "site": key, "uri": "/post", "author": "Bot", "body": "guess", "captcha_id": challenge_id,
            "captcha_answer": "00000"})  # 0 is not in the alphabet: never right by luck
        codes.append(answer.status_code)
    last = answer
    assert codes[-1] == 429
    assert last.json["error"] == "rate_limited"
    assert int(last.headers["Retry-After"]) >= 1
    # Only the first few guesses were even checked; every one of them was wrong.
    checked = [c for c in codes if c != 429]
    assert set(checked) == {403}
    assert len(checked) <= 100
    # Asking the API for fresh challenges runs out long before that, too.
    created = [client.post("/api/v1/captcha", json={"site": key}, headers={"Origin": ORIGIN}).status_code
               for _ in range(100)]
    assert created[-1] == 429 and created.count(201) <= 30
    with app.app_context():
        assert comment_count() == 0


def test_a_ten_megabyte_body_is_refused_with_413_as_json(commenter):
    body = json.dumps({"site": commenter.site_key, "body": "x" * (10 * 1024 * 1024)})
    answer = commenter.client.post("/api/v1/comments", data=body,
                                   headers={"Origin": ORIGIN, "Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.json["error"] == "too_large"
    assert comment_count() == 0


def test_a_ten_megabyte_body_without_a_length_is_cut_off_with_413(commenter, live_server):
    # Chunked: the server cannot refuse it from the Content-Length up front.
    host, port = live_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)

    def chunks():
        yield b'{"site": "' + commenter.site_key.encode() + b'", "body": "'
        for _ in range(160):
            yield b"x" * 65536
        yield b'"}'

    try:
        connection.request("POST", "/api/v1/comments", body=chunks(), encode_chunked=True,
                           headers={"Content-Type": "application/json", "Origin": ORIGIN})
        answer = connection.getresponse()
        status, data = answer.status, json.loads(answer.read())
    except (BrokenPipeError, ConnectionResetError):
        # The server answered and closed before reading the rest: refused too.
        status, data = 413, {"error": "too_large"}
    finally:
        connection.close()
    assert status == 413 and data["error"] == "too_large", (status, data)
    assert comment_count() == 0


def test_a_body_of_exactly_the_limit_ending_in_four_byte_emoji_is_stored_exactly(commenter):
    emoji = "😀🦄🧪🇺🇳"  # four-byte characters, and a flag made of two of them
    body = "Ünïcödé first line\n\n" + "a" * (10_000 - len("Ünïcödé first line\n\n") - len(emoji)) + emoji
    assert len(body) == 10_000
    answer = commenter.post(body=body)
    assert answer.status_code == 202
    db.session.expire_all()
    stored = db.session.get(Comment, answer.json["id"])
    assert stored.body == body
    assert stored.status == CommentStatus.RECEIVED

    one_more = commenter.post(body=body + "😀")
    assert one_more.status_code == 400
    assert "body" in one_more.json["fields"]


def test_a_nul_character_in_any_parameter_is_bad_input_never_a_5xx(commenter):
    # PostgreSQL refuses NUL in text; that must read as a bad request, not as
    # "the service is unavailable, try again".
    client, key = commenter.client, commenter.site_key
    headers = {"Origin": ORIGIN}
    answers = {
        "thread site": client.get("/api/v1/threads?site=a%00b&uri=/x"),
        "thread uri": client.get(f"/api/v1/threads?site={key}&uri=/x%00y"),
        "counts uri": client.get(f"/api/v1/counts?site={key}&uri=/x%00y"),
        "challenge site": client.post("/api/v1/captcha", json={"site": "a\u0000b"}, headers=headers),
        "comment site": client.post("/api/v1/comments", json={"site": "a\u0000b"}, headers=headers),
        "comment body": commenter.post(body="a\u0000b"),
        "captcha image": client.get("/api/v1/captcha/a%00b.png"),
        "captcha audio": client.get("/api/v1/captcha/a%00b.wav"),
        "console login": client.post("/moderate/login", data={"email": "a\u0000@b.example", "password": "x"}),
        "invite": client.get("/moderate/invite/a%00b"),
    }
    for what, answer in answers.items():
        assert 400 <= answer.status_code < 500, (what, answer.status_code)
    assert comment_count() == 0
