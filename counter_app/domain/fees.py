"""Fee engine: what a dossier costs, from rules an administrator can edit.

Fees (phí, lệ phí) are set by provinces and change often, so they are data, not code
(DOMAIN.md §5). Money is integer đồng everywhere; a float never touches it.

A procedure's fee schedule is a JSON object::

    {
      "rules": [
        {"id": "late", "label": "Lệ phí đăng ký khai sinh quá hạn", "kind": "flat",
         "amount": 5000, "group": "registration", "when": {"late": true}},
        {"id": "on_time", "label": "Đăng ký khai sinh đúng hạn", "kind": "free",
         "group": "registration"}
      ],
      "exemptions": [{"code": "poor_household", "label": "Hộ nghèo"}]
    }

Rule kinds and their parameters (amounts are whole đồng, at least 1):

- ``"free"``: no parameters; 0 đ, stated explicitly for procedures free by law.
- ``"unset"``: no parameters; the fee exists but this unit has not set its amount yet
  (fees are set by each province). A quote that needs such a rule has no total: the
  fee is "not determined", never 0 đ, so nothing prints it as free or asks for a
  transfer. An administrator replaces the rule by an amount (a new catalogue version).
- ``"flat"``: ``amount`` per case.
- ``"per_copy"``: ``amount`` × copies.
- ``"per_page"``: per copy, ``amount`` for each of the first ``first_pages`` pages and
  ``later_amount`` for each page after them (both optional, together; without them
  every page costs ``amount``), capped at ``cap_per_copy`` (optional); then × copies.

Every rule may have a ``note`` (printed with the line), a ``group`` and a ``when`` object
of conditions, all of which must hold: ``"channel"`` (``"direct"``, ``"online"``,
``"postal"``), ``"age_below"``, ``"age_at_least"`` (whole years) and ``"late"``
(``true``/``false``). Rules without a group apply whenever their conditions hold; of the
rules sharing a group only the first that matches applies, which expresses "10,000 đ
online, otherwise 20,000 đ". A request that no rule matches is refused rather than
quoted 0 đ, and an amount of 0 is refused in a rule: a free case must be said with a
``"free"`` rule, an unknown amount with an ``"unset"`` one.

Exemptions waive the whole fee. The quote then still lists what would have been
charged, followed by one line with ``rule_id`` ``"exemption:<code>"``, the exemption's
label and the negative subtotal, so that ``total`` is always the sum of the lines
(0 đ here) and the receipt shows both the fee and why it was not taken.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeGuard

from counter_app.domain.errors import DomainError
from counter_app.domain.records import field, record
from counter_app.domain.text import clean

MAX_AMOUNT = 100_000_000  # đồng; far above any counter fee, catches typos of extra zeros
MAX_PAGES = 10_000
MAX_COPIES = 1_000
MAX_AGE = 150
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


class Channel(StrEnum):
    """How the dossier was received: national receive channels 1, 2 and 3."""

    DIRECT = "direct"
    ONLINE = "online"
    POSTAL = "postal"


class FeeKind(StrEnum):
    """How a rule computes its amount (see the module docstring)."""

    FREE = "free"
    UNSET = "unset"
    FLAT = "flat"
    PER_COPY = "per_copy"
    PER_PAGE = "per_page"


_PARAMS: dict[FeeKind, frozenset[str]] = {
    FeeKind.FREE: frozenset(),
    FeeKind.UNSET: frozenset(),
    FeeKind.FLAT: frozenset({"amount"}),
    FeeKind.PER_COPY: frozenset({"amount"}),
    FeeKind.PER_PAGE: frozenset({"amount", "first_pages", "later_amount", "cap_per_copy"}),
}
_COMMON = frozenset({"id", "label", "kind", "note", "group", "when"})
_WHEN_KEYS = frozenset({"channel", "age_below", "age_at_least", "late"})
_CHANNELS = [str(channel) for channel in Channel]


@record(frozen=True)
class FeeRequest:
    """The facts of one dossier that its fee can depend on."""

    pages: int | None = None  # pages per copy (certified copies)
    copies: int = 1
    channel: Channel = Channel.DIRECT
    age: int | None = None  # applicant age in whole years
    late: bool = False  # registered after the legal deadline
    exemption: str | None = None  # code of an exemption of the schedule


@record(frozen=True)
class FeeLine:
    """One printed line of a quote; ``label`` and ``note`` are catalogue data (NFC)."""

    rule_id: str
    label: str
    quantity: int
    unit_amount: int
    amount: int
    note: str = ""


@record(frozen=True)
class FeeQuote:
    """What to collect: ``total`` is the sum of ``lines``' amounts, or ``None`` when a
    rule that applies has no amount yet (``unset`` holds those rules' labels)."""

    total: int | None
    lines: tuple[FeeLine, ...]
    exempted_by: str | None = None
    unset: tuple[str, ...] = ()

    @property
    def determined(self) -> bool:
        return self.total is not None


@record(frozen=True)
class Conditions:
    """When a rule applies; ``None`` means "whatever the request says"."""

    channel: Channel | None = None
    age_below: int | None = None
    age_at_least: int | None = None
    late: bool | None = None

    def hold(self, request: FeeRequest) -> bool:
        age = request.age or 0  # FeeSchedule.quote insists on an age when a rule reads it
        return (
            (self.channel is None or self.channel == request.channel)
            and (self.late is None or self.late == request.late)
            and (self.age_below is None or age < self.age_below)
            and (self.age_at_least is None or age >= self.age_at_least)
        )

    @property
    def needs_age(self) -> bool:
        return self.age_below is not None or self.age_at_least is not None

    def to_data(self) -> dict[str, Any]:
        data = {
            "channel": None if self.channel is None else str(self.channel),
            "age_below": self.age_below,
            "age_at_least": self.age_at_least,
            "late": self.late,
        }
        return {key: value for key, value in data.items() if value is not None}


@record(frozen=True)
class FeeRule:
    """One line of a fee schedule; invariants are checked however it was built."""

    id: str
    label: str
    kind: FeeKind
    amount: int = 0
    first_pages: int | None = None
    later_amount: int | None = None
    cap_per_copy: int | None = None
    when: Conditions = field(default_factory=Conditions)
    group: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        problem = _rule_problem(self)
        if problem:
            raise _invalid(self.id, problem)
        object.__setattr__(self, "label", clean(self.label))
        object.__setattr__(self, "note", clean(self.note))
        object.__setattr__(self, "group", clean(self.group) if self.group else None)

    def charge(self, request: FeeRequest) -> FeeLine:
        """The line this rule adds to a quote for ``request``."""
        quantity, unit = 1, self.amount
        if self.kind is FeeKind.PER_COPY:
            quantity = request.copies
        elif self.kind is FeeKind.PER_PAGE:
            quantity, unit = request.copies, self.copy_price(request.pages or 0)
        return FeeLine(self.id, self.label, quantity, unit, quantity * unit, self.note)

    def copy_price(self, pages: int) -> int:
        """Price of one copy of ``pages`` pages under a ``per_page`` rule."""
        first = pages if self.first_pages is None else min(pages, self.first_pages)
        later = pages - first
        price = first * self.amount + later * (self.later_amount or 0)
        return price if self.cap_per_copy is None else min(price, self.cap_per_copy)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "label": self.label, "kind": str(self.kind)}
        for name in sorted(_PARAMS[self.kind]):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.group is not None:
            data["group"] = self.group
        if when := self.when.to_data():
            data["when"] = when
        if self.note:
            data["note"] = self.note
        return data


@record(frozen=True)
class Exemption:
    """A reason to waive the fee (poor household, disability, family of merit...)."""

    code: str
    label: str
    note: str = ""

    def __post_init__(self) -> None:
        if not _is_id(self.code):
            raise _exemption_invalid(self.code, "the code must be like poor_household")
        if (
            not isinstance(self.label, str)
            or not isinstance(self.note, str)
            or not clean(self.label)
        ):
            raise _exemption_invalid(self.code, "the label must be non-empty text")
        object.__setattr__(self, "label", clean(self.label))
        object.__setattr__(self, "note", clean(self.note))

    def to_data(self) -> dict[str, Any]:
        data = {"code": self.code, "label": self.label}
        return data | ({"note": self.note} if self.note else {})


@record(frozen=True)
class FeeSchedule:
    """The fee rules of one procedure version and the exemptions it accepts."""

    rules: tuple[FeeRule, ...]
    exemptions: tuple[Exemption, ...] = ()

    def __post_init__(self) -> None:
        if not self.rules:
            raise DomainError("fee_schedule_invalid", "a fee schedule needs at least one rule")
        _refuse_duplicates([rule.id for rule in self.rules], "fee_rule_invalid", "rule_id")
        codes = [exemption.code for exemption in self.exemptions]
        _refuse_duplicates(codes, "fee_exemption_invalid", "exemption")

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FeeSchedule:
        """Build from ``{"rules": [...], "exemptions": [...]}`` (see the module docstring)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
            raise DomainError("fee_schedule_invalid", "fees must be an object with a rules list")
        unknown = set(data) - {"rules", "exemptions"}
        if unknown:
            raise DomainError(
                "fee_schedule_invalid", f"unknown keys {sorted(unknown)}", keys=sorted(unknown)
            )
        exemptions = data.get("exemptions", [])
        if not isinstance(exemptions, list):
            raise DomainError("fee_exemption_invalid", "exemptions must be a list")
        return cls(
            tuple(_parse_rule(rule) for rule in data["rules"]),
            tuple(_parse_exemption(item) for item in exemptions),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "rules": [rule.to_data() for rule in self.rules],
            "exemptions": [exemption.to_data() for exemption in self.exemptions],
        }

    def needs_pages(self) -> bool:
        return any(rule.kind is FeeKind.PER_PAGE for rule in self.rules)

    def depends_on_copies(self) -> bool:
        return any(rule.kind in (FeeKind.PER_COPY, FeeKind.PER_PAGE) for rule in self.rules)

    def depends_on_lateness(self) -> bool:
        """True when registering after the legal deadline changes the fee."""
        return any(rule.when.late is not None for rule in self.rules)

    def depends_on_age(self) -> bool:
        return any(rule.when.needs_age for rule in self.rules)

    def unset_rules(self) -> tuple[FeeRule, ...]:
        """The rules whose amount the unit has not set yet."""
        return tuple(rule for rule in self.rules if rule.kind is FeeKind.UNSET)

    def quote(self, request: FeeRequest) -> FeeQuote:
        """Price ``request``; refuses requests that lack what the rules need.

        An exemption waives the whole fee, so an exempted request is 0 đ even where an
        amount is not set; otherwise an unset rule leaves the total undetermined.
        """
        self._check(request)
        applicable = self._applicable(request)
        if not applicable:
            raise DomainError(
                "fee_no_rule", "no fee rule applies to this request; the schedule has a gap"
            )
        lines = [rule.charge(request) for rule in applicable if rule.kind is not FeeKind.UNSET]
        unset = tuple(rule.label for rule in applicable if rule.kind is FeeKind.UNSET)
        subtotal = sum(line.amount for line in lines)
        exemption = self._exemption(request.exemption)
        if exemption is None:
            return FeeQuote(None if unset else subtotal, tuple(lines), unset=unset)
        waiver = FeeLine(f"exemption:{exemption.code}", exemption.label, 1, -subtotal, -subtotal)
        return FeeQuote(0, (*lines, waiver), exemption.code)

    def _applicable(self, request: FeeRequest) -> list[FeeRule]:
        seen_groups: set[str] = set()
        chosen = []
        for rule in self.rules:
            if rule.group in seen_groups or not rule.when.hold(request):
                continue
            if rule.group is not None:
                seen_groups.add(rule.group)
            chosen.append(rule)
        return chosen

    def _exemption(self, code: str | None) -> Exemption | None:
        if code is None:
            return None
        for exemption in self.exemptions:
            if exemption.code == code:
                return exemption
        raise DomainError(
            "fee_exemption_unknown", f"exemption {code!r} does not apply here", exemption=code
        )

    def _check(self, request: FeeRequest) -> None:
        _check_count("copies", request.copies, 1, MAX_COPIES)
        if request.pages is not None:
            _check_count("pages", request.pages, 1, MAX_PAGES)
        elif self.needs_pages():
            raise DomainError("fee_pages_required", "the number of pages per copy is required")
        if request.age is not None:
            _check_count("age", request.age, 0, MAX_AGE)
        elif self.depends_on_age():
            raise DomainError("fee_age_required", "the applicant's age is required for this fee")


def _check_count(name: str, value: object, low: int, high: int) -> None:
    if not _is_int(value) or not low <= value <= high:
        raise DomainError(
            f"fee_{name}_invalid",
            f"{name} must be from {low} to {high}, not {value!r}",
            value=value,
            low=low,
            high=high,
        )


def _rule_problem(rule: FeeRule) -> str:
    """Why ``rule`` cannot be used, or ``""``: one message an administrator can act on."""
    if not _is_id(rule.id):
        return "the id must be 1-64 lower-case letters, digits, '_', '.' or '-'"
    if not isinstance(rule.kind, FeeKind):
        return f"unknown kind {rule.kind!r}"
    if not isinstance(rule.label, str) or not clean(rule.label):
        return "the label must be non-empty text"
    if not isinstance(rule.note, str) or not isinstance(rule.group, str | None):
        return "note and group must be text"
    amounts = (rule.amount, rule.later_amount, rule.cap_per_copy)
    if rule.kind in (FeeKind.FREE, FeeKind.UNSET):
        if amounts != (0, None, None) or not _is_int(rule.amount):
            return f"a {rule.kind} rule has no amount"
    elif any(a is not None and not (_is_int(a) and 1 <= a <= MAX_AMOUNT) for a in amounts):
        # 0 đ is never a fee by accident: "free" says free, "unset" says not known yet.
        return (
            f"amounts must be whole đồng from 1 to {MAX_AMOUNT}; use kind 'free' where the "
            "rule says free, 'unset' while the amount is not known"
        )
    if rule.kind is FeeKind.PER_PAGE:
        return _per_page_problem(rule)
    if (rule.first_pages, rule.later_amount, rule.cap_per_copy) != (None, None, None):
        return f"page parameters only apply to per_page rules, not {rule.kind}"
    return _conditions_problem(rule.when)


def _per_page_problem(rule: FeeRule) -> str:
    if (rule.first_pages is None) != (rule.later_amount is None):
        return "first_pages and later_amount go together"
    if rule.first_pages is not None and not (_is_int(rule.first_pages) and rule.first_pages >= 1):
        return "first_pages must be a whole number of at least 1"
    if rule.cap_per_copy is not None and rule.cap_per_copy < max(
        rule.amount, rule.later_amount or 0
    ):
        return "cap_per_copy is below the price of a page"
    return _conditions_problem(rule.when)


def _conditions_problem(when: Conditions) -> str:
    ages = [when.age_below, when.age_at_least]
    if any(a is not None and not (_is_int(a) and 0 <= a <= MAX_AGE) for a in ages):
        return f"ages in conditions must be whole years from 0 to {MAX_AGE}"
    if when.late is not None and not isinstance(when.late, bool):
        return "the late condition must be true or false"
    return ""


def _parse_rule(data: object) -> FeeRule:
    if not isinstance(data, Mapping):
        raise _invalid("?", "a rule must be an object")
    rule_id = data.get("id")
    if not isinstance(rule_id, str):
        raise _invalid(repr(rule_id), "the rule has no id")
    try:
        kind = FeeKind(str(data.get("kind")))
    except ValueError:
        raise _invalid(rule_id, f"unknown kind {data.get('kind')!r}") from None
    _refuse_unknown_keys(rule_id, data, _COMMON | _PARAMS[kind])
    if kind not in (FeeKind.FREE, FeeKind.UNSET) and "amount" not in data:
        raise _invalid(rule_id, f"a {kind} rule needs an amount")
    return FeeRule(
        id=rule_id,
        label=data.get("label", ""),
        kind=kind,
        amount=data.get("amount", 0),
        first_pages=data.get("first_pages"),
        later_amount=data.get("later_amount"),
        cap_per_copy=data.get("cap_per_copy"),
        when=_parse_conditions(rule_id, data.get("when", {})),
        group=data.get("group"),
        note=data.get("note", ""),
    )


def _parse_conditions(rule_id: str, data: object) -> Conditions:
    if not isinstance(data, Mapping):
        raise _invalid(rule_id, "when must be an object")
    _refuse_unknown_keys(rule_id, data, _WHEN_KEYS)
    channel = data.get("channel")
    if channel is not None and channel not in _CHANNELS:
        raise _invalid(rule_id, f"unknown channel {channel!r}; use direct, online or postal")
    return Conditions(
        channel=None if channel is None else Channel(channel),
        age_below=data.get("age_below"),
        age_at_least=data.get("age_at_least"),
        late=data.get("late"),
    )


def _parse_exemption(data: object) -> Exemption:
    if not isinstance(data, Mapping):
        raise _exemption_invalid("?", "an exemption must be an object")
    unknown = sorted(set(data) - {"code", "label", "note"})
    if unknown:
        raise _exemption_invalid(str(data.get("code")), f"unknown keys {unknown}")
    return Exemption(data.get("code", ""), data.get("label", ""), data.get("note", ""))


def _refuse_unknown_keys(rule_id: str, data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    # A misspelt key ("ammount", "age_under") would otherwise be ignored silently.
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _invalid(rule_id, f"unknown keys {unknown}")


def _refuse_duplicates(values: list[str], code: str, param: str) -> None:
    for value in values:
        if values.count(value) > 1:
            raise DomainError(code, f"{param} {value!r} appears twice", **{param: value})


def _invalid(rule_id: str, problem: str) -> DomainError:
    return DomainError(
        "fee_rule_invalid", f"fee rule {rule_id}: {problem}", rule_id=rule_id, problem=problem
    )


def _exemption_invalid(code: str, problem: str) -> DomainError:
    return DomainError(
        "fee_exemption_invalid", f"exemption {code}: {problem}", exemption=code, problem=problem
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None
