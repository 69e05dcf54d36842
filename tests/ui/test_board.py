"""The board: counters and their numbers, calls said once (a recall again), offline mark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.queue.demo import demo_status
from counter_app.queue.voice import VoiceClips
from counter_app.sync.queue_client import QueueClient
from counter_app.ui import board
from counter_app.ui.announcer import Announcer, SilentPlayer
from counter_app.ui.board import BoardWindow
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, Counter, issue_code
from tests.queue.test_announcer import FakeTimer
from tests.ui.queue_areas import LONG_AREAS, LONG_WARD, MANY_AREAS, in_sight, whole

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
PATIENCE_MS = 15_000
WARD_NAME = "UBND Phường Thử Nghiệm"


pytestmark = pytest.mark.usefixtures("vietnamese")


@dataclass
class Voice:
    """The real announcer, silent, on virtual time; what it started to say."""

    announcer: Announcer
    timer: FakeTimer
    said: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture
def voice(qtbot: QtBot) -> Voice:
    timer = FakeTimer()
    made = Voice(Announcer(VoiceClips.shipped(), SilentPlayer(), timer=timer), timer)
    made.announcer.started.connect(
        lambda ticket, counter, _text: made.said.append((ticket, counter))
    )
    return made


def client_factory(central: CentralServer) -> Callable[[], QueueClient]:
    device = Counter(central.url)
    assert device.enrol(issue_code(central, WARD_A)).status_code == 200
    return lambda: QueueClient(central.url, device.token)


def open_board(qtbot: QtBot, client: Callable[[], QueueClient], voice: Voice) -> BoardWindow:
    window = BoardWindow(client, voice.announcer, WARD_NAME)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.status is not None, timeout=PATIENCE_MS)
    return window


def test_it_shows_each_counter_with_its_number(qtbot: QtBot, voice: Voice) -> None:
    window = BoardWindow(None, voice.announcer, WARD_NAME)
    qtbot.addWidget(window)
    window.show_status(demo_status())
    shown = {tile.title.text(): tile.ticket.text() for tile in window.tiles}
    assert shown["Quầy 1"] == "A026" and shown["Quầy 3"] == "A025"
    assert shown["Quầy 5"] == "—" and len(shown) == 10
    assert [(t.text(), c.text()) for t, c in window.call_rows[:2]] == [
        ("A026", "Quầy 1"),
        ("A025", "Quầy 3"),
    ]
    _, name, count = window.area_boxes[0]
    assert (name.text(), count.text()) == ("Hộ tịch", "12")
    assert window.ward.text() == WARD_NAME
    assert window.date.text().startswith("Thứ ")
    assert voice.said == []  # what was called before the board came on is not said


@SQLITE
def test_a_call_is_said_once_and_a_recall_again(
    qtbot: QtBot, central: CentralServer, voice: Voice
) -> None:
    client = client_factory(central)
    window = open_board(qtbot, client, voice)
    with client() as counter:
        counter.take("A")
        counter.call_next(3)
        qtbot.waitUntil(lambda: voice.said == [("A001", 3)], timeout=PATIENCE_MS)
        assert window.tiles[2].ticket.text() == "A001" and window.is_fresh("A001")
        voice.timer.run()  # said to its end
        counter.take("B")  # another change: the same call is not said again
        qtbot.waitUntil(lambda: window.area_boxes[1][2].text() == "1", timeout=PATIENCE_MS)
        counter.recall(3)
        qtbot.waitUntil(lambda: len(voice.said) == 2, timeout=PATIENCE_MS)
        counter.call_next(5)  # while the recall is being said: it waits its turn
        qtbot.waitUntil(lambda: voice.announcer.waiting() == [("B001", 5)], timeout=PATIENCE_MS)
        voice.timer.run()
    assert voice.said == [("A001", 3), ("A001", 3), ("B001", 5)]


@SQLITE
def test_a_lost_server_is_marked_and_the_board_kept(
    qtbot: QtBot, central: CentralServer, voice: Voice
) -> None:
    client = client_factory(central)
    with client() as counter:
        counter.take("C")
        counter.call_next(2)
    window = open_board(qtbot, client, voice)
    assert window.offline.isHidden() and window.tiles[1].ticket.text() == "C001"
    central.kill()
    qtbot.waitUntil(lambda: window.offline.isVisible(), timeout=PATIENCE_MS)
    assert window.offline.text() == "Mất kết nối máy chủ — đang thử lại…"
    assert window.tiles[1].ticket.text() == "C001"
    central.restart()
    qtbot.waitUntil(lambda: window.offline.isHidden(), timeout=PATIENCE_MS)
    with client() as counter:
        counter.call_next(2)  # C001 done, nobody else: the counter is free
    qtbot.waitUntil(lambda: window.tiles[1].ticket.text() == "—", timeout=PATIENCE_MS)
    assert voice.said == []


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1080, 1920)])
def test_the_screenshot_is_the_tv_size(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    from PySide6.QtGui import QImage

    shot = board.screenshot(tmp_path / "board.png", demo_status(), WARD_NAME, size=size)
    assert QImage(str(shot)).size().toTuple() == size


# A one-stop centre's full name, as a ward may enrol its board under it.
LONG_WARD_NAME = "Trung tâm Phục vụ hành chính công phường Đông Hưng Thuận, Thành phố Hồ Chí Minh"


def test_a_long_ward_name_keeps_the_board_on_the_tv(qtbot: QtBot) -> None:
    window = BoardWindow(None, None, LONG_WARD_NAME)
    qtbot.addWidget(window)
    window.show_status(demo_status())
    window.show()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.ward.width() > 0)
    assert window.size().toTuple() == (1920, 1080)
    assert window.ward.geometry().right() < window.date.geometry().left()  # no overlap
    assert window.ward.text() == LONG_WARD_NAME  # whole, on two lines if need be
    assert window.ward.heightForWidth(window.ward.width()) <= window.ward.height()


def test_nine_areas_waiting_stay_on_the_tv(qtbot: QtBot) -> None:
    from PySide6.QtCore import QPoint, QRect

    from counter_app.sync.queue_wire import AreaStatus

    status = demo_status()
    areas = [
        AreaStatus(
            prefix=chr(ord("A") + i), name=name, waiting=i, priority_waiting=0, last_number=i
        )
        for i, name in enumerate(MANY_AREAS)
    ]
    window = BoardWindow(None, None, WARD_NAME)
    qtbot.addWidget(window)
    window.show_status(status.model_copy(update={"areas": areas}))
    window.show()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.area_boxes[-1][0].width() > 0)
    assert window.size().toTuple() == (1920, 1080)
    screen = window.rect()
    for box, name, _ in window.area_boxes:
        assert screen.contains(QRect(box.mapTo(window, QPoint()), box.size())), name.text()
        assert name.heightForWidth(name.width()) <= name.height(), name.text()  # whole
    assert [name.text() for _, name, _ in window.area_boxes] == MANY_AREAS


def test_names_from_the_server_are_shown_as_written(qtbot: QtBot) -> None:
    """The ward's, the counters' and the areas' names come from the server: "<b>" turned
    the rest bold and vanished, "<img src=x>" drew a broken image and "&" could be taken
    for an entity. Every label of the board shows its text as typed."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    names = ["<b>Hộ tịch</b>", "Đất đai & Xây dựng", "Cư trú <img src=x>"]
    status = demo_status()
    status = status.model_copy(
        update={
            "areas": [
                area.model_copy(update={"name": name})
                for area, name in zip(status.areas, names, strict=False)
            ],
            "counters": [
                counter.model_copy(update={"name": "Quầy <b>1</b> & <img src=x>"})
                if counter.number == 1
                else counter
                for counter in status.counters
            ],
        }
    )
    ward = "UBND <b>Phường</b> Hàng Bạc & Đồng Xuân"
    window = BoardWindow(None, None, ward)
    qtbot.addWidget(window)
    window.show_status(status)
    window.show()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.tiles[0].title.width() > 0)
    assert window.ward.text() == ward
    title = window.tiles[0].title
    assert title.text() == "Quầy <b>1</b> & <img src=x>"
    # Longer as written than as markup: it goes on two lines, the board stays on the TV.
    assert window.size().toTuple() == (1920, 1080)
    assert title.heightForWidth(title.width()) <= title.height()
    assert abs(window.tiles[0].width() - window.tiles[1].width()) <= 1  # one width
    assert [name.text() for _, name, _ in window.area_boxes][:3] == names
    labels = [label for label in window.findChildren(QLabel) if label.text()]
    assert len(labels) > 20
    for label in labels:
        assert label.textFormat() is Qt.TextFormat.PlainText, label.text()


def test_an_unchanged_queue_keeps_the_counters_tiles(qtbot: QtBot) -> None:
    """A counter without a name shows "Quầy N"; the board compared the server's empty
    name with that title, so every status update rebuilt every tile. Drawn from the same
    counters, the tiles stay the same widgets."""
    status = demo_status()
    status = status.model_copy(
        update={
            "counters": [
                counter.model_copy(update={"name": ""}) if counter.number in (2, 5) else counter
                for counter in status.counters
            ]
        }
    )
    window = BoardWindow(None, None, WARD_NAME)
    qtbot.addWidget(window)
    window.show_status(status)
    tiles = list(window.tiles)
    assert tiles[1].title.text() == "Quầy 2"
    window.show_status(status.model_copy())
    assert len(window.tiles) == len(tiles)
    assert all(new is old for new, old in zip(window.tiles, tiles, strict=True))
    renamed = [
        counter.model_copy(update={"name": "Quầy 2 – Hộ tịch"}) if counter.number == 2 else counter
        for counter in status.counters
    ]
    window.show_status(status.model_copy(update={"counters": renamed}))
    assert window.tiles[1].title.text() == "Quầy 2 – Hộ tịch"  # a new name is drawn


# Long names as wards give them to their counters.
LONG_COUNTER_NAMES = [
    "Quầy tiếp nhận hồ sơ đất đai và xây dựng",
    "Quầy 1 – Hộ tịch, Chứng thực",
    "Quầy Lao động – Thương binh và Xã hội",
]
# A ticket number no smaller than a latest call's (callTicket, 56px): read across the room.
READABLE_PX = 56


def many_counters(count: int, idle: frozenset[int] = frozenset()) -> board.QueueStatus:
    """``count`` counters, every fourth with a long name, each serving but the ``idle``."""
    from datetime import timedelta

    from counter_app.queue.demo import DEMO_TIME, _ticket
    from counter_app.sync.queue_wire import CounterStatus

    counters = []
    for number in range(1, count + 1):
        name = LONG_COUNTER_NAMES[number % 3] if number % 4 == 0 else f"Quầy {number}"
        label = f"{'ABCDE'[number % 5]}{100 + number:03d}"
        called = DEMO_TIME - timedelta(seconds=10 * number)
        current = None if number in idle else _ticket(label, number, called, 1)
        counters.append(CounterStatus(number=number, name=name, areas=["A"], current=current))
    calls = [c.current for c in counters if c.current is not None]
    return demo_status().model_copy(update={"counters": counters, "recent_calls": calls})


def on_screen_tickets(window: BoardWindow) -> dict[str, int]:
    """The tickets drawn whole on the TV, with their font's pixel size."""
    from PySide6.QtCore import QPoint, QRect

    screen, shown = window.rect(), {}
    for tile in window.tiles:
        number = tile.ticket
        if not number.isVisible():
            continue
        assert screen.contains(QRect(number.mapTo(window, QPoint()), number.size()))
        assert number.fontMetrics().horizontalAdvance(number.text()) <= number.width()
        shown[number.text()] = number.font().pixelSize()
    return shown


@pytest.mark.parametrize("count", [30, 60, 99])
def test_many_counters_stay_on_the_tv_and_each_ticket_is_read_in_one_page_cycle(
    qtbot: QtBot, count: int
) -> None:
    """With 60 counters the board grew to 1299 pixels high, with 99 to 2019: off the TV's
    edge, and the tiles so squeezed their ticket numbers were not drawn at all. Now the
    tiles keep a readable size and the board pages through the serving counters."""
    status = many_counters(count, idle=frozenset({2, 7}))
    window = BoardWindow(None, None, WARD_NAME)
    assert_each_ticket_is_read_in_one_page_cycle(qtbot, window, status)


def test_a_crowded_board_still_leaves_the_numbers_their_room(qtbot: QtBot) -> None:
    """Offline, under a centre's two-line name, over nine areas: the tiles are shortest,
    and the counters' names on two lines left their numbers 10 pixels high."""
    from counter_app.sync.queue_wire import AreaStatus

    areas = [
        AreaStatus(
            prefix=chr(ord("A") + i), name=name, waiting=i, priority_waiting=0, last_number=i
        )
        for i, name in enumerate(MANY_AREAS)
    ]
    status = many_counters(99).model_copy(update={"areas": areas})
    window = BoardWindow(None, None, LONG_WARD_NAME)
    window.set_online(False)
    assert_each_ticket_is_read_in_one_page_cycle(qtbot, window, status)


def assert_each_ticket_is_read_in_one_page_cycle(
    qtbot: QtBot, window: BoardWindow, status: board.QueueStatus
) -> None:
    qtbot.addWidget(window)
    window.show_status(status)
    window.show()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.tiles[0].ticket.width() > 0)
    assert window.minimumSizeHint().height() <= 1080
    serving = {c.current.label for c in status.counters if c.current is not None}
    seen: dict[str, int] = {}
    for _ in range(window.page_count()):
        assert window.size().toTuple() == (1920, 1080)
        seen |= on_screen_tickets(window)
        window.turn_page()
    assert set(seen) >= serving
    assert min(seen[label] for label in serving) >= READABLE_PX, seen


def test_a_new_call_turns_the_board_to_its_counter_and_idle_ones_are_left_out(
    qtbot: QtBot,
) -> None:
    from counter_app.queue.demo import DEMO_TIME, _ticket

    status = many_counters(99, idle=frozenset({2, 77}))
    window = BoardWindow(None, None, WARD_NAME)
    qtbot.addWidget(window)
    window.show_status(status)
    window.show()
    assert window.page_count() == 5  # 97 serving, twenty a page
    assert window.tiles[1].isHidden()  # "Quầy 2 —" is of no use to anyone waiting
    called = [
        c.model_copy(update={"current": _ticket("A777", 77, DEMO_TIME, 1)}) if c.number == 77 else c
        for c in status.counters
    ]
    calls = [called[76].current, *status.recent_calls]
    window.show_status(status.model_copy(update={"counters": called, "recent_calls": calls}))
    assert window.tiles[76].isVisible() and window.tiles[76].ticket.text() == "A777"
    assert window.page_label.text() == f"Trang {window.page + 1}/5"


def crowded_board(qtbot: QtBot, size: tuple[int, int]) -> BoardWindow:
    """A merged ward's board: eighteen counters, nine areas with their full names."""
    from counter_app.sync.queue_wire import AreaStatus

    areas = [
        AreaStatus(
            prefix=chr(ord("A") + i), name=name, waiting=i, priority_waiting=0, last_number=i
        )
        for i, name in enumerate(LONG_AREAS)
    ]
    status = many_counters(18, idle=frozenset({5, 11})).model_copy(update={"areas": areas})
    window = BoardWindow(None, None, LONG_WARD)
    qtbot.addWidget(window)
    window.show_status(status)
    window.show()
    window.resize(*size)
    QApplication.processEvents()  # laid out again at that size
    assert window.size().toTuple() == size
    return window


# The TVs a ward may hang: 16:9, the 4:3 and 5:4 ones it already has, and standing.
TVS = [(1366, 768), (1920, 1080), (1080, 1920), (1024, 768), (1280, 1024), (1280, 720)]


def tiles_read_before_calls(window: BoardWindow) -> None:
    """Every tile's number whole, and no smaller than the latest calls' (callTicket)."""
    shown = on_screen_tickets(window)
    calls = window.call_rows[0][0].font().pixelSize()
    assert min(shown.values()) >= calls, (shown, calls)


@pytest.mark.parametrize("size", TVS)
def test_a_crowded_ward_fits_the_tv(qtbot: QtBot, size: tuple[int, int]) -> None:
    """Drawn for 1920×1080, the board asked 1344×831 at least: on a ward's 1366×768 TV
    its areas went past the bottom edge, the latest calls were drawn over each other and
    the areas' and counters' names were cut. Its letters now shrink until all fits.
    Standing (1080×1920), five tiles shared the width with the latest calls, a counter's
    name took four lines and was cut: the calls now go under the counters. On a 1024×768
    or a 1280×1024 TV the tiles took the width the calls left: long names were cut and
    the numbers smaller than the calls' (24 pixels beside 31): a tile is now as wide, at
    the board's scale, as it is on a 1920×1080 TV."""
    window = crowded_board(qtbot, size)
    tiles_read_before_calls(window)
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    header, calls = window.ward.parentWidget(), window.call_rows[0][0].parentWidget()
    boxes = [box for box, _, _ in window.area_boxes]
    in_sight(window, [header, *window.tiles, calls, window.waiting_title, *boxes])
    in_sight(header, [window.ward, window.date, window.time])
    in_sight(calls, [label for row in window.call_rows for label in row])
    whole(window.ward)
    for tile in window.tiles:
        if tile.isVisible():
            whole(tile.title)
    for box, name, count in window.area_boxes:
        in_sight(box, [name, count])
        whole(name)


def test_a_standing_tv_shows_the_counters_four_rows_a_page(qtbot: QtBot) -> None:
    """Standing, the ward's name on six lines beside the date and the time, the latest
    calls one a row and the areas beside their heading left the counters one row of
    four: sixteen serving counters took four pages."""
    window = crowded_board(qtbot, (1080, 1920))
    assert window.page_count() == 1
    shown = on_screen_tickets(window)
    assert len(shown) == 16 and min(shown.values()) >= READABLE_PX, shown


@pytest.mark.parametrize("size", TVS)
def test_a_counters_own_name_stays_on_one_line(qtbot: QtBot, size: tuple[int, int]) -> None:
    """On a 1366×768 TV the demo ward's letters are big and its tiles narrow: each tile
    read "Quầy" over "1", as if two names. A name that fits one line in letters at least
    three quarters as big is written on one line. On a 1024×768 TV the tiles were 93
    pixels wide: "Quầy" was cut at both edges, the numbers 20 pixels beside calls at 50."""
    from PySide6.QtGui import QFontMetrics

    window = BoardWindow(None, None, WARD_NAME)
    qtbot.addWidget(window)
    window.show_status(demo_status())
    window.show()
    window.resize(*size)
    QApplication.processEvents()
    for tile in (tile for tile in window.tiles if tile.isVisible()):
        metrics = QFontMetrics(tile.title.font())
        assert metrics.horizontalAdvance(tile.title.text()) <= tile.title.width(), (
            tile.title.text(),
            tile.title.font().pixelSize(),
        )
        whole(tile.title)
    tiles_read_before_calls(window)


@pytest.mark.parametrize(
    ("size", "call_px"), [((1024, 768), 31), ((1280, 1024), 39), ((1366, 768), 42)]
)
def test_the_margins_shrink_with_the_letters(
    qtbot: QtBot, size: tuple[int, int], call_px: int
) -> None:
    """The board shrank its letters but not its margins and spacings: the tiles' width
    took from the letters what the gaps kept, and a merged ward's board on a 1024×768 TV
    was at half size (calls at 28 pixels), at 0.65 on 1366×768 and 1280×1024 ones."""
    window = crowded_board(qtbot, size)
    assert window.call_rows[0][0].font().pixelSize() == call_px
    tiles_read_before_calls(window)
    for tile in window.tiles:
        if tile.isVisible():
            whole(tile.title)
