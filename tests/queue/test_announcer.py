"""The announcer: calls queue, play one after another and never overlap.

Most tests drive the real Announcer with the shipped clips on a fake timer (virtual
milliseconds), so a queue of calls takes no real time; one runs on Qt's own timer with
tiny clips. The durations expected are read from the WAV files here, not from the module.
"""

from __future__ import annotations

import io
import json
import logging
import math
import shutil
import sys
import tempfile
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from counter_app.queue.voice import GAP_MS, VoiceClips, announcement_clips, required_clips
from counter_app.ui.announcer import (
    PAUSE_MS,
    Announcer,
    CommandPlayer,
    SilentPlayer,
    default_player,
)

SHIPPED = VoiceClips.shipped()


class FakeTimer(QTimer):
    """A single-shot QTimer on virtual time: ``run()`` fires it until nothing is pending."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0
        self._deadline: int | None = None

    def start(self, msec: int = 0) -> None:
        self._deadline = self.now + msec

    def stop(self) -> None:
        self._deadline = None

    def isActive(self) -> bool:
        return self._deadline is not None

    def run(self) -> None:
        for _ in range(1000):
            if self._deadline is None:
                return
            self.now, self._deadline = self._deadline, None
            self.timeout.emit()
        raise AssertionError("the timer never stops")


@dataclass
class RecordingPlayer:
    """Notes when each WAV starts and how long it plays, on the fake timer's clock."""

    timer: FakeTimer
    played: list[tuple[int, int]] = field(default_factory=list)  # (start, duration) in ms
    stops: int = 0

    def play(self, wav: bytes) -> None:
        with wave.open(io.BytesIO(wav), "rb") as reader:
            duration = math.ceil(reader.getnframes() * 1000 / reader.getframerate())
        self.played.append((self.timer.now, duration))

    def stop(self) -> None:
        self.stops += 1


@dataclass
class Board:
    """An announcer on a fake timer, with what it signalled, at which virtual time."""

    announcer: Announcer
    timer: FakeTimer
    player: RecordingPlayer
    started: list[tuple[int, str, int, str]] = field(default_factory=list)
    finished: list[tuple[int, str, int]] = field(default_factory=list)

    def calls(self) -> list[tuple[str, int]]:
        return [(ticket, counter) for _, ticket, counter, _ in self.started]


@pytest.fixture
def board(qtbot: QtBot) -> Board:
    timer = FakeTimer()
    player = RecordingPlayer(timer)
    made = Board(Announcer(SHIPPED, player, timer=timer), timer, player)
    made.announcer.started.connect(lambda *a: made.started.append((timer.now, *a)))
    made.announcer.finished.connect(lambda *a: made.finished.append((timer.now, *a)))
    return made


def expected_ms(ticket: str, counter: int) -> int:
    """The call's length from the clip files themselves, with the gaps between them."""
    frames = 0
    for name in announcement_clips(ticket, counter):
        with wave.open(str(SHIPPED.folder / f"{name}.wav"), "rb") as reader:
            frames += reader.getnframes()
            rate = reader.getframerate()
    frames += rate * GAP_MS // 1000 * (len(announcement_clips(ticket, counter)) - 1)
    return math.ceil(frames * 1000 / rate)


def test_calls_play_in_order_and_never_overlap(board: Board) -> None:
    calls = [("A012", 3), ("B005", 21), ("C1", 12), ("XY9999", 99)]
    for ticket, counter in calls:
        board.announcer.announce(ticket, counter)
    assert board.announcer.waiting() == calls[1:]  # the first is being said already
    board.timer.run()

    assert board.calls() == calls
    assert [(t, c) for _, t, c in board.finished] == calls
    for (start, ticket, counter, text), (end, *_) in zip(
        board.started, board.finished, strict=True
    ):
        assert end - start == expected_ms(ticket, counter)
        assert text == f"Mời công dân có số {ticket} đến quầy số {counter}"
    for (end, *_), (next_start, *_) in zip(board.finished, board.started[1:], strict=False):
        assert next_start >= end + PAUSE_MS
    assert board.player.played == [(start, expected_ms(t, c)) for start, t, c, _ in board.started]
    assert board.announcer.waiting() == []


def test_a_waiting_ticket_is_not_queued_twice(board: Board) -> None:
    board.announcer.announce("A012", 3)
    board.announcer.announce("B005", 21)
    board.announcer.announce("B005", 21)
    board.announcer.announce("A012", 3)  # being said right now, to the same counter
    assert board.announcer.waiting() == [("B005", 21)]
    board.timer.run()
    assert board.calls() == [("A012", 3), ("B005", 21)]


def test_a_waiting_ticket_called_to_another_counter_goes_there(board: Board) -> None:
    board.announcer.announce("A012", 3)
    board.announcer.announce("B005", 21)
    board.announcer.announce("B005", 7)  # transferred before it was said
    board.announcer.announce("A012", 4)  # transferred while being said
    assert board.announcer.waiting() == [("B005", 7), ("A012", 4)]
    board.timer.run()
    assert board.calls() == [("A012", 3), ("B005", 7), ("A012", 4)]
    assert board.finished[-1][0] - board.started[-1][0] == expected_ms("A012", 4)


def test_a_recall_after_the_call_is_said_again(board: Board) -> None:
    board.announcer.announce("A012", 3)
    board.timer.run()
    board.announcer.announce("A012", 3)
    assert board.announcer.waiting() == []  # the queue was idle: it is being said
    board.timer.run()
    assert board.calls() == [("A012", 3), ("A012", 3)]
    assert board.started[1][0] >= board.finished[0][0] + PAUSE_MS


def test_a_call_during_the_pause_waits_for_its_end(board: Board) -> None:
    board.announcer.announce("A012", 3)

    def call_next(ticket: str, counter: int) -> None:
        if ticket == "A012":
            board.announcer.announce("B1", 2)

    board.announcer.finished.connect(call_next)
    board.timer.run()
    assert board.calls() == [("A012", 3), ("B1", 2)]
    assert board.started[1][0] == board.finished[0][0] + PAUSE_MS
    assert board.player.stops == 2  # each sound let go only once its pause is over


def test_a_bad_call_is_refused_and_the_queue_goes_on(board: Board) -> None:
    board.announcer.announce("A012", 3)
    with pytest.raises(ValueError, match="ticket 'a12' cannot be announced"):
        board.announcer.announce("a12", 3)
    with pytest.raises(ValueError, match="counter 0 cannot be announced"):
        board.announcer.announce("B1", 0)
    board.timer.run()
    assert board.calls() == [("A012", 3)]


def test_stop_silences_and_forgets(board: Board) -> None:
    board.announcer.announce("A012", 3)
    board.announcer.announce("B1", 2)
    board.announcer.stop()
    board.timer.run()
    assert board.calls() == [("A012", 3)]
    assert board.finished == []
    assert board.player.stops == 1
    assert board.announcer.waiting() == []


def write_tiny_voice(folder: Path, seconds: float) -> None:
    """Every clip as a short tone, with its manifest: a voice folder that speaks fast."""
    folder.mkdir()
    for name in required_clips():
        with wave.open(str(folder / f"{name}.wav"), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(22050)
            writer.writeframes(b"\x00\x08" * int(22050 * seconds))
    clips = [{"name": name, "text": ""} for name in sorted(required_clips())]
    manifest = {"format": {"rate": 22050, "channels": 1, "bits": 16}, "clips": clips}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_on_qts_own_timer_calls_follow_each_other(qtbot: QtBot, tmp_path: Path) -> None:
    write_tiny_voice(tmp_path / "voice", seconds=0.01)
    clips = VoiceClips(tmp_path / "voice", gap_ms=2)
    assert clips.problems() == []
    announcer = Announcer(clips, SilentPlayer(), pause_ms=30)
    moments: list[tuple[str, str, float]] = []
    announcer.started.connect(lambda t, c, text: moments.append(("start", t, time.monotonic())))
    announcer.finished.connect(lambda t, c: moments.append(("end", t, time.monotonic())))
    with qtbot.waitSignals([announcer.finished, announcer.finished], timeout=5000):
        announcer.announce("A012", 3)
        announcer.announce("B005", 21)
    qtbot.waitUntil(lambda: len(moments) == 4)
    assert [(kind, ticket) for kind, ticket, _ in moments] == [
        ("start", "A012"),
        ("end", "A012"),
        ("start", "B005"),
        ("end", "B005"),
    ]
    at = [moment for *_, moment in moments]
    eight_clips = 8 * 0.01 + 7 * 0.002  # chime, phrase, A, 0, 1, 2, phrase, 3
    assert at[1] - at[0] >= eight_clips - 0.002
    assert at[2] - at[1] >= 0.030 - 0.002


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the players write their WAV files in these tests."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def python_player(code: str, *args: str) -> CommandPlayer:
    """A 'sound player' in Python: the WAV's path comes as the last argument."""
    return CommandPlayer([sys.executable, "-c", code, *args])


def test_the_command_player_gets_the_wav_and_cleans_up(temp_folder: Path, tmp_path: Path) -> None:
    wav = SHIPPED.announcement("A012", 3)
    heard = tmp_path / "heard.wav"
    player = python_player("import shutil, sys; shutil.copy(sys.argv[2], sys.argv[1])", str(heard))
    player.play(wav)
    player._process.wait(timeout=30)  # type: ignore[union-attr] # played to its end
    player.stop()
    assert heard.read_bytes() == wav
    assert list(temp_folder.iterdir()) == []


def test_a_command_player_still_playing_is_stopped(temp_folder: Path) -> None:
    player = python_player("import time; time.sleep(60)")
    begun = time.monotonic()
    player.play(SHIPPED.announcement("A012", 3))
    player.play(SHIPPED.announcement("B1", 2))  # the first one ends first
    player.stop()
    assert time.monotonic() - begun < 10
    assert list(temp_folder.iterdir()) == []


def test_a_player_that_cannot_play_is_only_logged(
    temp_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    missing = CommandPlayer([str(temp_folder / "no-such-player")])
    missing.play(SHIPPED.announcement("A012", 3))
    missing.stop()
    failing = python_player("raise SystemExit(1)")  # as aplay without a sound device
    failing.play(SHIPPED.announcement("A012", 3))
    failing._process.wait(timeout=30)  # type: ignore[union-attr] # failed before it is stopped
    failing.stop()
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0].startswith("cannot start the sound player")
    assert messages[1].endswith("failed")
    assert list(temp_folder.iterdir()) == []


def test_the_default_player_is_silent_without_a_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert isinstance(default_player(), SilentPlayer)
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert isinstance(default_player(), CommandPlayer)
