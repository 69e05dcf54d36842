"""The status machine through the service: history, events, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.clock import FakeClock
from counter_app.domain.dossiers import NATIONAL_STATUS, Status
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception
from counter_app.storage import events


@pytest.fixture
def code(services: Services) -> str:
    return services.reception.receive(parse_reception(EXAMPLE_RECEPTION), "admin").code


def test_full_path_to_returned(services: Services, clock: FakeClock, code: str) -> None:
    for target in (Status.IN_PROCESSING, Status.RESULT_READY, Status.RETURNED):
        clock.advance(timedelta(minutes=30))
        services.dossiers.change_status(code, target, "", "admin")
    dossier = services.dossiers.get(code)
    assert dossier.status is Status.RETURNED
    assert dossier.national_status == 10
    assert [h.to_status for h in dossier.history] == [
        Status.RECEIVED,
        Status.IN_PROCESSING,
        Status.RESULT_READY,
        Status.RETURNED,
    ]
    assert [h.at.strftime("%H:%M") for h in dossier.history] == ["09:00", "09:30", "10:00", "10:30"]
    types = [e.type for e in events.for_aggregate(services.db, dossier.id)]
    assert types == ["dossier.received"] + ["dossier.status_changed"] * 3


def test_supplement_request_needs_what_is_missing(services: Services, code: str) -> None:
    with pytest.raises(DomainError) as error:
        services.dossiers.change_status(code, Status.SUPPLEMENT_REQUESTED, "  ", "admin")
    assert error.value.code == "status_reason_required"
    dossier = services.dossiers.change_status(
        code, Status.SUPPLEMENT_REQUESTED, "Thiếu bản chính Giấy khai sinh", "admin"
    )
    assert dossier.history[-1].reason == "Thiếu bản chính Giấy khai sinh"


def test_finished_dossiers_do_not_move(services: Services, code: str) -> None:
    services.dossiers.change_status(code, Status.WITHDRAWN, "Công dân xin rút", "admin")
    with pytest.raises(DomainError) as error:
        services.dossiers.change_status(code, Status.IN_PROCESSING, "", "admin")
    assert error.value.code == "status_transition_invalid"
    assert len(services.dossiers.get(code).history) == 2


def test_every_state_has_a_national_code() -> None:
    assert set(NATIONAL_STATUS) == set(Status)
    assert NATIONAL_STATUS[Status.REFUSED] == 3
    assert NATIONAL_STATUS[Status.SUPPLEMENT_REQUESTED] == 5
    assert NATIONAL_STATUS[Status.STOPPED] == 8


def test_a_refusal_is_at_the_counter_and_a_stop_comes_later(services: Services, code: str) -> None:
    """Form 03 refuses a dossier before it is handled (national 3, "không được tiếp
    nhận"); form 05 stops one being handled (national 8, "dừng xử lý")."""
    with pytest.raises(DomainError) as too_early:
        services.dossiers.change_status(code, Status.STOPPED, "Giấy tờ giả", "admin")
    assert too_early.value.code == "status_transition_invalid"
    services.dossiers.change_status(code, Status.IN_PROCESSING, "", "admin")
    with pytest.raises(DomainError) as too_late:
        services.dossiers.change_status(code, Status.REFUSED, "Sai thẩm quyền", "admin")
    assert too_late.value.code == "status_transition_invalid"
    with pytest.raises(DomainError) as no_reason:
        services.dossiers.change_status(code, Status.STOPPED, " ", "admin")
    assert no_reason.value.code == "status_reason_required"
    stopped = services.dossiers.change_status(code, Status.STOPPED, "Giấy tờ giả", "admin")
    assert (stopped.status, stopped.national_status) == (Status.STOPPED, 8)
    assert stopped.history[-1].reason == "Giấy tờ giả"
    with pytest.raises(DomainError) as final:
        services.dossiers.change_status(code, Status.IN_PROCESSING, "", "admin")
    assert final.value.code == "status_transition_invalid"


def test_a_dossier_waiting_for_documents_can_be_stopped(services: Services, code: str) -> None:
    services.dossiers.change_status(code, Status.SUPPLEMENT_REQUESTED, "Thiếu bản chính", "admin")
    stopped = services.dossiers.change_status(
        code, Status.STOPPED, "Không bổ sung trong thời hạn", "admin"
    )
    assert stopped.national_status == 8


def test_unknown_and_malformed_codes(services: Services) -> None:
    with pytest.raises(DomainError) as error:
        services.dossiers.get("000.00.00.Z99-261123-9999")
    assert error.value.code == "dossier_not_found"
    with pytest.raises(DomainError) as error:
        services.dossiers.get("not a code")
    assert error.value.code == "dossier_code_invalid"
