"""Posting a comment: what is stored, what is refused, and with which answer.

Runs on SQLite and on PostgreSQL (the `app` fixture is parametrised).
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import CaptchaChallenge, Comment, CommentStatus, Site, Thread, db, utcnow
from moderation.challenges import form_token
from tests.api_helpers import ORIGIN, Commenter


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def stored(comment_id: int) -> Comment:
    db.session.expire_all()
    return db.session.get(Comment, comment_id)


def test_a_valid_comment_is_stored_as_received_and_answered_202(commenter):
    response = commenter.post(body="First line\n\nSecond — with ünïcödé 🎉")
    assert response.status_code == 202
    assert response.json["status"] == "pending"
    comment = stored(response.json["id"])
    assert comment.status == CommentStatus.RECEIVED
    assert comment.body == "First line\n\nSecond — with ünïcödé 🎉"
    assert comment.author == "Ada" and comment.email == "ada@example.com" and comment.title == "A thought"
    assert comment.thread.uri == "/2008/07/on-moderation"
    # The page title waits with the comment; it is published when the comment is approved.
    assert comment.thread.title == "" and comment.signals["page_title"] == "On moderation"
    # The memory:// broker took the message, so the row records it was sent.
    assert comment.enqueued_at is not None


def test_the_page_fragment_is_dropped_so_both_links_share_one_thread(commenter):
    first = commenter.post(uri="/post#comments")
    second = commenter.post(uri="https://blog.example/post#c3")
    third = commenter.post(uri="/post")
    assert {r.status_code for r in (first, second, third)} == {202}
    assert stored(first.json["id"]).thread_id == stored(third.json["id"]).thread_id
    assert stored(second.json["id"]).thread.uri == "https://blog.example/post"


def test_a_page_on_a_foreign_host_is_a_field_error(commenter):
    response = commenter.post(uri="https://evil.example/post")
    assert response.status_code == 400
    assert "uri" in response.json["fields"]
    assert comment_count() == 0


def test_client_signals_are_recorded_and_only_the_network_of_the_address_is_kept(commenter):
    response = commenter.client.post(
        "/api/v1/comments", json=commenter.form(),
        headers={"Origin": ORIGIN, "User-Agent": "TestBrowser/1.0"},
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
    )
    comment = stored(response.json["id"])
    assert comment.user_agent == "TestBrowser/1.0"
    assert comment.ip_prefix == "203.0.113.0/24"
    # Nothing that gives the address back: no hash of it (256 guesses within the /24 would).
    assert comment.ip_hash is None
    assert all("203.0.113.77" not in str(value) for value in (comment.signals, comment.user_agent))
    assert comment.honeypot is False
    assert comment.seconds_to_submit is not None and 0 <= comment.seconds_to_submit < 60
    assert comment.signals["form_token"] == "ok"


def test_ipv6_addresses_keep_only_their_48_bit_prefix(commenter):
    response = commenter.client.post("/api/v1/comments", json=commenter.form(), headers={"Origin": ORIGIN},
                                     environ_base={"REMOTE_ADDR": "2001:db8:abcd:12::1"})
    assert stored(response.json["id"]).ip_prefix == "2001:db8:abcd::/48"


def test_the_seconds_to_submit_come_from_the_signed_form_time(commenter, app):
    form = commenter.form()
    with app.test_request_context():
        form["form_token"] = form_token(form["captcha_id"], now=time.time() - 60)
    response = commenter.post(form)
    assert 59 <= stored(response.json["id"]).seconds_to_submit < 70


def test_a_form_token_counts_only_with_the_answer_to_its_own_challenge(commenter):
    first = commenter.form()
    assert commenter.post(first).status_code == 202
    # The same token again, with another challenge's answer: no time is taken from it.
    again = commenter.post(form_token=first["form_token"])
    assert again.status_code == 202
    comment = stored(again.json["id"])
    assert comment.seconds_to_submit is None
    assert comment.signals["form_token"] == "other_challenge"


def test_an_old_form_token_cannot_make_a_comment_look_patient(commenter, app):
    form = commenter.form()
    too_old = app.config["FORM_TOKEN_MAX_AGE_SECONDS"] + 60
    with app.test_request_context():
        form["form_token"] = form_token(form["captcha_id"], now=time.time() - too_old)
    comment = stored(commenter.post(form).json["id"])
    assert comment.seconds_to_submit is None
    assert comment.signals["form_token"] == "expired"


def test_a_new_challenge_for_the_same_form_keeps_the_moment_it_was_shown(commenter, app):
    first = commenter.challenge()
    with app.test_request_context():
        two_minutes_ago = form_token(first["id"], now=time.time() - 120)
        ancient = form_token(first["id"], now=time.time() - app.config["FORM_TOKEN_MAX_AGE_SECONDS"] - 60)
    for previous, low, high in ((two_minutes_ago, 119, 130), (ancient, 0, 10)):
        renewed = commenter.client.post("/api/v1/captcha", json={"site": commenter.site_key,
                                                                 "form_token": previous},
                                        headers={"Origin": commenter.origin}).json
        form = commenter.form(captcha_id=renewed["id"], captcha_answer=commenter.answer_for(renewed["id"]),
                              form_token=renewed["form_token"], pow=commenter.solution_for(renewed))
        comment = stored(commenter.post(form).json["id"])
        assert comment.signals["form_token"] == "ok"
        assert low <= comment.seconds_to_submit < high


def test_a_tampered_form_token_is_a_signal_not_a_refusal(commenter):
    challenge_token = commenter.challenge()["form_token"]
    forged = challenge_token[:-3] + ("AAA" if not challenge_token.endswith("AAA") else "BBB")
    response = commenter.post(form_token=forged)
    assert response.status_code == 202
    comment = stored(response.json["id"])
    assert comment.seconds_to_submit is None
    assert comment.signals["form_token"] == "invalid"


def test_a_filled_honeypot_gets_the_same_202_and_is_recorded(commenter):
    response = commenter.post(website="http://cheap-pills.example")
    assert response.status_code == 202
    assert set(response.json) == {"id", "status", "token"} and response.json["status"] == "pending"
    assert stored(response.json["id"]).honeypot is True


def test_the_first_comment_on_a_page_creates_its_thread_once(commenter):
    for _ in range(3):
        assert commenter.post(uri="/new-page").status_code == 202
    assert db.session.scalar(select(func.count()).select_from(Thread).where(Thread.uri == "/new-page")) == 1


# --- the CAPTCHA ------------------------------------------------------------

def test_a_lower_case_answer_with_spaces_is_accepted(commenter):
    form = commenter.form()
    answer = form["captcha_answer"]
    form["captcha_answer"] = f" {answer[:2].lower()} {answer[2:].lower()} "
    assert commenter.post(form).status_code == 202


def test_a_wrong_answer_is_refused_and_nothing_is_stored(commenter):
    form = commenter.form()
    form["captcha_answer"] = "WRONG"
    response = commenter.post(form)
    assert response.status_code == 403
    assert response.json["error"] == "captcha_failed"
    assert comment_count() == 0


def test_a_wrong_then_right_answer_is_refused_because_the_first_answer_consumed_it(commenter):
    form = commenter.form()
    right = form["captcha_answer"]
    assert commenter.post({**form, "captcha_answer": "WRONG"}).status_code == 403
    response = commenter.post({**form, "captcha_answer": right})
    assert response.status_code == 403
    assert response.json["error"] == "captcha_failed"
    assert comment_count() == 0


def test_reused_captcha_is_refused(commenter):
    form = commenter.form()
    assert commenter.post(form).status_code == 202
    again = commenter.post({**form, "body": "A second comment on the same challenge"})
    assert again.status_code == 403
    assert again.json["error"] == "captcha_failed"
    assert comment_count() == 1


def test_an_expired_captcha_is_refused(commenter):
    form = commenter.form()
    db.session.execute(
        CaptchaChallenge.__table__.update().where(CaptchaChallenge.id == form["captcha_id"])
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    response = commenter.post(form)
    assert response.status_code == 403
    assert response.json["error"] == "captcha_failed"
    assert comment_count() == 0


def test_a_challenge_of_another_site_is_refused(commenter, app):
    other = Site(name="Other blog", origins=[ORIGIN])
    db.session.add(other)
    db.session.commit()
    form = Commenter(app, commenter.client, other.key).form()
    response = commenter.post({**form, "site": commenter.site_key})
    assert response.status_code == 403
    assert response.json["error"] == "captcha_failed"


def test_an_unknown_challenge_is_refused(commenter):
    unknown = {"id": "0" * 32, "pow": {"max_number": 1000}}
    response = commenter.post(captcha_id=unknown["id"], captcha_answer="ACDEF",
                              pow=commenter.solution_for(unknown))
    assert response.status_code == 403
    assert response.json["error"] == "captcha_failed"


def test_a_non_ascii_answer_is_simply_wrong(commenter):
    response = commenter.post(captcha_answer="ÄÖÜ€😀")
    assert response.status_code == 403
    assert response.json["error"] == "captcha_failed"


def test_field_errors_come_before_the_captcha_and_do_not_consume_it(commenter):
    form = commenter.form()
    response = commenter.post({**form, "body": ""})
    assert response.status_code == 400
    assert commenter.answer_for(form["captcha_id"]) == form["captcha_answer"]
    assert commenter.post(form).status_code == 202


# --- the error list ---------------------------------------------------------

def test_a_body_that_is_not_json_is_refused_with_415(commenter):
    response = commenter.client.post("/api/v1/comments", data="author=Ada&body=hi",
                                     content_type="application/x-www-form-urlencoded",
                                     headers={"Origin": ORIGIN})
    assert response.status_code == 415
    assert response.json["error"] == "unsupported_media_type"


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe{}", b"[" * 50_000, b'"just a string"', b"[1, 2]", b""])
def test_malformed_json_is_refused_with_400(commenter, raw):
    response = commenter.client.post("/api/v1/comments", data=raw, content_type="application/json",
                                     headers={"Origin": ORIGIN})
    assert response.status_code == 400
    assert response.json["error"] == "malformed_json"


def test_every_bad_field_is_named_at_once(commenter):
    form = commenter.form()
    form.update(author="", email="not-an-address", title="t" * 201, body="x" * 10_001, uri="ftp://x")
    del form["captcha_answer"]
    response = commenter.post(form)
    assert response.status_code == 400
    assert response.json["error"] == "invalid"
    assert set(response.json["fields"]) == {"author", "email", "title", "body", "uri", "captcha_answer"}
    assert comment_count() == 0


@pytest.mark.parametrize(("field", "value"), [
    ("author", "A" * 81), ("author", "   "), ("author", "Ada\x00"), ("author", 42),
    ("email", "ada@"), ("email", "a" * 250 + "@x.org"), ("title", "T" * 201), ("title", "bell\x07"),
    ("body", " \n "), ("body", "x" * 10_001), ("body", "NUL\x00byte"), ("body", "escape \x1b[31m"),
    ("body", "lone \ud800 surrogate"), ("body", ["a list"]), ("page_title", "P" * 301),
])
def test_each_invalid_field_is_refused_by_name(commenter, field, value):
    response = commenter.post(**{field: value})
    assert response.status_code == 400
    assert field in response.json["fields"]
    assert comment_count() == 0


@pytest.mark.parametrize(("field", "value"), [
    ("author", "A" * 80), ("title", "T" * 200), ("body", "x" * 10_000), ("email", None), ("email", ""),
    ("body", "tabs\tand\r\nwindows lines"), ("author", "李小龍"), ("body", "emoji 👩‍👩‍👧 and RTL שלום"),
])
def test_values_at_the_limits_are_kept_exactly(commenter, field, value):
    response = commenter.post(**{field: value})
    assert response.status_code == 202
    assert getattr(stored(response.json["id"]), field) == (value or None if field == "email" else value)


def test_an_unknown_site_is_refused_with_404(commenter):
    response = commenter.post(site="no-such-site")
    assert response.status_code == 404
    assert response.json["error"] == "unknown_site"


def test_a_foreign_origin_is_refused_and_nothing_is_written(commenter):
    form = commenter.form()
    response = commenter.post(form, origin="https://evil.example")
    assert response.status_code == 403
    assert response.json["error"] == "origin_not_allowed"
    assert comment_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0
    # Nor was the challenge touched: the real page can still use it.
    assert commenter.answer_for(form["captcha_id"]) == form["captcha_answer"]


def test_a_write_without_an_origin_is_refused(commenter):
    response = commenter.post(origin=None)
    assert response.status_code == 403
    assert response.json["error"] == "origin_not_allowed"


def test_a_body_over_the_limit_is_refused_with_413(commenter):
    huge = '{"body": "' + "x" * 300_000 + '"}'
    response = commenter.client.post("/api/v1/comments", data=huge, content_type="application/json",
                                     headers={"Origin": ORIGIN})
    assert response.status_code == 413
    assert response.json["error"] == "too_large"
    assert comment_count() == 0
