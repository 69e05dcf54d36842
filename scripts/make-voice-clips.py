"""Writes the board's voice clips to resources/voice/ with espeak-ng's Vietnamese voice.

Once, by hand, when the clip texts change (``CLIP_TEXTS`` in counter_app/queue/voice.py):
the clips are committed, so neither the program nor its tests need espeak-ng.

    .venv/bin/python scripts/make-voice-clips.py [--out resources/voice] [--voice vi]

Each text is spoken by ``espeak-ng -v vi``, trimmed to its sound (silence at both ends cut,
a few milliseconds of fade against clicks) and brought to one peak level, as 16-bit mono
WAV at espeak-ng's own 22050 Hz. The chime is synthesised here: two decaying bell tones,
no recorded sound. manifest.json lists every clip with its Vietnamese text and its source.
A clip whose manifest source starts with "recording" is a person's recording
(docs/voice.md): it is kept as it is, never overwritten. Needs only espeak-ng (Debian
package ``espeak-ng``); the trimming is done here, so sox is not needed.
"""

from __future__ import annotations

import argparse
import array
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from counter_app.queue.voice import CHIME, CLIP_TEXTS, MANIFEST, VoiceClips

REPO = Path(__file__).resolve().parents[1]
RATE = 22050  # espeak-ng's output rate: no resampling needed
SPEED = 150  # words per minute; espeak-ng's default 175 is hurried for a hall
PEAK = 0.7 * 32767  # every spoken clip peaks here, about -3 dBFS
CHIME_PEAK = 0.5 * 32767  # the chime a little softer than the voice
SOUND_FLOOR = 0.01 * 32767  # quieter than this at either end counts as silence
MARGIN_S = 0.015  # kept before the first and after the last sound
FADE_S = 0.005
# espeak-ng reads "gi" alone as the bare consonant; "di" is said the same (/zi/) and gets
# its vowel. Only what espeak-ng is given changes: the manifest keeps the letter's name.
ESPEAK_SPELLING = {"letter_j": "di"}
CHIME_NOTES = ((659.25, 0.55), (523.25, 0.95))  # E5 then C5, seconds each: "ding-dong"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "resources" / "voice")
    parser.add_argument("--voice", default="vi", help="espeak-ng voice (vi, vi-vn-x-south, ...)")
    options = parser.parse_args()
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng is not installed: apt-get install espeak-ng", file=sys.stderr)
        return 1
    options.out.mkdir(parents=True, exist_ok=True)
    kept = recordings(options.out)
    source = f"espeak-ng {espeak_version(espeak)}, voice {options.voice}"
    entries = [chime_entry(options.out, kept)]
    for name, text in CLIP_TEXTS.items():
        if name not in kept:
            say(espeak, options.voice, ESPEAK_SPELLING.get(name, text), options.out / f"{name}.wav")
        entries.append(kept.get(name) or {"name": name, "text": text, "source": source})
    write_manifest(options.out, entries)
    return report(options.out)


def recordings(folder: Path) -> dict[str, dict[str, str]]:
    """The manifest entries of clips a person recorded: they stay as they are."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        entry["name"]: entry
        for entry in manifest["clips"]
        if str(entry.get("source", "")).startswith("recording")
    }


def espeak_version(espeak: str) -> str:
    shown = subprocess.run([espeak, "--version"], capture_output=True, text=True, check=True)
    found = re.search(r"(\d+\.\d+(?:\.\d+)?)", shown.stdout)
    return found[1] if found else "unknown version"


def say(espeak: str, voice: str, text: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        spoken = Path(folder) / "spoken.wav"
        command = [espeak, "-v", voice, "-s", str(SPEED), "-w", str(spoken), text]
        subprocess.run(command, check=True)
        samples = read_samples(spoken)
    write_samples(target, shape(samples))


def read_samples(path: Path) -> list[int]:
    with wave.open(str(path), "rb") as reader:
        shape_of = (reader.getframerate(), reader.getnchannels(), reader.getsampwidth())
        if shape_of != (RATE, 1, 2):
            raise SystemExit(f"espeak-ng wrote {shape_of} (rate, channels, bytes), not {RATE} mono")
        samples = array.array("h", reader.readframes(reader.getnframes()))
    if sys.byteorder == "big":  # WAV samples are little-endian
        samples.byteswap()
    return samples.tolist()


def shape(samples: list[int]) -> list[int]:
    """Cut the silence at both ends, fade the edges in and out, bring the peak to PEAK."""
    loud = [i for i, sample in enumerate(samples) if abs(sample) > SOUND_FLOOR]
    if not loud:
        raise SystemExit("espeak-ng said nothing")
    margin = int(MARGIN_S * RATE)
    kept = samples[max(loud[0] - margin, 0) : loud[-1] + margin]
    gain = PEAK / max(abs(sample) for sample in kept)
    fade = int(FADE_S * RATE)
    count = len(kept)
    return [
        round(s * gain * min(1.0, i / fade, (count - 1 - i) / fade)) for i, s in enumerate(kept)
    ]


def chime() -> list[int]:
    """Two bell-like tones, each a decaying fundamental with two soft overtones."""
    samples: list[float] = []
    for frequency, seconds in CHIME_NOTES:
        for i in range(int(seconds * RATE)):
            t = i / RATE
            fade = min(1.0, t / FADE_S, (seconds - t) / (2 * FADE_S))  # no click at either end
            envelope = fade * math.exp(-4.0 * t / seconds)
            tone = sum(
                weight * math.sin(2 * math.pi * frequency * partial * t)
                for partial, weight in ((1, 1.0), (2, 0.35), (3, 0.12))
            )
            samples.append(envelope * tone)
    peak = max(abs(sample) for sample in samples)
    return [round(sample * CHIME_PEAK / peak) for sample in samples]


def chime_entry(folder: Path, kept: dict[str, dict[str, str]]) -> dict[str, str]:
    if CHIME in kept:
        return kept[CHIME]
    write_samples(folder / f"{CHIME}.wav", chime())
    return {"name": CHIME, "text": "", "source": "synthesised by scripts/make-voice-clips.py"}


def write_samples(target: Path, samples: list[int]) -> None:
    frames = array.array("h", samples)
    if sys.byteorder == "big":
        frames.byteswap()
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(frames.tobytes())


def write_manifest(folder: Path, entries: list[dict[str, str]]) -> None:
    manifest = {
        "about": "The board's voice clips: <name>.wav says text. See docs/voice.md.",
        "format": {"rate": RATE, "channels": 1, "bits": 16},
        "clips": entries,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def report(folder: Path) -> int:
    clips = VoiceClips(folder)
    for name in ["chime", *CLIP_TEXTS]:
        _, frames = clips.clip(name)
        print(f"{name:16} {len(frames) / 2 / RATE:5.2f} s  {CLIP_TEXTS.get(name, '(chime)')}")
    size = sum(path.stat().st_size for path in folder.iterdir())
    print(f"{len(CLIP_TEXTS) + 1} clips, {size / 1024:.0f} KiB in {folder}")
    problems = clips.problems()
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
