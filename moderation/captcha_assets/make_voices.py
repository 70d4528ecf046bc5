"""Render the CAPTCHA's spoken characters with espeak-ng into voices/<voice>/<char>.wav.

Run by hand when the voices should change (`python moderation/captcha_assets/make_voices.py`,
needs Debian's espeak-ng); the service only reads the WAV files it writes, so
nothing at run time depends on espeak-ng. Each file is one character, 8 kHz
16-bit mono, silence trimmed, peak normalised.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RATE = 8000
# espeak-ng voices and variants that sound unlike each other: speakers, sexes, pitches.
VOICES = {
    "us-m": ["-v", "en-us+m3", "-p", "40", "-s", "140"],
    "gb-f": ["-v", "en-gb+f3", "-p", "60", "-s", "135"],
    "us-f": ["-v", "en-us+f5", "-p", "50", "-s", "145"],
    "gb-m": ["-v", "en-gb-x-rp+m7", "-p", "30", "-s", "130"],
}
HERE = Path(__file__).parent / "voices"


def render(args: list[str], text: str) -> np.ndarray:
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(["espeak-ng", *args, "-w", tmp.name, text], check=True)
        with wave.open(tmp.name) as w:
            rate = w.getframerate()
            samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    samples = resample_poly(samples, RATE, rate)
    loud = np.flatnonzero(np.abs(samples) > 0.02 * np.abs(samples).max())
    samples = samples[max(0, loud[0] - 80):loud[-1] + 160]
    return samples / np.abs(samples).max()


def main() -> int:
    for name, args in VOICES.items():
        folder = HERE / name
        folder.mkdir(parents=True, exist_ok=True)
        for char in ALPHABET:
            samples = render(args, char)
            with wave.open(str(folder / f"{char}.wav"), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(RATE)
                w.writeframes((samples * 0.9 * 32767).astype("<i2").tobytes())
        print(f"{name}: {len(ALPHABET)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
