"""What the board says when a ticket is called, and the recorded clips it is said with.

"Mời công dân có số A012 đến quầy số 3" is spoken as a chime then a row of short clips
(``resources/voice/``, listed in its ``manifest.json``): the two fixed phrases, the ticket's
letters by their Vietnamese names, its digits one by one, and the counter's number read as a
number. Clips rather than a speech engine keep the voice offline and let a person's
recordings replace the generated ones file by file (docs/voice.md).

The rules (which clips, in which order) are plain functions; :class:`VoiceClips` reads a
clip folder, checks it and joins clips into one WAV with the standard ``wave`` module.
"""

from __future__ import annotations

import io
import json
import math
import re
import string
import unicodedata
import wave
from collections.abc import Iterable, Sequence
from pathlib import Path

from counter_app.domain.records import record
from counter_app.domain.text import counted
from counter_app.paths import resource_dir

CHIME = "chime"
PHRASE_CALL = "phrase_moi"  # "Mời công dân có số"
PHRASE_COUNTER = "phrase_den_quay"  # "đến quầy số"
TEN = "num_10"  # "mười": ten on its own, and the tens of 11–19
TENS = "word_muoi"  # "mươi": the tens of 20–90 ("hai mươi")
ONE_AFTER_TENS = "word_mot"  # "mốt": 1 after 20–90 ("hai mươi mốt"), never after ten
FIVE_AFTER_TENS = "word_lam"  # "lăm": 5 after any tens ("mười lăm", "hai mươi lăm")

CALL_TEXT = "Mời công dân có số"
COUNTER_TEXT = "đến quầy số"
DIGIT_TEXTS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# The letters' names as Vietnamese speakers spell them; F, J, W and Z are not in the
# Vietnamese alphabet and get the names usual for loan letters.
LETTER_TEXTS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê",
    "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ",
    "O": "o", "P": "pê", "Q": "quy", "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u",
    "V": "vê", "W": "vê kép", "X": "ích-xì", "Y": "i dài", "Z": "dét",
}  # fmt: skip

# The Vietnamese text of every spoken clip, by clip name (the file is ``<name>.wav``).
CLIP_TEXTS: dict[str, str] = {
    name: unicodedata.normalize("NFC", text)
    for name, text in {
        PHRASE_CALL: CALL_TEXT,
        PHRASE_COUNTER: COUNTER_TEXT,
        **{f"letter_{letter.lower()}": text for letter, text in LETTER_TEXTS.items()},
        **{f"num_{digit}": text for digit, text in enumerate(DIGIT_TEXTS)},
        TEN: "mười",
        TENS: "mươi",
        ONE_AFTER_TENS: "mốt",
        FIVE_AFTER_TENS: "lăm",
    }.items()
}

TICKET = re.compile(r"([A-Z]{1,2})([0-9]{1,4})")
COUNTERS = range(1, 100)
GAP_MS = 80  # silence between two clips: each clip is trimmed to its sound
MANIFEST = "manifest.json"
CLIP_NAME = re.compile(r"[a-z0-9_]+")


def ticket_clips(ticket: str) -> list[str]:
    """The ticket's letters by name then its digits one by one: "A012" → a, không, một, hai.

    Digit by digit, so that what is heard matches the printed ticket, leading zeros included.
    """
    prefix, digits = _parse_ticket(ticket)
    return [f"letter_{c.lower()}" for c in prefix] + [f"num_{d}" for d in digits]


def number_clips(number: int) -> list[str]:
    """A counter number 1–99 as Vietnamese counts it: 3 "ba", 15 "mười lăm", 21 "hai mươi mốt"."""
    _check_counter(number)
    tens, unit = divmod(number, 10)
    if tens == 0:
        return [f"num_{unit}"]
    head = [TEN] if tens == 1 else [f"num_{tens}", TENS]
    if unit == 0:
        return head
    if unit == 5:
        return [*head, FIVE_AFTER_TENS]
    if unit == 1 and tens > 1:  # "mười một", but "hai mươi mốt"
        return [*head, ONE_AFTER_TENS]
    return [*head, f"num_{unit}"]  # 4 stays "bốn" ("tư" is regional)


def announcement_clips(ticket: str, counter: int) -> list[str]:
    """The clip names of one announcement in the order they are played, the chime first."""
    return [CHIME, PHRASE_CALL, *ticket_clips(ticket), PHRASE_COUNTER, *number_clips(counter)]


def announcement_text(ticket: str, counter: int) -> str:
    """The sentence for the board and the log: "Mời công dân có số A012 đến quầy số 3"."""
    _parse_ticket(ticket)
    _check_counter(counter)
    return f"{CALL_TEXT} {ticket} {COUNTER_TEXT} {counter}"


def spoken_words(clips: Iterable[str]) -> str:
    """What the clips say, in Vietnamese: the chime is silent here."""
    return " ".join(CLIP_TEXTS[name] for name in clips if name != CHIME)


def required_clips() -> set[str]:
    """Every clip some ticket or counter needs: the chime, the phrases, A–Z, the numbers."""
    letters = {f"letter_{c}" for c in string.ascii_lowercase}
    numbers = {name for counter in COUNTERS for name in number_clips(counter)}
    digits = {f"num_{d}" for d in range(10)}
    return {CHIME, PHRASE_CALL, PHRASE_COUNTER} | letters | digits | numbers


def _parse_ticket(ticket: str) -> tuple[str, str]:
    found = TICKET.fullmatch(ticket) if isinstance(ticket, str) else None
    if found is None:
        shown = ticket[:20] if isinstance(ticket, str) else ticket
        raise ValueError(
            f"ticket {shown!r} cannot be announced: expected one or two capital letters A-Z "
            "then 1 to 4 digits, like 'A012'"
        )
    return found[1], found[2]


def _check_counter(counter: int) -> None:
    if isinstance(counter, bool) or not isinstance(counter, int) or counter not in COUNTERS:
        raise ValueError(
            f"counter {counter!r} cannot be announced: expected a whole number from 1 to 99"
        )


@record(frozen=True)
class ClipFormat:
    """How a clip's samples are stored; every clip of a folder must share one."""

    rate: int
    channels: int
    bits: int

    def describe(self) -> str:
        return f"{self.rate} Hz, {counted(self.channels, 'channel')}, {self.bits}-bit"


def wav_duration_ms(wav: bytes) -> int:
    """How long a WAV plays, rounded up to the millisecond (so a wait never cuts it short)."""
    with wave.open(io.BytesIO(wav), "rb") as reader:
        return math.ceil(reader.getnframes() * 1000 / reader.getframerate())


class VoiceClips:
    """The clips of one folder, as its ``manifest.json`` lists them.

    ``problems()`` is the check for a folder of new recordings; ``announcement()`` builds the
    WAV of one call. Clips are read once and kept (the whole set is well under a megabyte).
    """

    def __init__(self, folder: Path, gap_ms: int = GAP_MS) -> None:
        self.folder = folder
        self.gap_ms = gap_ms
        self._read: dict[str, tuple[ClipFormat, bytes]] = {}

    @classmethod
    def shipped(cls) -> VoiceClips:
        """The clips that come with the program, in ``resources/voice``."""
        return cls(resource_dir() / "voice")

    def announcement(self, ticket: str, counter: int) -> bytes:
        """One call as a WAV: the chime, the clips, a short silence between two clips."""
        return self.assemble(announcement_clips(ticket, counter))

    def assemble(self, names: Sequence[str]) -> bytes:
        """The named clips joined into one WAV; ValueError when their formats differ."""
        first, _ = self.clip(names[0])
        gap = b"\0" * (first.rate * self.gap_ms // 1000 * first.channels * first.bits // 8)
        out = io.BytesIO()
        with wave.open(out, "wb") as writer:
            writer.setnchannels(first.channels)
            writer.setsampwidth(first.bits // 8)
            writer.setframerate(first.rate)
            for index, name in enumerate(names):
                clip_format, frames = self.clip(name)
                if clip_format != first:
                    raise ValueError(
                        f"clip {name} is {clip_format.describe()}, "
                        f"clip {names[0]} is {first.describe()}: convert them to one format"
                    )
                writer.writeframes(gap + frames if index else frames)
        return out.getvalue()

    def clip(self, name: str) -> tuple[ClipFormat, bytes]:
        """A clip's format and samples, read from ``<name>.wav`` the first time."""
        if name not in self._read:
            self._read[name] = _read_wav(self.folder / f"{name}.wav")
        return self._read[name]

    def manifest(self) -> dict[str, object]:
        """The folder's ``manifest.json`` (OSError or ValueError when unreadable)."""
        loaded = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            raise ValueError("the manifest is not a JSON object")
        return loaded

    def problems(self) -> list[str]:
        """What is wrong with the folder, in English; empty when every call can be spoken.

        Every clip of the manifest must exist, decode, be in the manifest's format and say
        its text in NFC; every clip some ticket or counter needs must be listed; a WAV file
        the manifest does not list is reported too (it would ship for nothing).
        """
        try:
            expected, entries = self._manifest_parts()
        except (OSError, ValueError, KeyError, TypeError) as error:
            return [f"{MANIFEST}: cannot be read ({error})"]
        found: list[str] = []
        listed: set[str] = set()
        for entry in entries:
            fields = entry if isinstance(entry, dict) else {}
            name = fields.get("name")
            if not isinstance(name, str) or not CLIP_NAME.fullmatch(name):
                found.append(f"{MANIFEST}: an entry without a valid name: {entry!r}")
                continue
            listed.add(name)
            found += self._clip_problems(name, fields.get("text"), expected)
        found += [f"{name}: needed but not in {MANIFEST}" for name in required_clips() - listed]
        unlisted = {p.stem for p in self.folder.glob("*.wav")} - listed
        found += [f"{name}.wav: not in {MANIFEST}" for name in unlisted]
        return sorted(found)

    def _manifest_parts(self) -> tuple[ClipFormat, list[object]]:
        manifest = self.manifest()
        declared, entries = manifest.get("format"), manifest.get("clips")
        if not isinstance(declared, dict) or not isinstance(entries, list):
            raise ValueError("expected a 'format' object and a 'clips' list")
        rate, channels, bits = (int(declared[key]) for key in ("rate", "channels", "bits"))
        return ClipFormat(rate, channels, bits), entries

    def _clip_problems(self, name: str, text: object, expected: ClipFormat) -> list[str]:
        if not isinstance(text, str) or unicodedata.normalize("NFC", text) != text:
            return [f"{name}: its text in {MANIFEST} must be a string in NFC"]
        try:
            clip_format, frames = _read_wav(self.folder / f"{name}.wav")
        except (OSError, EOFError, wave.Error) as error:
            return [f"{name}.wav: cannot be read as a PCM WAV ({error})"]
        if clip_format != expected:
            return [f"{name}.wav: {clip_format.describe()}, expected {expected.describe()}"]
        return [] if frames else [f"{name}.wav: holds no sound"]


def _read_wav(path: Path) -> tuple[ClipFormat, bytes]:
    with wave.open(str(path), "rb") as reader:
        clip_format = ClipFormat(
            reader.getframerate(), reader.getnchannels(), reader.getsampwidth() * 8
        )
        return clip_format, reader.readframes(reader.getnframes())
