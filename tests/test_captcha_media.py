"""The CAPTCHA's picture and sound: drawn once per challenge, at the documented sizes, limited apart.

A solver that fetches one challenge again must get the very same bytes, or it
could vote over several drawings of one answer. Runs on SQLite and PostgreSQL;
the rate-limit test counts in a real Redis.
"""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from limits import parse_many
from PIL import Image

from models import ChallengeStore, Site, db
from moderation.captcha_media import AUDIO_RATE, IMAGE_SIZE, draw_image, speak_audio
from tests.api_helpers import ORIGIN, Commenter


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


def _fetch(client, challenge_id: str, suffix: str) -> bytes:
    response = client.get(f"/api/v1/captcha/{challenge_id}{suffix}")
    assert response.status_code == 200, response.data[:200]
    return response.data


def test_a_challenge_shows_the_same_image_and_sound_on_every_fetch(commenter):
    challenge_id = commenter.challenge()["id"]
    for suffix in (".png", ".png?scale=2", ".wav"):
        first = _fetch(commenter.client, challenge_id, suffix)
        assert _fetch(commenter.client, challenge_id, suffix) == first


def test_every_web_process_draws_the_same_bytes_and_another_secret_does_not(make_app, site):
    """Two apps with one secret stand for two gunicorn workers: no drawing needs storing."""
    challenge_id = ChallengeStore().create(site.id).id
    first, second = make_app().test_client(), make_app().test_client()
    stranger = make_app(SECRET_KEY="another-secret-key-9876543210").test_client()
    for suffix in (".png", ".wav"):
        assert _fetch(first, challenge_id, suffix) == _fetch(second, challenge_id, suffix)
        assert _fetch(stranger, challenge_id, suffix) != _fetch(first, challenge_id, suffix)


def test_different_challenges_look_and_sound_different_even_with_the_same_answer(commenter, site):
    store = ChallengeStore()
    one, other = store.create(site.id), store.create(site.id)
    assert (_fetch(commenter.client, one.id, ".png") != _fetch(commenter.client, other.id, ".png"))
    # Same answer, different ids: the drawing depends on the challenge, not only on its characters.
    assert draw_image("ACDEF", seed=1) != draw_image("ACDEF", seed=2)
    assert speak_audio("ACDEF", seed=1) != speak_audio("ACDEF", seed=2)


def test_the_image_has_the_documented_size_and_the_2x_image_twice_it(commenter):
    challenge_id = commenter.challenge()["id"]
    normal = Image.open(io.BytesIO(_fetch(commenter.client, challenge_id, ".png")))
    double = Image.open(io.BytesIO(_fetch(commenter.client, challenge_id, ".png?scale=2")))
    assert normal.format == double.format == "PNG"
    assert normal.size == IMAGE_SIZE == (240, 110)
    assert double.size == (2 * IMAGE_SIZE[0], 2 * IMAGE_SIZE[1])
    # The same picture: the 2x halved is the 1x, up to resampling.
    halved = np.asarray(double.convert("RGB").resize(IMAGE_SIZE, Image.LANCZOS), dtype=float)
    assert np.abs(halved - np.asarray(normal.convert("RGB"), dtype=float)).mean() < 4


@pytest.mark.parametrize("scale", ["3", "0", "2x", ""])
def test_an_unknown_scale_is_refused_with_a_clear_error(commenter, scale):
    challenge_id = commenter.challenge()["id"]
    response = commenter.client.get(f"/api/v1/captcha/{challenge_id}.png?scale={scale}")
    assert response.status_code == 400 and response.json["error"] == "invalid_scale"
    assert commenter.answer_for(challenge_id) is not None


def test_the_audio_is_a_wav_long_enough_to_say_five_characters(commenter):
    data = _fetch(commenter.client, commenter.challenge()["id"], ".wav")
    with wave.open(io.BytesIO(data)) as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, AUDIO_RATE)
        seconds = sound.getnframes() / sound.getframerate()
        frames = sound.readframes(sound.getnframes())
    assert 3.0 <= seconds <= 10.0
    assert len(set(frames)) > 200  # sound, not silence


def test_the_audio_limit_is_tighter_than_the_image_limit_and_answers_429(make_app, clean_redis, redis_url):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    audio_limits = parse_many(app.config["RATELIMIT_CAPTCHA_AUDIO"])
    image_limits = parse_many(app.config["RATELIMIT_CAPTCHA_MEDIA"])
    per_minute = min(limit.amount for limit in audio_limits if limit.get_expiry() <= 60)
    assert per_minute < min(limit.amount for limit in image_limits if limit.get_expiry() <= 60)
    with app.app_context():
        site = Site(name="Test blog", origins=[ORIGIN])
        db.session.add(site)
        db.session.commit()
        challenge_id = ChallengeStore().create(site.id).id
    client = app.test_client()
    audio = [client.get(f"/api/v1/captcha/{challenge_id}.wav") for _ in range(per_minute + 1)]
    assert [r.status_code for r in audio] == [200] * per_minute + [429]
    assert audio[-1].json["error"] == "rate_limited" and int(audio[-1].headers["Retry-After"]) >= 1
    # Images, counted apart, still come for as many fetches.
    images = [client.get(f"/api/v1/captcha/{challenge_id}.png").status_code for _ in range(per_minute + 1)]
    assert images == [200] * (per_minute + 1)


@pytest.mark.parametrize("length", [801, 1600])
def test_the_voices_pitch_shift_is_the_analytic_signal_scipy_would_give(length):
    from scipy.signal import hilbert

    from moderation.captcha_media import analytic_signal

    sound = np.random.default_rng(length).normal(size=length)
    assert np.allclose(analytic_signal(sound), hilbert(sound))


def test_a_web_process_starts_without_scipy(tmp_path):
    # scipy.signal took a web worker seconds to import; the first requests of a fresh gunicorn
    # worker timed out behind it.
    import subprocess
    import sys

    from config import BASE_DIR

    env = {"PATH": "/usr/bin:/bin", "APP_ENV": "test", "SECRET_KEY": "test-secret-key-0123456789",
           "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite'}"}
    script = "import sys, wsgi; print(sorted({m.split('.')[0] for m in sys.modules}))"
    done = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "'scipy'" not in done.stdout and "'sklearn'" not in done.stdout
