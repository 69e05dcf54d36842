"""The board's sentence and its clips: which clips, in which order, and that they all exist."""

from __future__ import annotations

import io
import json
import math
import shutil
import string
import unicodedata
import wave
from pathlib import Path

import pytest

from counter_app.queue import voice
from counter_app.queue.voice import (
    CLIP_TEXTS,
    VoiceClips,
    announcement_clips,
    announcement_text,
    number_clips,
    required_clips,
    spoken_words,
    ticket_clips,
    wav_duration_ms,
)

SHIPPED = VoiceClips.shipped()
# Every ticket letter and digit, and every counter: together, every clip a call can use.
EVERY_TICKET = [f"{letter}0123" for letter in string.ascii_uppercase] + ["ZZ4567", "A89"]


def frames_of(path: Path) -> tuple[int, int]:
    """(frames, rate) of a WAV file, read here without the module under test."""
    with wave.open(str(path), "rb") as reader:
        return reader.getnframes(), reader.getframerate()


def test_a012_to_counter_3() -> None:
    assert announcement_clips("A012", 3) == [
        "chime",
        "phrase_moi",
        "letter_a",
        "num_0",
        "num_1",
        "num_2",
        "phrase_den_quay",
        "num_3",
    ]
    assert announcement_text("A012", 3) == "Mời công dân có số A012 đến quầy số 3"


def test_a012_to_counter_21() -> None:
    assert announcement_clips("A012", 21)[-4:] == [
        "phrase_den_quay",
        "num_2",
        "word_muoi",
        "word_mot",
    ]
    words = spoken_words(announcement_clips("A012", 21))
    assert words == "Mời công dân có số a không một hai đến quầy số hai mươi mốt"


def test_two_letter_prefix_and_the_sentence() -> None:
    assert ticket_clips("BC7") == ["letter_b", "letter_c", "num_7"]
    assert spoken_words(ticket_clips("LX0450")) == "e-lờ ích-xì không bốn năm không"
    assert announcement_text("BC7", 99) == "Mời công dân có số BC7 đến quầy số 99"
    text = announcement_text("D1", 15)
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize(
    ("counter", "words"),
    [
        (1, "một"),
        (3, "ba"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (30, "ba mươi"),
        (41, "bốn mươi mốt"),
        (55, "năm mươi lăm"),
        (90, "chín mươi"),
        (99, "chín mươi chín"),
    ],
)
def test_counters_are_read_as_numbers(counter: int, words: str) -> None:
    assert spoken_words(number_clips(counter)) == words


def test_the_number_rules_hold_for_every_counter() -> None:
    for counter in range(1, 100):
        words = spoken_words(number_clips(counter)).split()
        tens, unit = divmod(counter, 10)
        assert ("mốt" in words) == (unit == 1 and tens >= 2), counter
        assert ("lăm" in words) == (unit == 5 and tens >= 1), counter
        assert ("mười" in words) == (tens == 1), counter
        assert ("mươi" in words) == (tens >= 2), counter
        assert "không" not in words and "linh" not in words, counter


@pytest.mark.parametrize(
    "ticket",
    [
        "",
        "A",
        "012",
        "a012",
        "ABC1",
        "A12345",
        "A-12",
        " A012",
        "A012 ",
        "A01\n",
        "Đ12",  # not an ASCII letter
        "A\uff10\uff11",  # fullwidth digits
        "A\u0661\u0662",  # Arabic-Indic digits
        "Ä1",
        unicodedata.normalize("NFD", "Ä1"),
        "A" * 100_000,
    ],
)
def test_bad_tickets_are_refused(ticket: str) -> None:
    with pytest.raises(ValueError, match="cannot be announced") as caught:
        announcement_clips(ticket, 3)
    assert len(str(caught.value)) < 200  # an oversized ticket is not echoed whole
    with pytest.raises(ValueError, match="capital letters"):
        announcement_text(ticket, 3)


@pytest.mark.parametrize("counter", [0, 100, -1, 1000, True, 3.0, "3"])
def test_bad_counters_are_refused(counter: object) -> None:
    with pytest.raises(ValueError, match=r"counter .* from 1 to 99"):
        announcement_clips("A012", counter)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="counter"):
        announcement_text("A012", counter)  # type: ignore[arg-type]


def test_every_ticket_and_counter_has_its_clips() -> None:
    needed = {name for ticket in EVERY_TICKET for name in announcement_clips(ticket, 1)}
    needed |= {name for counter in range(1, 100) for name in announcement_clips("A1", counter)}
    assert needed == required_clips()
    for name in needed:
        frames, rate = frames_of(SHIPPED.folder / f"{name}.wav")
        assert frames > 0 and rate == 22050, name


def test_the_shipped_folder_has_no_problems() -> None:
    assert SHIPPED.problems() == []


def test_the_manifest_says_what_the_code_says() -> None:
    manifest = json.loads((SHIPPED.folder / "manifest.json").read_text(encoding="utf-8"))
    texts = {entry["name"]: entry["text"] for entry in manifest["clips"]}
    assert texts == {"chime": "", **CLIP_TEXTS}


def test_clip_durations_are_sensible_and_the_folder_small() -> None:
    for name in required_clips():
        frames, rate = frames_of(SHIPPED.folder / f"{name}.wav")
        seconds = frames / rate
        longest = 2.0 if name in {"chime", "phrase_moi"} else 1.0
        assert 0.1 < seconds < longest, (name, seconds)
    size = sum(path.stat().st_size for path in SHIPPED.folder.iterdir())
    assert size < 3_000_000


def test_an_announcement_is_its_clips_with_short_gaps() -> None:
    names = announcement_clips("A012", 21)
    wav = SHIPPED.announcement("A012", 21)
    clip_frames = sum(frames_of(SHIPPED.folder / f"{name}.wav")[0] for name in names)
    gap_frames = 22050 * voice.GAP_MS // 1000
    expected = clip_frames + gap_frames * (len(names) - 1)
    with wave.open(io.BytesIO(wav), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (
            1,
            2,
            22050,
        )
        assert reader.getnframes() == expected
    assert wav_duration_ms(wav) == math.ceil(expected * 1000 / 22050)


@pytest.fixture
def copied(tmp_path: Path) -> VoiceClips:
    folder = tmp_path / "voice"
    shutil.copytree(SHIPPED.folder, folder)
    return VoiceClips(folder)


def edit_manifest(clips: VoiceClips, change: dict[str, object]) -> None:
    path = clips.folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(manifest | change, ensure_ascii=False), encoding="utf-8")


def write_tone(path: Path, rate: int, seconds: float = 0.2) -> None:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"\x00\x10" * int(rate * seconds))


def test_a_missing_clip_is_found(copied: VoiceClips) -> None:
    (copied.folder / "word_lam.wav").unlink()
    (problem,) = copied.problems()
    assert problem.startswith("word_lam.wav: cannot be read")


def test_a_clip_left_out_of_the_manifest_is_found(copied: VoiceClips) -> None:
    manifest = json.loads((copied.folder / "manifest.json").read_text(encoding="utf-8"))
    kept = [entry for entry in manifest["clips"] if entry["name"] != "letter_q"]
    edit_manifest(copied, {"clips": kept})
    assert copied.problems() == [
        "letter_q.wav: not in manifest.json",
        "letter_q: needed but not in manifest.json",
    ]


def test_a_recording_in_another_format_is_found(copied: VoiceClips) -> None:
    write_tone(copied.folder / "num_7.wav", rate=44100)
    assert copied.problems() == [
        "num_7.wav: 44100 Hz, 1 channel, 16-bit, expected 22050 Hz, 1 channel, 16-bit"
    ]
    with pytest.raises(ValueError, match="num_7 is 44100 Hz"):
        copied.announcement("A7", 3)


def test_broken_files_are_found(copied: VoiceClips) -> None:
    (copied.folder / "num_8.wav").write_bytes(b"not a wav file")
    write_tone(copied.folder / "letter_b.wav", rate=22050, seconds=0)
    (copied.folder / "extra.wav").write_bytes(b"")
    problems = copied.problems()
    assert [problem.split(":")[0] for problem in problems] == [
        "extra.wav",
        "letter_b.wav",
        "num_8.wav",
    ]
    assert problems[1] == "letter_b.wav: holds no sound"


def test_text_not_in_nfc_is_found(copied: VoiceClips) -> None:
    manifest = json.loads((copied.folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["clips"]:
        if entry["name"] == "phrase_den_quay":
            entry["text"] = unicodedata.normalize("NFD", entry["text"])
    edit_manifest(copied, {"clips": manifest["clips"]})
    assert copied.problems() == [
        "phrase_den_quay: its text in manifest.json must be a string in NFC"
    ]


@pytest.mark.parametrize(
    "manifest",
    ["", "[]", "{}", '{"format": {"rate": 22050}, "clips": []}', '{"format": 1, "clips": []}'],
)
def test_an_unreadable_manifest_is_found(copied: VoiceClips, manifest: str) -> None:
    (copied.folder / "manifest.json").write_text(manifest, encoding="utf-8")
    (problem,) = copied.problems()
    assert problem.startswith("manifest.json: cannot be read")


def test_a_bad_entry_name_is_found(copied: VoiceClips) -> None:
    manifest = json.loads((copied.folder / "manifest.json").read_text(encoding="utf-8"))
    edit_manifest(copied, {"clips": [*manifest["clips"], {"name": "../escape", "text": ""}, 7]})
    problems = copied.problems()
    assert len(problems) == 2
    assert all(
        problem.startswith("manifest.json: an entry without a valid name") for problem in problems
    )
