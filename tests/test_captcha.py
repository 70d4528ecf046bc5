"""CAPTCHA challenges: created as tokens, drawn and spoken, never revealed, consumed once.

Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import update

from models import CaptchaChallenge, ChallengeStore, db, utcnow
from models.captcha import ALPHABET
from moderation.captcha_media import IMAGE_SIZE
from tests.api_helpers import ORIGIN, Commenter


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


def test_a_challenge_is_a_random_token_with_image_and_audio_urls(commenter, app):
    challenge = commenter.challenge()
    assert len(challenge["id"]) == 32 and int(challenge["id"], 16) >= 0
    base = app.config["PUBLIC_URL"]
    assert challenge["image"] == f"{base}/api/v1/captcha/{challenge['id']}.png"
    assert challenge["audio"] == f"{base}/api/v1/captcha/{challenge['id']}.wav"
    assert challenge["expires_in"] == 600 and challenge["expires_at"].endswith("Z")
    assert challenge["id"] != commenter.challenge()["id"]


def test_the_answer_never_leaves_the_server_except_drawn_or_spoken(commenter):
    response = commenter.client.post("/api/v1/captcha", json={"site": commenter.site_key},
                                     headers={"Origin": ORIGIN})
    answer = commenter.answer_for(response.json["id"])
    assert answer not in response.get_data(as_text=True)
    assert answer not in str(response.headers)


def test_the_image_is_a_png_and_the_audio_a_wav_and_neither_is_cached(commenter):
    challenge_id = commenter.challenge()["id"]
    image = commenter.client.get(f"/api/v1/captcha/{challenge_id}.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert Image.open(io.BytesIO(image.data)).size == IMAGE_SIZE
    assert image.headers["Cache-Control"] == "no-store"
    audio = commenter.client.get(f"/api/v1/captcha/{challenge_id}.wav")
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    assert audio.data[:4] == b"RIFF" and audio.data[8:12] == b"WAVE"
    # Drawing does not consume the challenge.
    assert commenter.answer_for(challenge_id) is not None


@pytest.mark.parametrize("challenge_id", ["0" * 32, "nonsense", "x" * 200])
def test_an_unknown_challenge_has_no_image(client, site, challenge_id):
    response = client.get(f"/api/v1/captcha/{challenge_id}.png")
    assert response.status_code == 404 and response.json["error"] == "not_found"


def test_an_expired_challenge_has_no_image(commenter):
    challenge_id = commenter.challenge()["id"]
    db.session.execute(update(CaptchaChallenge).where(CaptchaChallenge.id == challenge_id)
                       .values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert commenter.client.get(f"/api/v1/captcha/{challenge_id}.png").status_code == 404


def test_answers_use_only_the_alphabet_without_look_alikes(site):
    store = ChallengeStore()
    answers = "".join(store.create(site.id).answer for _ in range(40))
    assert set(answers) <= set(ALPHABET)
    assert not set(answers) & set("0O1IL")
    assert all(len(store.create(site.id).answer) == 5 for _ in range(5))


def test_a_challenge_for_an_unknown_site_is_refused(client, site):
    response = client.post("/api/v1/captcha", json={"site": "nope"}, headers={"Origin": ORIGIN})
    assert response.status_code == 404 and response.json["error"] == "unknown_site"


def test_a_challenge_for_a_foreign_origin_is_refused(client, site):
    response = client.post("/api/v1/captcha", json={"site": site.key}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and response.json["error"] == "origin_not_allowed"


def test_purging_removes_only_expired_challenges(site):
    store = ChallengeStore()
    live, old = store.create(site.id), store.create(site.id)
    old_id, live_id = old.id, live.id
    db.session.execute(update(CaptchaChallenge).where(CaptchaChallenge.id == old_id)
                       .values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert store.purge_expired() == 1
    assert store.answer_for(live_id) is not None


def test_two_racing_answers_to_one_challenge_let_only_one_through(app, site):
    """Two processes answering the same id at once: exactly one wins (atomic DELETE ... RETURNING)."""
    challenge = ChallengeStore().create(site.id)
    challenge_id, answer, site_id = challenge.id, challenge.answer, site.id
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def answer_it() -> None:
        with app.app_context():
            barrier.wait()
            results.append(ChallengeStore().consume(challenge_id, site_id, answer))
            db.session.commit()

    threads = [threading.Thread(target=answer_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, False, False, True]
