"""The CAPTCHA against solvers: the share of challenges each attack reads, and what drawing costs.

Image attacks: ddddocr (an OCR model made for CAPTCHAs) as it comes, with its
alphabet restricted and with its colour filter; ddddocr's own network behind
our stronger decoding (median clean-up, the alphabet only, exactly five
characters); Tesseract after the usual grey/median/Otsu clean-up with a
whitelist. Audio attack: a template matcher that knows every voice file the
service speaks with and slides each, at several speeds, along the sound by
normalised cross-correlation, keeping the five best matches that do not
overlap. Each attack also reads today's `captcha` package output, to show
the attack works. Goal: at most 3% for each attack on our drawing.
"""

from __future__ import annotations

import argparse
import io
import re
import secrets
import shutil
import subprocess
import time
import wave
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from models.captcha import ALPHABET, ANSWER_LENGTH
from moderation.captcha_media import (
    AUDIO_RATE,
    draw_image,
    mix_audio,
    speak_audio,
    voices,
)

__all__ = ["main"]

GOAL = 0.03


def _answer() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(ANSWER_LENGTH))


# --- image attacks -------------------------------------------------------------

class Dddd:
    """ddddocr, used as its documentation says, and its network behind a better decoder."""

    def __init__(self) -> None:
        import ddddocr

        self.ocr = ddddocr.DdddOcr(show_ad=False)
        self.restricted = ddddocr.DdddOcr(show_ad=False)
        self.restricted.set_ranges(ALPHABET + ALPHABET.lower())
        charset = self.ocr.get_charset()
        self.charset = charset
        self.allowed = [i for i, c in enumerate(charset) if c and c.upper() in ALPHABET]
        self.session = self.ocr.ocr_engine.session

    def plain(self, png: bytes) -> str:
        return self.ocr.classification(png).upper()

    def alphabet(self, png: bytes) -> str:
        return self.restricted.classification(png).upper()

    def colour_filter(self, png: bytes) -> str:
        # Keep every saturated colour, drop greys: the filter ddddocr offers for coloured CAPTCHAs.
        return self.ocr.classification(png, color_filter_colors=[
            "red", "orange", "yellow", "green", "cyan", "blue", "purple"]).upper()

    def strong(self, png: bytes) -> str:
        """Median clean-up, then the network's own scores decoded to exactly five alphabet characters."""
        image = Image.open(io.BytesIO(png)).convert("L").filter(ImageFilter.MedianFilter(3))
        image = ImageOps.autocontrast(image)
        width = round(image.width * 64 / image.height)
        pixels = np.asarray(image.resize((width, 64), Image.LANCZOS), dtype=np.float32)[None, None] / 255
        out = self.session.run(None, {self.session.get_inputs()[0].name: pixels})[0]
        logits = out[:, 0, :] if out.shape[1] == 1 else out[0]
        logits = logits - logits.max(axis=1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        read = ctc_exact(logp, self.allowed, ANSWER_LENGTH)
        return "".join(self.charset[self.allowed[i]] for i in read).upper()


def ctc_exact(logp: np.ndarray, allowed: list[int], length: int) -> list[int]:
    """The most likely CTC path (blank = 0) whose reading is exactly `length` symbols of `allowed`.

    Viterbi over states (symbols read so far, last symbol, whether a blank
    followed it); returns indices into `allowed`.
    """
    frames, k_count = logp.shape[0], len(allowed)
    neg = -1e18
    sym, blank = logp[:, allowed], logp[:, 0]
    score = np.full((length + 1, k_count, 2), neg)  # [read, last, after_blank]
    start = 0.0
    back = np.zeros((frames, length + 1, k_count, 2, 3), dtype=np.int16)
    reads, symbols = np.arange(length + 1)[:, None], np.arange(k_count)[None, :]
    for t in range(frames):
        new = np.full_like(score, neg)
        b = back[t]
        new[:, :, 1] = np.maximum(score[:, :, 0], score[:, :, 1]) + blank[t]
        b[:, :, 1, 0], b[:, :, 1, 1] = reads, symbols
        b[:, :, 1, 2] = score[:, :, 1] > score[:, :, 0]
        new[:, :, 0] = score[:, :, 0] + sym[t][None, :]
        b[:, :, 0, 0], b[:, :, 0, 1], b[:, :, 0, 2] = reads, symbols, 0
        for k in range(1, length + 1):
            if k == 1:
                cand, pj, pf = np.full(k_count, start), np.zeros(k_count, int), np.ones(k_count, int)
                pk = np.full(k_count, -1)
            else:
                after_blank, in_run = score[k - 1, :, 1], score[k - 1, :, 0]
                ib = int(np.argmax(after_blank))
                order = np.argsort(in_run)
                i1, i2 = order[-1], order[-2]
                others = np.where(np.arange(k_count) == i1, in_run[i2], in_run[i1])
                other_j = np.where(np.arange(k_count) == i1, i2, i1)
                use_blank = after_blank[ib] >= others
                cand = np.where(use_blank, after_blank[ib], others)
                pk, pj, pf = np.full(k_count, k - 1), np.where(use_blank, ib, other_j), use_blank.astype(int)
            value = cand + sym[t]
            better = value > new[k, :, 0]
            new[k, :, 0] = np.where(better, value, new[k, :, 0])
            for slot, source in enumerate((pk, pj, pf)):
                b[k, :, 0, slot] = np.where(better, source, b[k, :, 0, slot])
        new[0] = neg
        start += blank[t]
        score = new
    f = int(score[length, :, 1].max() > score[length, :, 0].max())
    j, k, out = int(np.argmax(score[length, :, f])), length, []
    for t in range(frames - 1, -1, -1):
        pk, pj, pf = (int(v) for v in back[t, k, j, f])
        if f == 0 and (pk == k - 1 or (k == 1 and pk < 0)):
            out.append(j)
        if pk <= 0:
            break
        k, j, f = pk, pj, pf
    return out[::-1]


def tesseract(png: bytes) -> str:
    """Grey, median, Otsu threshold, then Tesseract as a single word of the alphabet."""
    grey = Image.open(io.BytesIO(png)).convert("L").filter(ImageFilter.MedianFilter(3))
    grey = grey.resize((grey.width * 2, grey.height * 2), Image.LANCZOS)
    pixels = np.asarray(grey)
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(float)
    levels = np.arange(256)
    best, threshold = -1.0, 128
    for cut in range(1, 255):  # Otsu
        w0, w1 = histogram[:cut].sum(), histogram[cut:].sum()
        if w0 == 0 or w1 == 0:
            continue
        m0 = (histogram[:cut] * levels[:cut]).sum() / w0
        m1 = (histogram[cut:] * levels[cut:]).sum() / w1
        between = w0 * w1 * (m0 - m1) ** 2
        if between > best:
            best, threshold = between, cut
    binary = Image.fromarray(np.where(pixels < threshold, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    binary.save(buffer, format="PNG")
    result = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "8", "-c", f"tessedit_char_whitelist={ALPHABET}"],
        input=buffer.getvalue(), capture_output=True, check=False)
    return re.sub(r"\s", "", result.stdout.decode(errors="replace")).upper()


def package_image(answer: str) -> bytes:
    """Today's drawing (the captcha package's ImageCaptcha), to show each attack works."""
    from captcha.image import ImageCaptcha

    return ImageCaptcha(width=200, height=70).generate(answer).getvalue()


# --- audio attack --------------------------------------------------------------

class TemplateMatcher:
    """Slide every known voice file, stretched to several lengths, along the sound; keep the best five."""

    FFT = 1 << 15  # blocks of 4 s at 8 kHz

    def __init__(self, recordings: dict[str, dict[str, np.ndarray]], stretches: np.ndarray) -> None:
        self.labels, self.lengths, spectra = [], [], []
        for voice in recordings.values():
            for char, sound in voice.items():
                for stretch in stretches:
                    length = round(len(sound) * stretch)
                    template = np.interp(np.linspace(0, len(sound) - 1, length), np.arange(len(sound)), sound)
                    template = template - template.mean()
                    template /= np.linalg.norm(template)
                    self.labels.append(char)
                    self.lengths.append(length)
                    spectra.append(np.conj(np.fft.rfft(template, self.FFT)).astype(np.complex64))
        self.spectra = np.stack(spectra)
        self.lengths = np.array(self.lengths)

    def read(self, signal: np.ndarray) -> tuple[str, str]:
        """Read everywhere, and only where the sound is loud (the answer is spoken louder than babble)."""
        n = len(signal)
        energy = np.concatenate([[0.0], np.cumsum(signal.astype(np.float64) ** 2)])
        best = np.full((2, n), -np.inf)
        best_index = np.zeros((2, n), dtype=int)
        step = self.FFT - int(self.lengths.max())
        positions = np.arange(n)
        frame = min(n, AUDIO_RATE // 4)
        loudness = np.sqrt((energy[frame:] - energy[:-frame]) / frame)
        loud_enough = 0.5 * np.percentile(loudness, 95)
        for offset in range(0, n, step):  # overlap-save: each block gives `step` whole correlations
            spectrum = np.fft.rfft(signal[offset:offset + self.FFT], self.FFT).astype(np.complex64)
            here = positions[offset:offset + step]
            for start in range(0, len(self.spectra), 256):
                block = np.fft.irfft(self.spectra[start:start + 256] * spectrum[None, :], self.FFT)
                block = block[:, :len(here)]
                for row, correlation in enumerate(block):
                    index = start + row
                    length = self.lengths[index]
                    window = np.sqrt(np.maximum(energy[np.minimum(here + length, n)] - energy[here], 1e-12))
                    ncc = correlation / window
                    ncc[here > n - length] = -np.inf
                    for gated in (0, 1):
                        if gated:
                            ncc[window / np.sqrt(length) < loud_enough] = -np.inf
                        better = ncc > best[gated, here]
                        best[gated, here[better]], best_index[gated, here[better]] = ncc[better], index
        return self._five(best[0], best_index[0]), self._five(best[1], best_index[1])

    def _five(self, best: np.ndarray, best_index: np.ndarray) -> str:
        picks = []
        score = best.copy()
        for _ in range(ANSWER_LENGTH):
            at = int(np.argmax(score))
            if not np.isfinite(score[at]):
                break
            index = best_index[at]
            picks.append((at, self.labels[index]))
            score[max(0, at - int(0.8 * self.lengths[index])):at + int(0.8 * self.lengths[index])] = -np.inf
        return "".join(char for _, char in sorted(picks))


def _wav_samples(data: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(data)) as w:
        frames = w.readframes(w.getnframes())
        if w.getsampwidth() == 1:
            return (np.frombuffer(frames, dtype=np.uint8).astype(np.float32) - 128) / 128
        return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768


def package_audio(answer: str) -> bytes:
    from captcha.audio import AudioCaptcha

    return bytes(AudioCaptcha().generate(answer))


# --- the table -----------------------------------------------------------------

def _share(attack: Callable[[bytes], str], samples: list[tuple[str, bytes]]) -> float:
    return sum(attack(data) == answer for answer, data in samples) / len(samples)


def _row(name: str, ours: float | None, today: float | None, n: int, m: int) -> None:
    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"
    verdict = "" if ours is None else ("ok" if ours <= GOAL else "OVER GOAL")
    print(f"{name:<58}{cell(ours):>9}{cell(today):>9}   n={n}/{m} {verdict}")


def main(images: int = 500, audio: int = 200, baseline: int = 100) -> None:
    cpu = time.process_time()
    drawn = [(_answer(), secrets.randbits(256)) for _ in range(images)]
    started = time.process_time()
    ours = [(answer, draw_image(answer, seed)) for answer, seed in drawn]
    per_image = (time.process_time() - started) / images * 1000
    started = time.process_time()
    for answer, seed in drawn[:50]:
        draw_image(answer, seed, scale=2)
    per_image_2x = (time.process_time() - started) / min(50, images) * 1000
    today = [(answer, package_image(answer)) for answer, _ in drawn[:baseline]]

    print(f"{'attack (share of challenges read right)':<58}{'ours':>9}{'today':>9}")
    try:
        dddd = Dddd()
    except ImportError:
        print("ddddocr is not installed (pip install -r requirements-dev.txt): image attacks skipped")
    else:
        for name, attack in [("ddddocr, as it comes", dddd.plain),
                             ("ddddocr, set_ranges(alphabet)", dddd.alphabet),
                             ("ddddocr, colour filter (saturated colours only)", dddd.colour_filter),
                             ("ddddocr network + median, alphabet, exactly 5 (ours)", dddd.strong)]:
            _row(name, _share(attack, ours), _share(attack, today), images, len(today))
    if shutil.which("tesseract"):
        _row("Tesseract --psm 8, whitelist, grey/median/Otsu", _share(tesseract, ours),
             _share(tesseract, today), images, len(today))
    else:
        print("tesseract is missing (apt-get install tesseract-ocr; `make bench` does): Tesseract skipped")

    spoken = [(_answer(), secrets.randbits(256)) for _ in range(audio)]
    started = time.process_time()
    sounds = [(answer, speak_audio(answer, seed)) for answer, seed in spoken]
    per_audio = (time.process_time() - started) / audio * 1000
    # Today's voice, at each of the package's own 31 speeds; ours, every voice from 0.8x to 1.25x.
    old_matcher = TemplateMatcher({"package": voices()["package"]}, np.round(np.arange(0.90, 1.205, 0.01), 2))
    old_reads = [(answer, old_matcher.read(_wav_samples(package_audio(answer)))) for answer, _ in spoken[:40]]
    del old_matcher
    matcher = TemplateMatcher(voices(), np.round(np.arange(0.80, 1.255, 0.03), 2))
    reads = [(answer, matcher.read(_wav_samples(data))) for answer, data in sounds]
    for gated, name in enumerate(("everywhere", "loud parts only")):
        _row(f"audio template matcher, {name}", sum(r[gated] == a for a, r in reads) / len(reads),
             sum(r[gated] == a for a, r in old_reads) / len(old_reads), len(reads), len(old_reads))

    snr = []
    for answer, seed in spoken:
        mix = mix_audio(answer, seed)
        for start, end in mix.spans:
            speech, interference = mix.speech[start:end], mix.interference[start:end]
            snr.append(10 * np.log10(np.sum(speech ** 2) / np.sum(interference ** 2)))
    snr = np.array(snr)
    seconds = np.mean([len(_wav_samples(data)) / AUDIO_RATE for _, data in sounds])
    print(f"\nspoken character over babble+noise in its span: min {snr.min():.1f} dB, "
          f"5th percentile {np.percentile(snr, 5):.1f} dB, median {np.median(snr):.1f} dB "
          f"({len(snr)} characters; goal >= 6 dB)")
    print(f"cost (CPU): {per_image:.1f} ms per image, {per_image_2x:.1f} ms per 2x image, "
          f"{per_audio:.1f} ms per audio ({seconds:.1f} s of sound); "
          f"bench total {time.process_time() - cpu:.0f} s CPU")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--audio", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=100)
    options = parser.parse_args()
    main(options.images, options.audio, options.baseline)
