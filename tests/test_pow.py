"""The proof-of-work puzzle: issued with each challenge, solved by search, required once per comment.

Runs on SQLite and on PostgreSQL. Puzzles are solved here the way the widget
solves them (trying 0, 1, 2 ...) on small sites, and through the server's own
key (`Commenter.solution_for`) where the size does not matter.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from models import Comment, Site, db
from models.site import POW_MAX_NUMBER
from moderation import proof_of_work
from moderation.console.forms import SiteForm
from tests.api_helpers import ORIGIN, Commenter

SMALL = 2_000


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


@pytest.fixture
def small_site(site) -> Site:
    site.pow_max_number = SMALL
    db.session.commit()
    return site


def search(puzzle: dict) -> dict:
    """Solve a puzzle as the widget does: the first number whose hash is the challenge."""
    assert puzzle["algorithm"] == "SHA-256"
    for number in range(puzzle["max_number"] + 1):
        if hashlib.sha256(f"{puzzle['salt']}{number}".encode()).hexdigest() == puzzle["challenge"]:
            return {"number": number, "max_number": puzzle["max_number"], "signature": puzzle["signature"]}
    raise AssertionError("no number in range solves the puzzle")


def comments() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_a_challenge_comes_with_a_puzzle_of_the_sites_size_bound_to_its_id(commenter, site):
    challenge = commenter.challenge()
    puzzle = challenge["pow"]
    assert puzzle["max_number"] == POW_MAX_NUMBER == site.pow_max_number
    assert puzzle["salt"].startswith(challenge["id"] + ".")
    assert len(puzzle["challenge"]) == 64 and len(puzzle["signature"]) == 64
    # The secret number is not in what the widget is sent.
    number = commenter.solution_for(challenge)["number"]
    assert f"{puzzle['salt']}{number}" not in str(challenge)


def test_a_comment_with_a_searched_solution_is_accepted(commenter, small_site):
    challenge = commenter.challenge()
    form = commenter.form(captcha_id=challenge["id"], captcha_answer=commenter.answer_for(challenge["id"]),
                          form_token=challenge["form_token"], pow=search(challenge["pow"]))
    response = commenter.post(form)
    assert response.status_code == 202, response.json
    assert comments() == 1


def test_the_sites_setting_changes_the_puzzle(commenter, site):
    assert commenter.challenge()["pow"]["max_number"] == POW_MAX_NUMBER
    site.pow_max_number = 12_345
    db.session.commit()
    puzzle = commenter.challenge()["pow"]
    assert puzzle["max_number"] == 12_345 and ".12345." in puzzle["salt"]
    assert 0 <= search(puzzle)["number"] <= 12_345


def test_a_comment_without_a_solution_is_refused_and_keeps_its_challenge(commenter):
    form = commenter.form()
    del form["pow"]
    response = commenter.post(form)
    assert response.status_code == 403 and response.json["error"] == "pow_missing"
    assert comments() == 0
    # Not consumed: the same form with its solution goes through.
    assert commenter.post({**form, "pow": commenter.solution_for({"id": form["captcha_id"], "pow": {
        "max_number": POW_MAX_NUMBER}})}).status_code == 202


@pytest.mark.parametrize("change", [
    lambda s: {**s, "number": (s["number"] + 1) % (s["max_number"] + 1)},
    lambda s: {**s, "signature": "0" * 64},
    lambda s: {**s, "max_number": 1_000, "number": s["number"] % 1_001},
    lambda s: {**s, "number": str(s["number"])},
    lambda s: {**s, "number": True},
    lambda s: {**s, "number": -1},
    lambda s: {"number": s["number"]},
    lambda s: [s["number"], s["signature"]],
    lambda s: "42",
], ids=["next number", "forged signature", "smaller puzzle claimed", "number as text", "boolean",
        "negative", "no signature", "a list", "a string"])
def test_a_wrong_solution_is_refused_and_nothing_is_stored(commenter, change):
    form = commenter.form()
    response = commenter.post({**form, "pow": change(form["pow"])})
    assert response.status_code == 403 and response.json["error"] == "pow_failed"
    assert comments() == 0


def test_a_solution_for_another_challenge_is_refused(commenter):
    first, second = commenter.form(), commenter.form()
    response = commenter.post({**second, "pow": first["pow"]})
    assert response.status_code == 403 and response.json["error"] == "pow_failed"
    assert comments() == 0


def test_a_solution_for_another_sites_challenge_is_refused(commenter, client, app):
    other = Site(name="Other blog", origins=[ORIGIN])
    db.session.add(other)
    db.session.commit()
    elsewhere = Commenter(app, client, other.key).form()
    response = commenter.post({**commenter.form(), "pow": elsewhere["pow"]})
    assert response.status_code == 403 and response.json["error"] == "pow_failed"
    assert comments() == 0


def test_a_used_solution_is_refused_with_its_challenge(commenter):
    form = commenter.form()
    assert commenter.post(form).status_code == 202
    again = commenter.post({**form, "body": "The same puzzle again."})
    assert again.status_code == 403 and again.json["error"] == "captcha_failed"
    assert comments() == 1


def test_field_errors_come_first_and_keep_the_challenge(commenter):
    form = commenter.form()
    response = commenter.post({**form, "author": "", "pow": None})
    assert response.status_code == 400 and "author" in response.json["fields"]
    assert commenter.post(form).status_code == 202


def test_verifying_needs_the_key_and_checks_the_hash():
    key, other_key = b"k" * 32, b"o" * 32
    puzzle = proof_of_work.issue(key, "a" * 32, 500)
    number = proof_of_work.known_solution(key, "a" * 32, 500)
    assert hashlib.sha256(f"{puzzle.salt}{number}".encode()).hexdigest() == puzzle.challenge
    solution = {"number": number, "max_number": 500, "signature": puzzle.signature}
    assert proof_of_work.verify(key, "a" * 32, solution) == "ok"
    assert proof_of_work.verify(key, "a" * 32, {**solution, "signature": puzzle.signature.upper()}) == "ok"
    assert proof_of_work.verify(other_key, "a" * 32, solution) == "wrong"
    assert proof_of_work.verify(key, "b" * 32, solution) == "wrong"
    assert proof_of_work.verify(key, "a" * 32, None) == "missing"
    # Secret numbers spread over the whole range, so the expected search is half of it.
    numbers = [proof_of_work.known_solution(key, f"{n:032x}", 999) for n in range(2000)]
    assert min(numbers) < 50 and max(numbers) > 950 and 400 < sum(numbers) / len(numbers) < 600


@pytest.mark.parametrize("value, ok", [("5000000", True), ("1000", True), ("999", False),
                                       ("100000001", False), ("", True), ("x", False)])
def test_the_console_takes_a_puzzle_size_in_range(app, value, ok):
    with app.test_request_context(method="POST", data={
            "name": "Blog", "origins": "https://blog.example", "hold_links_over": "2",
            "auto_approve_below": "0.1", "pow_max_number": value}):
        form = SiteForm(meta={"csrf": False})
        assert form.validate() is ok, form.errors
