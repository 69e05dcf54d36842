"""Several server processes on one database: every event once, whoever wins the race."""

from __future__ import annotations

from collections import Counter as Tally
from concurrent.futures import ThreadPoolExecutor

import pytest

from counter_app.sync.wire import PushResponse
from tests.central.fixtures import ServerFactory
from tests.central.sync_helpers import WARD_A, Counter, add_ward, issue_code, stored_events


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_same_batches_pushed_through_two_processes_are_stored_once(
    server: ServerFactory, workers: str
) -> None:
    one = server("--workers", workers)
    add_ward(one, WARD_A)
    other = server("--workers", workers, db=one.db)
    devices = [Counter(one.url) for _ in range(3)]
    for device in devices:
        assert device.enrol(issue_code(one, WARD_A)).status_code == 200
        for _ in range(300):
            device.receive_next()
    attempts = [
        (device, url, start)
        for device in devices
        for start in range(0, 300, 100)
        for url in (one.url, other.url, one.url, other.url)
    ]

    def push(device: Counter, url: str, start: int) -> int:
        # Each batch from its start to the end: the later ones repeat what others sent.
        pusher = Counter(url, device_id=device.device_id, token=device.token)
        response = pusher.push(device.log[start:])
        assert response.status_code == 200, response.text
        return PushResponse.model_validate_json(response.content).acked_through

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda attempt: push(*attempt), attempts))
    # A batch from seq 1 is stored or repeats what is: all 300 held. A later one may find
    # a gap (its start not reached yet) and answers the head it found.
    for (_device, _url, start), acked in zip(attempts, answers, strict=True):
        assert acked == 300 if start == 0 else 0 <= acked <= 300
    stored = stored_events(one)
    assert len(stored) == 900
    assert Tally((device, seq) for device, seq, _ in stored).most_common(1)[0][1] == 1
    for device in devices:
        final = Counter(other.url, device_id=device.device_id, token=device.token)
        assert PushResponse.model_validate_json(final.push(device.log).content).acked_through == 300
