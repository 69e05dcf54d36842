"""Calls tickets aloud at the board, one announcement at a time (DESIGN.md §9).

Announcements wait in a queue and never overlap: each one's WAV is built when it is asked
for (so a bad ticket or a missing clip is the caller's error, at once) and the queue is
paced by the WAV's own duration on a timer, not by the sound system's word. A machine with
no audio output, or no player program, still calls tickets on time and emits the same
signals: the announcement is simply not heard.

The sound goes through a small :class:`Player` (``play(wav)``, ``stop()``): a command-line
player here (``pw-play``, ``paplay``, ``aplay``, ``afplay``), ``winsound`` on Windows, a
silent one otherwise. PySide6-Essentials carries no QtMultimedia, hence no QSoundEffect.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from counter_app.domain.records import record
from counter_app.queue.voice import VoiceClips, announcement_text, wav_duration_ms

LOG = logging.getLogger(__name__)
PAUSE_MS = 700  # quiet between two announcements, so that each is heard as one sentence
PLAYER_COMMANDS = (["pw-play"], ["paplay"], ["aplay", "-q"], ["afplay"])


class Player(Protocol):
    """Plays one WAV without blocking; ``stop()`` ends it (or does nothing if it ended)."""

    def play(self, wav: bytes) -> None: ...

    def stop(self) -> None: ...


@record
class Call:
    """One announcement: a ticket called to a counter, with its sentence and its sound."""

    ticket: str
    counter: int
    text: str
    wav: bytes
    duration_ms: int


class Announcer(QObject):
    """Plays called tickets one after another: ``announce()`` queues, the timer paces.

    A ticket already waiting is not queued twice; if it was called again to another counter
    the waiting call takes the new counter. A ticket being announced right now, to the same
    counter, is not queued again either; once announced, a recall is a new announcement.
    """

    started = Signal(str, int, str)  # ticket, counter, the sentence said
    finished = Signal(str, int)  # ticket, counter

    def __init__(
        self,
        clips: VoiceClips,
        player: Player,
        timer: QTimer | None = None,
        pause_ms: int = PAUSE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clips = clips
        self._player = player
        self._pause_ms = pause_ms
        self._waiting: deque[Call] = deque()
        self._playing: Call | None = None
        self._timer = timer if timer is not None else _precise_timer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next_step)

    def announce(self, ticket: str, counter: int) -> None:
        """Queue a call, unless it is already waiting or being said (ValueError if bad).

        Nothing is returned, on purpose: this is meant to be a slot, and PySide6 6.12.0
        dropped a reference to True/False each time a Python slot returned one, until
        the interpreter aborted (that release is excluded, see tests/ui/test_qt_binding.py;
        ``waiting()`` tells what is queued).
        """
        waiting = next((call for call in self._waiting if call.ticket == ticket), None)
        if waiting is not None:
            if waiting.counter != counter:
                self._waiting[self._waiting.index(waiting)] = self._call(ticket, counter)
            return
        playing = self._playing
        if playing is not None and (playing.ticket, playing.counter) == (ticket, counter):
            return
        self._waiting.append(self._call(ticket, counter))
        if not self._timer.isActive():  # idle: neither speaking nor in the pause after
            self._start_next()

    def waiting(self) -> list[tuple[str, int]]:
        """The calls not yet started, in the order they will be said."""
        return [(call.ticket, call.counter) for call in self._waiting]

    def stop(self) -> None:
        """Silence now and forget the queue (the board closes)."""
        self._timer.stop()
        self._waiting.clear()
        self._playing = None
        self._player.stop()

    def _call(self, ticket: str, counter: int) -> Call:
        wav = self._clips.announcement(ticket, counter)
        text = announcement_text(ticket, counter)
        return Call(ticket, counter, text, wav, wav_duration_ms(wav))

    def _next_step(self) -> None:
        ended = self._playing
        if ended is None:  # the pause is over: whatever the player still holds can go
            self._player.stop()
            self._start_next()
            return
        # The player is left to finish during the pause: a sound system that started late
        # still gets to say the counter's number before the next call stops it.
        self._playing = None
        self._timer.start(self._pause_ms)  # before the signal: a slot may announce again
        self.finished.emit(ended.ticket, ended.counter)

    def _start_next(self) -> None:
        if not self._waiting:
            return
        call = self._playing = self._waiting.popleft()
        self._player.play(call.wav)
        self._timer.start(call.duration_ms)
        self.started.emit(call.ticket, call.counter, call.text)


def _precise_timer(parent: QObject) -> QTimer:
    """A timer to the millisecond: a coarse one may fire up to 5% early (Qt's documentation)."""
    timer = QTimer(parent)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    return timer


class SilentPlayer:
    """No sound at all: a machine without audio output still paces the board."""

    def play(self, wav: bytes) -> None:
        pass

    def stop(self) -> None:
        pass


class _TemporaryWav:
    """The WAV being played, in a file for players that read files; removed when done."""

    def __init__(self) -> None:
        self.path: Path | None = None

    def write(self, wav: bytes) -> Path:
        self.remove()
        handle, name = tempfile.mkstemp(prefix="counter-voice-", suffix=".wav")
        with os.fdopen(handle, "wb") as file:
            file.write(wav)
        self.path = Path(name)
        return self.path

    def remove(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


class CommandPlayer:
    """Plays through a command-line player given the WAV's path (``aplay -q file.wav``).

    The player runs in its own process; ``stop()`` ends it if it still runs. A player that
    cannot start, or fails (no sound device), is logged and the board carries on.
    """

    def __init__(self, command: Sequence[str]) -> None:
        self._command = list(command)
        self._file = _TemporaryWav()
        self._process: subprocess.Popen[bytes] | None = None

    def play(self, wav: bytes) -> None:
        self.stop()
        path = self._file.write(wav)
        try:
            self._process = subprocess.Popen(
                [*self._command, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            LOG.warning("cannot start the sound player %s: %s", self._command[0], error)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.returncode not in (0, -signal.SIGTERM):  # ended by stop() itself
                LOG.warning("the sound player %s failed", self._command[0])
        self._file.remove()


class WinsoundPlayer:
    """Windows' own ``winsound`` (standard library): no program to install."""

    def __init__(self) -> None:
        self._file = _TemporaryWav()

    def play(self, wav: bytes) -> None:
        path = self._file.write(wav)
        if sys.platform == "win32":
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            try:
                winsound.PlaySound(str(path), flags)
            except RuntimeError as error:  # no sound device
                LOG.warning("cannot play the announcement: %s", error)

    def stop(self) -> None:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)
        self._file.remove()


def default_player() -> Player:
    """The machine's way to play a WAV; the silent player when it has none."""
    if sys.platform == "win32":
        return WinsoundPlayer()
    for command in PLAYER_COMMANDS:
        if shutil.which(command[0]):
            return CommandPlayer(command)
    LOG.warning(
        "no sound player found (%s): announcements will not be heard",
        ", ".join(command[0] for command in PLAYER_COMMANDS),
    )
    return SilentPlayer()
