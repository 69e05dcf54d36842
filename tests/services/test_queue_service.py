"""The counter's desk at the ward's queue, against a real server process (SQLite)."""

from __future__ import annotations

import json

import pytest

from counter_app.app import Services
from counter_app.domain.errors import DomainError
from counter_app.services.queue import (
    DEFAULT_SCALE,
    QueueDesk,
    refusal,
)
from tests.central.fixtures import ServerFactory
from tests.central.server import CentralServer
from tests.central.sync_helpers import WARD_A, add_ward, issue_code, sql

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def central(server: ServerFactory) -> CentralServer:
    one = server()
    add_ward(one, WARD_A)
    return one


@pytest.fixture
def desk(services: Services, central: CentralServer) -> QueueDesk:
    services.sync.enrol(central.url, issue_code(central, WARD_A), "quay-1")
    assert services.queue.enabled()
    return services.queue.desk("can.bo.lan")


def take(desk: QueueDesk, area: str = "A") -> str:
    with desk.client() as client:
        return client.take(area).ticket.label


def stored(central: CentralServer, label: str) -> tuple[str, str | None, str | None]:
    ((state, dossier, procedure),) = sql(
        central,
        "SELECT state, dossier_code, procedure_code FROM queue_tickets WHERE label = :label",
        label=label,
    )
    return state, dossier, procedure


def test_not_enrolled_has_no_queue(services: Services) -> None:
    assert not services.queue.enabled()
    with pytest.raises(DomainError) as refused:
        services.queue.desk("admin")
    assert refused.value.code == "queue_not_enrolled"


@SQLITE
def test_call_recall_and_finish_with_the_reception(desk: QueueDesk, central: CentralServer) -> None:
    assert desk.counter == 1
    first, _second = take(desk), take(desk)
    assert desk.link_reception("D-1", "P1") is None  # nobody at the counter yet
    answer = desk.call_next()
    assert answer.ticket is not None and answer.ticket.label == first
    assert answer.ticket.officer == "can.bo.lan"
    assert desk.recall().calls == 2
    assert desk.link_reception("000.00.01.H26-261123-1000", "1.001022") == first
    assert desk.link_reception("another", "P2") == first  # the first reception stays
    done = desk.finish()
    assert done.dossier_code == "000.00.01.H26-261123-1000"
    assert stored(central, first) == ("done", "000.00.01.H26-261123-1000", "1.001022")
    assert desk.current is None and desk.link is None


@SQLITE
def test_calling_the_next_finishes_the_current_with_its_reception(
    desk: QueueDesk, central: CentralServer
) -> None:
    first, second = take(desk), take(desk)
    desk.call_next()
    desk.link_reception("D-42", "1.000894")
    answer = desk.call_next()
    assert answer.ticket is not None and answer.ticket.label == second
    assert answer.finished is not None and answer.finished.label == first
    assert stored(central, first) == ("done", "D-42", "1.000894")
    rated = desk.rate(first, "khong_hai_long", "Chờ lâu")
    assert (rated.rating, rated.rating_reason) == ("khong_hai_long", "Chờ lâu")


@SQLITE
def test_refusals_become_codes_for_the_officer(desk: QueueDesk, central: CentralServer) -> None:
    with pytest.raises(DomainError) as refused:
        desk.skip()
    assert refused.value.code == "queue_no_current"
    take(desk)
    desk.call_next()
    desk.start()
    with pytest.raises(DomainError) as refused:
        desk.skip()
    assert refused.value.code == "queue_skip_serving"
    with pytest.raises(DomainError) as refused:
        desk.transfer(to_area="Z")
    assert refused.value.code == "queue_no_area"
    central.kill()
    with pytest.raises(DomainError) as refused:
        desk.call_next()
    assert refused.value.code == "queue_offline"
    assert "Traceback" not in refused.value.message


def test_an_unknown_conflict_is_a_generic_refusal() -> None:
    assert refusal("queue_conflict", "something new").code == "queue_refused"
    assert refusal("token_revoked", "revoked").code == "queue_not_allowed"


def test_the_rating_scale_is_configurable(services: Services) -> None:
    assert services.queue.rating_scale() == DEFAULT_SCALE
    assert [c.key for c in DEFAULT_SCALE.choices][-1] == "khong_hai_long"
    scale = {
        "choices": [
            {"key": "tot", "label": "Tốt"},
            {"key": "chua_tot", "label": "Chưa tốt", "unhappy": True},
        ],
        "reasons": ["Chờ lâu"],
    }
    services.queue.set_rating_scale(json.dumps(scale), "admin")
    stored_scale = services.queue.rating_scale()
    assert [c.label for c in stored_scale.choices] == ["Tốt", "Chưa tốt"]
    assert stored_scale.choice("chua_tot").unhappy


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"choices": []}',
        '{"choices": [{"key": "A B", "label": "x"}, {"key": "b", "label": "y"}]}',
        '{"choices": [{"key": "a", "label": "x"}, {"key": "a", "label": "y"}]}',
        '{"choices": [{"key": "a", "label": " "}, {"key": "b", "label": "y"}]}',
        '{"choices": [{"key": "a", "label": "' + "x" * 41 + '"}, {"key": "b", "label": "y"}]}',
    ],
)
def test_a_bad_scale_is_refused(services: Services, text: str) -> None:
    with pytest.raises(DomainError) as refused:
        services.queue.set_rating_scale(text, "admin")
    assert refused.value.code == "rating_scale_invalid"
    assert services.queue.rating_scale() == DEFAULT_SCALE
