"""Typed identity that cannot exist on the day of receipt is refused, the field named.

The service's fake clock stands at Monday 23/11/2026 09:00. All people are synthetic.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from counter_app.app import Services
from counter_app.cli import EXAMPLE_RECEPTION
from counter_app.domain.errors import DomainError
from counter_app.domain.reception import parse_reception


def document(applicant: dict[str, Any], **changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(EXAMPLE_RECEPTION)
    doc["applicant"].update(applicant)
    doc.update(changes)
    return doc


def refused(services: Services, doc: dict[str, Any]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        services.reception.receive(parse_reception(doc), "admin")
    assert services.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    return caught.value


def test_a_birth_date_after_the_day_of_receipt_is_refused(services: Services) -> None:
    error = refused(services, document({"id_number": None, "birth_date": "2026-11-24"}))
    assert error.code == "person_birth_in_future"
    assert error.params["field"] == "applicant.birth_date"
    assert error.message.startswith("applicant.birth_date: ")


def test_born_on_the_day_of_receipt_is_possible(services: Services) -> None:
    doc = document({"id_number": None, "birth_date": "2026-11-23"})
    assert services.reception.receive(parse_reception(doc), "admin").code


def test_the_day_of_receipt_is_the_one_given_not_today(services: Services) -> None:
    doc = document({"id_number": None, "birth_date": "2026-01-01"}, received_at="2025-11-24T09:00")
    assert refused(services, doc).params["field"] == "applicant.birth_date"


@pytest.mark.parametrize("number", ["001227123456", "001405123456", "079999000001"])
def test_an_id_number_of_a_year_still_to_come_is_refused(services: Services, number: str) -> None:
    error = refused(services, document({"id_number": number, "birth_date": None, "gender": None}))
    assert error.code == "id_birth_year_future"
    assert error.params["field"] == "applicant.id_number"
    assert error.params["year"] == 2026


def test_an_id_number_of_this_year_is_possible(services: Services) -> None:
    doc = document({"id_number": "001226123456", "birth_date": "2026-01-02"})
    assert services.reception.receive(parse_reception(doc), "admin").applicant.id_number


def test_the_delegate_is_checked_too(services: Services) -> None:
    delegate = {"full_name": "Trần Văn Bình", "birth_date": "2027-01-01"}
    error = refused(services, document({}, delegate=delegate))
    assert error.params["field"] == "delegate.birth_date"
