"""The fee engine: amounts here are worked out by hand from DOMAIN.md §5, not by the code."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeLine, FeeRequest, FeeSchedule

EXEMPTIONS = [
    {"code": "poor_household", "label": "Hộ nghèo"},
    {"code": "disability", "label": "Người khuyết tật"},
    {"code": "merit_family", "label": "Gia đình có công với cách mạng"},
]
CERTIFIED_COPY = FeeSchedule.from_data(
    {
        "rules": [
            {
                "id": "per_page",
                "label": "Lệ phí chứng thực bản sao",
                "kind": "per_page",
                "amount": 2000,
                "first_pages": 2,
                "later_amount": 1000,
                "cap_per_copy": 200_000,
            }
        ]
    }
)
RESIDENCE = FeeSchedule.from_data(
    {
        "rules": [
            {
                "id": "online",
                "label": "Lệ phí đăng ký thường trú (trực tuyến)",
                "kind": "flat",
                "amount": 10_000,
                "group": "fee",
                "when": {"channel": "online"},
            },
            {
                "id": "direct",
                "label": "Lệ phí đăng ký thường trú",
                "kind": "flat",
                "amount": 20_000,
                "group": "fee",
            },
        ],
        "exemptions": EXEMPTIONS,
    }
)
CIVIL_STATUS_CHANGE = FeeSchedule.from_data(
    {
        "rules": [
            {
                "id": "child",
                "label": "Lệ phí (dưới 14 tuổi)",
                "kind": "flat",
                "amount": 5000,
                "group": "fee",
                "when": {"age_below": 14},
            },
            {
                "id": "adult",
                "label": "Lệ phí",
                "kind": "flat",
                "amount": 25_000,
                "group": "fee",
                "when": {"age_at_least": 14},
            },
        ]
    }
)
BIRTH = FeeSchedule.from_data(
    {
        "rules": [
            {
                "id": "late",
                "label": "Lệ phí đăng ký khai sinh quá hạn",
                "kind": "flat",
                "amount": 5000,
                "group": "fee",
                "when": {"late": True},
            },
            {
                "id": "on_time",
                "label": "Đăng ký khai sinh đúng hạn",
                "kind": "free",
                "group": "fee",
            },
        ],
        "exemptions": EXEMPTIONS,
    }
)
EXTRACT_COPIES = FeeSchedule.from_data(
    {
        "rules": [
            {"id": "copy", "label": "Phí bản sao trích lục", "kind": "per_copy", "amount": 8000}
        ]
    }
)


def error_of(schedule: FeeSchedule, request: FeeRequest) -> DomainError:
    with pytest.raises(DomainError) as caught:
        schedule.quote(request)
    return caught.value


@pytest.mark.parametrize(
    ("pages", "total"),
    [
        (1, 2000),
        (2, 4000),
        (3, 5000),  # 2 × 2,000 + 1 × 1,000
        (10, 12_000),  # 2 × 2,000 + 8 × 1,000
        (198, 200_000),  # 2 × 2,000 + 196 × 1,000: exactly the cap
        (199, 200_000),  # 201,000 capped
        (250, 200_000),  # 2 × 2,000 + 248 × 1,000 = 252,000 capped
        (10_000, 200_000),
    ],
)
def test_certified_copy_per_page_with_cap(pages: int, total: int) -> None:
    assert CERTIFIED_COPY.quote(FeeRequest(pages=pages)).total == total


def test_certified_copy_multiplies_the_capped_price_by_copies() -> None:
    quote = CERTIFIED_COPY.quote(FeeRequest(pages=250, copies=3))
    assert quote.total == 600_000
    assert quote.lines == (FeeLine("per_page", "Lệ phí chứng thực bản sao", 3, 200_000, 600_000),)
    assert CERTIFIED_COPY.quote(FeeRequest(pages=3, copies=2)).total == 10_000


def test_pages_are_required_when_the_fee_counts_them() -> None:
    assert error_of(CERTIFIED_COPY, FeeRequest()).code == "fee_pages_required"


@pytest.mark.parametrize("pages", [0, -1, 10_001])
def test_impossible_page_counts_are_refused(pages: int) -> None:
    assert error_of(CERTIFIED_COPY, FeeRequest(pages=pages)).code == "fee_pages_invalid"


@pytest.mark.parametrize("copies", [0, -2, 1001])
def test_impossible_copy_counts_are_refused(copies: int) -> None:
    error = error_of(EXTRACT_COPIES, FeeRequest(copies=copies))
    assert error.code == "fee_copies_invalid"
    assert error.params["value"] == copies


def test_per_copy() -> None:
    assert EXTRACT_COPIES.quote(FeeRequest(copies=3)).total == 24_000
    assert EXTRACT_COPIES.quote(FeeRequest()).total == 8000


def test_pages_are_ignored_where_the_fee_does_not_count_them() -> None:
    assert EXTRACT_COPIES.quote(FeeRequest(pages=40)).total == 8000


@pytest.mark.parametrize(
    ("channel", "total"),
    [(Channel.DIRECT, 20_000), (Channel.ONLINE, 10_000), (Channel.POSTAL, 20_000)],
)
def test_residence_fee_depends_on_channel(channel: Channel, total: int) -> None:
    quote = RESIDENCE.quote(FeeRequest(channel=channel))
    assert quote.total == total
    assert len(quote.lines) == 1  # only the first matching rule of the group


def test_civil_status_change_depends_on_age() -> None:
    assert CIVIL_STATUS_CHANGE.quote(FeeRequest(age=13)).total == 5000
    assert CIVIL_STATUS_CHANGE.quote(FeeRequest(age=14)).total == 25_000
    assert CIVIL_STATUS_CHANGE.quote(FeeRequest(age=0)).total == 5000


def test_age_is_required_when_the_fee_depends_on_it() -> None:
    assert error_of(CIVIL_STATUS_CHANGE, FeeRequest()).code == "fee_age_required"
    assert error_of(CIVIL_STATUS_CHANGE, FeeRequest(age=-1)).code == "fee_age_invalid"
    assert error_of(CIVIL_STATUS_CHANGE, FeeRequest(age=200)).code == "fee_age_invalid"


def test_late_birth_registration_costs_5000_and_on_time_is_free() -> None:
    late = BIRTH.quote(FeeRequest(late=True))
    assert late.total == 5000
    assert [line.rule_id for line in late.lines] == ["late"]
    on_time = BIRTH.quote(FeeRequest())
    assert on_time.total == 0
    assert on_time.lines == (FeeLine("on_time", "Đăng ký khai sinh đúng hạn", 1, 0, 0),)


def test_exemption_waives_the_fee_and_keeps_what_it_would_have_been() -> None:
    quote = RESIDENCE.quote(FeeRequest(exemption="poor_household"))
    assert quote.total == 0
    assert quote.exempted_by == "poor_household"
    assert quote.lines == (
        FeeLine("direct", "Lệ phí đăng ký thường trú", 1, 20_000, 20_000),
        FeeLine("exemption:poor_household", "Hộ nghèo", 1, -20_000, -20_000),
    )
    assert sum(line.amount for line in quote.lines) == quote.total


def test_exemption_on_a_late_registration() -> None:
    quote = BIRTH.quote(FeeRequest(late=True, exemption="disability"))
    assert (quote.total, quote.exempted_by) == (0, "disability")
    assert quote.lines[-1].label == "Người khuyết tật"


@pytest.mark.parametrize("code", ["rich_household", "", "POOR_HOUSEHOLD"])
def test_unknown_exemption_is_refused(code: str) -> None:
    error = error_of(RESIDENCE, FeeRequest(exemption=code))
    assert error.code == "fee_exemption_unknown"
    assert error.params["exemption"] == code


def test_exemption_not_listed_for_the_procedure_is_refused() -> None:
    assert error_of(EXTRACT_COPIES, FeeRequest(exemption="poor_household")).code == (
        "fee_exemption_unknown"
    )


def test_a_request_no_rule_matches_is_refused_not_priced_zero() -> None:
    online_only = FeeSchedule.from_data(
        {
            "rules": [
                {
                    "id": "o",
                    "label": "Trực tuyến",
                    "kind": "flat",
                    "amount": 1,
                    "when": {"channel": "online"},
                }
            ]
        }
    )
    assert error_of(online_only, FeeRequest()).code == "fee_no_rule"


def test_rules_without_a_group_add_up() -> None:
    schedule = FeeSchedule.from_data(
        {
            "rules": [
                {"id": "base", "label": "Lệ phí", "kind": "flat", "amount": 50_000},
                {
                    "id": "post",
                    "label": "Cước bưu chính",
                    "kind": "flat",
                    "amount": 22_000,
                    "when": {"channel": "postal"},
                },
            ]
        }
    )
    assert schedule.quote(FeeRequest()).total == 50_000
    assert schedule.quote(FeeRequest(channel=Channel.POSTAL)).total == 72_000


def test_what_the_form_must_ask() -> None:
    assert CERTIFIED_COPY.needs_pages() and CERTIFIED_COPY.depends_on_copies()
    assert not CERTIFIED_COPY.depends_on_age()
    assert EXTRACT_COPIES.depends_on_copies() and not EXTRACT_COPIES.needs_pages()
    assert CIVIL_STATUS_CHANGE.depends_on_age() and not CIVIL_STATUS_CHANGE.depends_on_copies()
    assert not RESIDENCE.needs_pages() and not RESIDENCE.depends_on_age()


@pytest.mark.parametrize(
    "schedule", [CERTIFIED_COPY, RESIDENCE, CIVIL_STATUS_CHANGE, BIRTH, EXTRACT_COPIES]
)
def test_round_trip(schedule: FeeSchedule) -> None:
    assert FeeSchedule.from_data(schedule.to_data()) == schedule


def test_labels_are_stored_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Lệ phí  chứng thực ")
    schedule = FeeSchedule.from_data(
        {
            "rules": [{"id": "a", "label": nfd, "kind": "flat", "amount": 1}],
            "exemptions": [
                {"code": "poor_household", "label": unicodedata.normalize("NFD", "Hộ nghèo")}
            ],
        }
    )
    assert schedule.rules[0].label == "Lệ phí chứng thực"
    assert schedule.exemptions[0].label == unicodedata.normalize("NFC", "Hộ nghèo")


def rule(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "copy_fee",
        "label": "Lệ phí chứng thực bản sao",
        "kind": "per_page",
        "amount": 2000,
        "first_pages": 2,
        "later_amount": 1000,
        "cap_per_copy": 200_000,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


@pytest.mark.parametrize(
    "bad",
    [
        rule(amount=-2000),
        rule(later_amount=-1),
        rule(amount=None),  # missing parameter
        rule(first_pages=None),  # first_pages without later_amount
        rule(later_amount=None),
        rule(first_pages=0),
        rule(kind="per_sheet"),
        rule(kind=None),
        rule(cap_per_copy=1500),  # below the price of one page
        rule(amount=2000.0),  # money is never a float
        rule(amount="2000"),
        rule(amount=True),
        rule(amount=10**12),
        rule(ammount=2000),  # misspelt key
        rule(label=""),
        rule(label=None),
        rule(label=42),
        rule(when={"channel": "fax"}),
        rule(when={"channel": ["online"]}),
        rule(when={"age_under": 14}),
        rule(when={"age_below": -1}),
        rule(when={"age_below": 14.5}),
        rule(when={"late": "yes"}),
        rule(when=["late"]),
        rule(group=7),
        rule(kind="free", first_pages=None, later_amount=None, cap_per_copy=None),  # has amount
        rule(kind="unset", first_pages=None, later_amount=None, cap_per_copy=None),  # has amount
        rule(kind="unset", amount=None),  # page parameters on an unset rule
        # 0 đ is not a fee: "free" says free, "unset" says not known yet.
        rule(kind="flat", amount=0, first_pages=None, later_amount=None, cap_per_copy=None),
        rule(kind="per_copy", amount=0, first_pages=None, later_amount=None, cap_per_copy=None),
        rule(amount=0),
        rule(later_amount=0),
        rule(kind="flat", first_pages=None, later_amount=None),  # cap on a flat rule
        rule(id="Copy Fee"),
    ],
)
def test_malformed_rules_are_refused_naming_the_rule(bad: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as caught:
        FeeSchedule.from_data({"rules": [bad]})
    assert caught.value.code == "fee_rule_invalid"
    assert caught.value.params["rule_id"] == bad["id"]
    assert bad["id"] in caught.value.message


def test_rule_without_an_id_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        FeeSchedule.from_data({"rules": [rule(id=None)]})
    assert caught.value.code == "fee_rule_invalid"


def test_duplicate_rule_ids_are_refused() -> None:
    with pytest.raises(DomainError) as caught:
        FeeSchedule.from_data({"rules": [rule(), rule()]})
    assert (caught.value.code, caught.value.params["rule_id"]) == ("fee_rule_invalid", "copy_fee")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"rules": []}, "fee_schedule_invalid"),
        ({}, "fee_schedule_invalid"),
        ([rule()], "fee_schedule_invalid"),
        ({"rules": "flat"}, "fee_schedule_invalid"),
        ({"rules": [rule()], "discounts": []}, "fee_schedule_invalid"),
        ({"rules": [rule()], "exemptions": "poor"}, "fee_exemption_invalid"),
        ({"rules": [rule()], "exemptions": [{"code": "poor"}]}, "fee_exemption_invalid"),
        (
            {"rules": [rule()], "exemptions": [{"code": "Hộ nghèo", "label": "x"}]},
            "fee_exemption_invalid",
        ),
        (
            {"rules": [rule()], "exemptions": [{"code": "a", "label": "x", "why": ""}]},
            "fee_exemption_invalid",
        ),
        (
            {"rules": [rule()], "exemptions": [EXEMPTIONS[0], EXEMPTIONS[0]]},
            "fee_exemption_invalid",
        ),
        ({"rules": [rule()], "exemptions": ["poor_household"]}, "fee_exemption_invalid"),
    ],
)
def test_malformed_schedules_are_refused(data: Any, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        FeeSchedule.from_data(data)
    assert caught.value.code == code


NOT_SET = FeeSchedule.from_data(
    {
        "rules": [
            {
                "id": "late",
                "label": "Lệ phí quá hạn",
                "kind": "flat",
                "amount": 5000,
                "group": "fee",
                "when": {"late": True},
            },
            {
                "id": "fee",
                "label": "Lệ phí đăng ký nhận cha, mẹ, con",
                "kind": "unset",
                "group": "fee",
            },
            {"id": "copy", "label": "Bản sao trích lục", "kind": "per_copy", "amount": 8000},
        ],
        "exemptions": EXEMPTIONS,
    }
)


def test_a_fee_not_set_has_no_total_and_names_what_is_missing() -> None:
    quote = NOT_SET.quote(FeeRequest(copies=2))
    assert quote.total is None
    assert not quote.determined
    assert quote.unset == ("Lệ phí đăng ký nhận cha, mẹ, con",)
    # What is known is still listed, but no total pretends to be the fee.
    assert [line.rule_id for line in quote.lines] == ["copy"]


def test_a_rule_with_an_amount_in_the_same_group_wins_where_it_applies() -> None:
    quote = NOT_SET.quote(FeeRequest(late=True))
    assert quote.total == 5000 + 8000
    assert quote.unset == ()


def test_an_exemption_waives_even_a_fee_not_set() -> None:
    quote = NOT_SET.quote(FeeRequest(exemption="poor_household"))
    assert quote.total == 0
    assert quote.exempted_by == "poor_household"
    assert sum(line.amount for line in quote.lines) == 0


def test_unset_rules_are_listed_and_round_trip() -> None:
    assert [r.id for r in NOT_SET.unset_rules()] == ["fee"]
    assert FeeSchedule.from_data(NOT_SET.to_data()) == NOT_SET
    assert "amount" not in NOT_SET.to_data()["rules"][1]
