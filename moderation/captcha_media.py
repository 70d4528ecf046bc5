"""Draw a CAPTCHA answer as a picture and speak it as sound, once per challenge.

Every random choice (placement, colours, clutter, voices, noise) comes from a
seed derived from the server's secret and the challenge id, so every web
process draws the same bytes for the same challenge and no drawing needs
storing. The rule not to break: never draw from fresh randomness, or from a
seed an outsider can know; a second, different drawing of the same answer
lets a solver vote over fetches, and a guessable seed lets it re-create the
clutter and subtract it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import math
import random
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "AUDIO_RATE",
    "AudioMix",
    "AudioStyle",
    "IMAGE_SIZE",
    "ImageStyle",
    "challenge_seed",
    "draw_image",
    "mix_audio",
    "speak_audio",
    "voices",
]

ASSETS = Path(__file__).with_name("captcha_assets")
# The size the widget shows, in CSS pixels; scale=2 draws twice that for high-density screens.
IMAGE_SIZE = (240, 110)


def challenge_seed(secret: str | bytes, challenge_id: str, purpose: str) -> int:
    """A 256-bit seed for one challenge's drawing: secret, so nobody can re-create the clutter."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"captcha-{purpose}:{challenge_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest, "big")


# --- the image ---------------------------------------------------------------

@dataclass(frozen=True)
class ImageStyle:
    """What the picture looks like; every length is in CSS pixels at scale 1.

    Chosen by measurement (bench/captcha.py): a taller picture than the
    characters need, filled with glyph fragments of the same font, stroke and
    inks, defeats greyscale OCR models, which see one texture; a person
    follows the five large characters by their colour, their one-pixel halo
    and their completeness.
    """

    width: int = IMAGE_SIZE[0]
    height: int = IMAGE_SIZE[1]
    font_size: tuple[int, int] = (46, 54)
    rotation: float = 15.0
    baseline_jitter: float = 7.0
    halo: float = 1.0
    fragments: int = 100
    arcs: int = 3
    arc_width: float = 4.0
    warp: float = 2.5


# Fully saturated inks, each at least 4.5:1 against the pale backgrounds.
INKS = [
    (191, 0, 0), (178, 54, 0), (0, 120, 30), (0, 98, 140), (0, 77, 191),
    (61, 0, 191), (130, 0, 191), (178, 0, 161),
]
GLYPHS = "ACDEFGHJKMNPQRTUVWXY34679"
SUPERSAMPLE = 2


@cache
def _font_path() -> str:
    import captcha  # the pinned runtime dependency ships a clear sans-serif font

    return str(Path(captcha.__file__).with_name("data") / "DroidSansMono.ttf")


@cache
def _mask(char: str, size: int, stroke: int) -> Image.Image:
    """The character's coverage, upright, with room to rotate; cached since fonts render slowly."""
    font = ImageFont.truetype(_font_path(), size)
    left, top, right, bottom = font.getbbox(char, stroke_width=stroke)
    pad = size // 5
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), char, font=font, fill=255,
                              stroke_width=stroke, stroke_fill=255)
    return mask


def _inked(mask: Image.Image, ink: tuple[int, int, int]) -> Image.Image:
    layer = Image.new("RGBA", mask.size, ink + (255,))
    layer.putalpha(mask)
    return layer


def _character(char: str, size: int, ink: tuple[int, int, int], paper: tuple[int, int, int],
               halo: int, angle: float) -> Image.Image:
    """One answer character in its ink, ringed by `halo` pixels of paper: clutter never joins its strokes."""
    stroke = max(1, size // 50)
    body = _mask(char, size, stroke)
    ring = _mask(char, size, stroke + halo)
    layer = _inked(ring, paper)
    offset = ((ring.width - body.width) // 2, (ring.height - body.height) // 2)
    layer.paste(_inked(body, ink), offset, body)
    return layer.rotate(angle, resample=Image.BICUBIC, expand=True)


def _fragment(rng: random.Random, size: int, ink: tuple[int, int, int]) -> Image.Image:
    """A third of a random character, turned any way: the same strokes as the answer, never a whole one."""
    mask = _mask(rng.choice(GLYPHS), size, max(1, size // 50))
    w, h = mask.size
    x, y = rng.randint(0, w - w // 3), rng.randint(0, h - h // 3)
    piece = mask.crop((x, y, x + w // 3, y + h // 3)).rotate(rng.uniform(0, 360), resample=Image.BILINEAR,
                                                             expand=True)
    return _inked(piece, ink)


def _curve(rng: random.Random, width: float, height: float) -> list[tuple[float, float]]:
    """A smooth random stroke (a cubic Bézier) across part of the picture."""
    x0 = rng.uniform(-0.1, 0.8) * width
    x1 = x0 + rng.uniform(0.2, 0.6) * width
    p = [(x0, rng.uniform(0.1, 0.9) * height), (rng.uniform(x0, x1), rng.uniform(-0.2, 1.2) * height),
         (rng.uniform(x0, x1), rng.uniform(-0.2, 1.2) * height), (x1, rng.uniform(0.1, 0.9) * height)]
    t = np.linspace(0, 1, 48)[:, None]
    points = ((1 - t) ** 3 * p[0] + 3 * (1 - t) ** 2 * t * p[1] + 3 * (1 - t) * t ** 2 * p[2] + t ** 3 * p[3])
    return [(float(x), float(y)) for x, y in points]


def _warp(image: Image.Image, rng: random.Random, amplitude: float) -> Image.Image:
    """Bend the whole picture with slow waves: no straight baseline or column to segment by."""
    width, height = image.size
    pixels = np.asarray(image)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    wx, wy = rng.uniform(0.6, 1.2) * 2 * math.pi / width, rng.uniform(0.5, 1.0) * 2 * math.pi / height
    dx = amplitude * (np.sin(ys * wy + phase[0]) + 0.5 * np.sin(xs * wx * 1.7 + phase[1]))
    dy = amplitude * (np.sin(xs * wx + phase[2]) + 0.5 * np.sin(ys * wy * 1.3 + phase[3]))
    sx = np.clip(np.rint(xs + dx), 0, width - 1).astype(np.intp)
    sy = np.clip(np.rint(ys + dy), 0, height - 1).astype(np.intp)
    return Image.fromarray(pixels[sy, sx])


def draw_image(answer: str, seed: int, scale: int = 1, style: ImageStyle = ImageStyle()) -> bytes:
    """Draw `answer` as a PNG of style.width x style.height CSS pixels times `scale` (1 or 2).

    The picture is always drawn at twice the CSS size from `seed` and halved
    for scale 1, so both scales show the same image.
    """
    if scale not in (1, 2):
        raise ValueError("scale must be 1 or 2")
    rng = random.Random(seed)
    s = SUPERSAMPLE
    width, height = style.width * s, style.height * s
    paper = tuple(rng.randint(236, 250) for _ in range(3))
    image = Image.new("RGB", (width, height), paper)
    inks = rng.sample(INKS, len(INKS))

    draw = ImageDraw.Draw(image)
    for _ in range(style.arcs):
        draw.line(_curve(rng, width, height), fill=rng.choice(inks), width=round(style.arc_width * s),
                  joint="curve")

    slot = width / (len(answer) + 0.6)
    characters = []
    for index, char in enumerate(answer):
        layer = _character(char, rng.randint(*style.font_size) * s, inks[index], paper, round(style.halo * s),
                           rng.uniform(-style.rotation, style.rotation))
        cx = slot * (index + 0.8) + rng.uniform(-0.08, 0.08) * slot
        cy = height / 2 + rng.uniform(-style.baseline_jitter, style.baseline_jitter) * s
        characters.append((layer, (round(cx - layer.width / 2), round(cy - layer.height / 2))))

    for _ in range(style.fragments):
        x, y = rng.randrange(width), rng.randrange(height)
        # Never in the ink of the character it lies nearest to, so colour still tells them apart.
        near = inks[min(len(answer) - 1, max(0, round(x / slot - 0.8)))]
        ink = rng.choice([ink for ink in inks[:len(answer) + 2] if ink != near])
        piece = _fragment(rng, rng.randint(*style.font_size) * s, ink)
        image.paste(piece, (x - piece.width // 2, y - piece.height // 2), piece)

    for layer, corner in characters:
        image.paste(layer, corner, layer)

    image = _warp(image, rng, style.warp * s)
    if scale == 1:
        image = image.resize((style.width, style.height), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# --- the sound ---------------------------------------------------------------

AUDIO_RATE = 8000


@dataclass(frozen=True)
class AudioStyle:
    """How the characters are spoken; chosen by measurement (bench/captcha.py).

    Every character is said by one of several voices, resampled by a random
    factor (pitch and pace together) and shifted by a random number of hertz
    (which moves every harmonic by the same amount, so no resampled copy of a
    voice file lines up with it), at a random gain, after a random gap. Under
    it runs babble: other characters in the same voices, transformed the same
    way, `babble_below_db` quieter (and never less than `min_snr_db` below
    any character it overlaps), so a matcher that finds a character finds as
    many that are not in the answer.
    """

    speed: tuple[float, float] = (0.82, 1.2)
    shift_hz: tuple[float, float] = (25.0, 70.0)
    gain_db: tuple[float, float] = (-3.0, 0.0)
    gap: tuple[float, float] = (0.25, 0.7)
    lead: tuple[float, float] = (0.3, 0.8)
    babble_below_db: tuple[float, float] = (14.0, 18.0)
    babble_per_second: float = 2.2
    noise_below_db: float = 26.0
    min_snr_db: float = 8.0


@dataclass
class AudioMix:
    """The parts of one spoken challenge, kept apart so their levels can be measured."""

    speech: np.ndarray
    interference: np.ndarray
    spans: list[tuple[int, int]]

    @property
    def signal(self) -> np.ndarray:
        return self.speech + self.interference


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        frames = w.readframes(w.getnframes())
        if w.getsampwidth() == 1:  # unsigned 8-bit, as the captcha package ships its voice
            samples = (np.frombuffer(frames, dtype=np.uint8).astype(np.float32) - 128) / 128
        else:
            samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768
        if w.getframerate() != AUDIO_RATE:
            raise ValueError(f"{path} is not {AUDIO_RATE} Hz")
    samples = samples / max(1e-6, float(np.abs(samples).max()))
    # Trim the silence around the word, so gaps and levels are the ones chosen here.
    loud = np.flatnonzero(np.abs(samples) > 0.05)
    return samples[max(0, loud[0] - 80):loud[-1] + 80]


def analytic_signal(sound: np.ndarray) -> np.ndarray:
    """The analytic signal of a real signal (what scipy.signal.hilbert returns), in numpy.

    Shifting a voice's pitch needs only this; importing scipy.signal for it cost every web
    process seconds at start-up (it imports scipy.stats and parses hundreds of docstrings),
    long enough for the first requests to time out.
    """
    n = len(sound)
    gain = np.zeros(n)
    gain[0] = 1.0
    if n % 2 == 0:
        gain[n // 2] = 1.0
        gain[1:n // 2] = 2.0
    else:
        gain[1:(n + 1) // 2] = 2.0
    return np.fft.ifft(np.fft.fft(sound) * gain)


@cache
def voices() -> dict[str, dict[str, np.ndarray]]:
    """Every voice's recording of every character: the bundled espeak-ng voices and the package's own."""
    import captcha

    found: dict[str, dict[str, np.ndarray]] = {}
    for folder in sorted((ASSETS / "voices").iterdir()):
        if folder.is_dir():
            found[folder.name] = {char: _read_wav(folder / f"{char}.wav") for char in GLYPHS}
    package = Path(captcha.__file__).with_name("data")
    found["package"] = {char: _read_wav(package / char / "default.wav") for char in GLYPHS}
    return found


def _say(rng: random.Random, char: str, style: AudioStyle) -> np.ndarray:
    """One character in a random voice, resampled, frequency-shifted and trimmed to its sound."""
    sound = voices()[rng.choice(sorted(voices()))][char]
    factor = rng.uniform(*style.speed)
    length = max(8, round(len(sound) / factor))
    sound = np.interp(np.linspace(0, len(sound) - 1, length), np.arange(len(sound)), sound)
    shift = rng.choice((-1, 1)) * rng.uniform(*style.shift_hz)
    t = np.arange(length) / AUDIO_RATE
    sound = np.real(analytic_signal(sound) * np.exp(2j * np.pi * shift * t))
    fade = min(80, length // 4)
    ramp = np.linspace(0, 1, fade)
    sound[:fade] *= ramp
    sound[-fade:] *= ramp[::-1]
    return sound / max(1e-6, float(np.sqrt(np.mean(sound ** 2))))  # unit RMS


def mix_audio(answer: str, seed: int, style: AudioStyle = AudioStyle()) -> AudioMix:
    """Compose the spoken answer and its babble and noise from `seed`, as separate tracks."""
    rng = random.Random(seed)
    noise_rng = np.random.default_rng(rng.getrandbits(64))
    said = []
    position = round(rng.uniform(*style.lead) * AUDIO_RATE)
    spans = []
    for char in answer:
        sound = _say(rng, char, style) * 10 ** (rng.uniform(*style.gain_db) / 20)
        said.append((position, sound))
        spans.append((position, position + len(sound)))
        position += len(sound) + round(rng.uniform(*style.gap) * AUDIO_RATE)
    total = position + round(rng.uniform(*style.lead) * AUDIO_RATE)
    speech = np.zeros(total, dtype=np.float64)
    for start, sound in said:
        speech[start:start + len(sound)] += sound

    interference = np.zeros(total, dtype=np.float64)
    floor = 10 ** (style.min_snr_db / 10)
    spoken = [float(np.sum(speech[a:b] ** 2)) for a, b in spans]
    for _ in range(round(style.babble_per_second * total / AUDIO_RATE)):
        sound = _say(rng, rng.choice(GLYPHS), style) * 10 ** (-rng.uniform(*style.babble_below_db) / 20)
        start = rng.randrange(0, max(1, total - len(sound)))
        sound = sound[:total - start]
        # Where babble piles up on a character, turn it down: each character stays min_snr_db clear.
        for _halving in range(6):
            trial = interference.copy()
            trial[start:start + len(sound)] += sound
            if all(energy >= floor * np.sum(trial[a:b] ** 2)
                   for energy, (a, b) in zip(spoken, spans, strict=True)):
                interference = trial
                break
            sound = sound / 2
    # Noise shaped like speech (more low than high), so it masks what babble leaves bare.
    noise = np.cumsum(noise_rng.standard_normal(total)) * 0.05
    noise -= np.convolve(noise, np.ones(64) / 64, mode="same")
    noise /= max(1e-6, float(np.sqrt(np.mean(noise ** 2))))
    interference += noise * 10 ** (-style.noise_below_db / 20)
    return AudioMix(speech, interference, spans)


def speak_audio(answer: str, seed: int, style: AudioStyle = AudioStyle()) -> bytes:
    """The spoken answer as a WAV file (8 kHz, 16-bit mono)."""
    signal = mix_audio(answer, seed, style).signal
    signal = signal / max(1e-6, float(np.abs(signal).max())) * 0.9
    body = (signal * 32767).astype("<i2").tobytes()
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(AUDIO_RATE)
        w.writeframes(body)
    return out.getvalue()
