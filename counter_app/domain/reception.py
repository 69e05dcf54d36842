"""What the officer (or a script) hands in to receive a dossier, checked field by field.

The input is plain data (the reception form, or the JSON document of
``counter-app dossier receive``). Each refusal names the field it is about in
``params["field"]`` so the form can show the message next to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from counter_app.domain import card_rules, citizens
from counter_app.domain.dossiers import (
    EMAIL,
    MAX_NAME,
    MAX_TEXT,
    PHONE,
    CollectAt,
    Person,
    ReceivedDocument,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.fees import Channel, FeeRequest
from counter_app.domain.limits import check_day
from counter_app.domain.procedures import DocumentForm
from counter_app.domain.records import record
from counter_app.domain.text import clean

MAX_SETS = 100
MAX_DOCUMENTS = 100


@record(frozen=True)
class ReceptionRequest:
    procedure_code: str
    applicant: Person
    delegate: Person | None
    documents: tuple[ReceivedDocument, ...] | None  # None: the procedure's list
    sets: int
    channel: Channel
    collect_at: CollectAt
    fee: FeeRequest
    received_at: datetime | None  # None: now
    note: str


def _refuse(field: str, code: str, message: str, **params: Any) -> DomainError:
    return DomainError(code, f"{field}: {message}", field=field, **params)


# The keys of a reception document (``counter-app dossier receive --example``). Any other
# is refused: a misspelt "phone_number" would otherwise be dropped without a word.
RECEPTION_KEYS = frozenset(
    {
        "procedure",
        "channel",
        "applicant",
        "delegate",
        "documents",
        "sets",
        "fee",
        "collect_at",
        "note",
        "received_at",
    }
)
PERSON_KEYS = frozenset(
    {
        "full_name",
        "id_number",
        "old_id_number",
        "birth_date",
        "gender",
        "address",
        "phone",
        "email",
    }
)
DOCUMENT_KEYS = frozenset({"name", "form", "count"})
FEE_KEYS = frozenset({"pages", "copies", "age", "late", "exemption"})


def _known_keys(data: Mapping[Any, Any], known: frozenset[str], field: str) -> None:
    unknown = sorted(str(key) for key in data if key not in known)
    if not unknown:
        return
    key, fields = unknown[0], ", ".join(sorted(known))
    if key.isascii() and key.isidentifier() and len(key) <= 40:  # a field's name: shown
        named = f"{field}.{key}" if field else key
        raise _refuse(named, "field_unknown", f"no such field (the fields here: {fields}).")
    where = field or "the document"  # anything else is not repeated: it may be anything
    raise _refuse(where, "field_unknown", f"a key that is no field (the fields here: {fields}).")


def _text(data: Mapping[str, Any], key: str, field: str, limit: int = MAX_TEXT) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _refuse(field, "field_not_text", "must be text.")
    value = clean(value)
    if len(value) > limit:
        raise _refuse(field, "field_too_long", f"is longer than {limit} characters.", limit=limit)
    return value or None


def _int(data: Mapping[str, Any], key: str, field: str, default: int | None) -> int | None:
    value = data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(field, "field_not_integer", "must be a whole number.")
    return value


def _date(data: Mapping[str, Any], key: str, field: str) -> date | None:
    value = _text(data, key, field)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise _refuse(field, "field_bad_date", "is not a date (YYYY-MM-DD).") from exc
    return check_day(day, field)


def parse_person(data: Any, field: str) -> Person:
    if not isinstance(data, Mapping):
        raise _refuse(field, "field_not_object", "must be an object with the person's details.")
    _known_keys(data, PERSON_KEYS, field)
    name = _text(data, "full_name", f"{field}.full_name", MAX_NAME)
    if not name:
        raise _refuse(f"{field}.full_name", "person_name_required", "the full name is required.")
    birth = _date(data, "birth_date", f"{field}.birth_date")
    gender = _gender(data, f"{field}.gender")
    id_number = _id_number(data, f"{field}.id_number", birth, gender)
    return Person(
        full_name=name,
        id_number=id_number,
        old_id_number=_text(data, "old_id_number", f"{field}.old_id_number", 12),
        birth_date=birth,
        gender=gender.value if gender else None,
        address=_text(data, "address", f"{field}.address"),
        phone=_phone(data, f"{field}.phone"),
        email=_email(data, f"{field}.email"),
    )


def check_identity_on(request: ReceptionRequest, day: date) -> None:
    """Refuse a person who cannot exist on the day of receipt (``day``, from the clock).

    A birth date after that day, or a CCCD number whose century digit and year say
    a later year (or one more than 120 years back), is a typo: the field is named.
    """
    people = [("applicant", request.applicant), ("delegate", request.delegate)]
    for field, person in people:
        if person is None:
            continue
        if person.birth_date is not None and person.birth_date > day:
            raise _refuse(
                f"{field}.birth_date",
                "person_birth_in_future",
                f"the birth date {person.birth_date.isoformat()} is after "
                f"the day of receipt {day.isoformat()}.",
                birth_date=person.birth_date.isoformat(),
                day=day.isoformat(),
            )
        if person.id_number is not None:
            year = citizens.parse_id_number(person.id_number).birth_year
            try:
                card_rules.check_id_birth_year(year, day)
            except DomainError as exc:
                raise _refuse(f"{field}.id_number", exc.code, exc.message, **exc.params) from exc


def _gender(data: Mapping[str, Any], field: str) -> citizens.Gender | None:
    value = _text(data, "gender", field)
    if value is None:
        return None
    try:
        return citizens.Gender(value)
    except ValueError as exc:
        raise _refuse(field, "person_gender_invalid", "must be 'male' or 'female'.") from exc


def _id_number(
    data: Mapping[str, Any], field: str, birth: date | None, gender: citizens.Gender | None
) -> str | None:
    value = _text(data, "id_number", field, 40)
    if value is None:
        return None
    try:
        number = citizens.parse_id_number(value)
        if birth and gender:
            citizens.check_id_matches(number, birth, gender)
    except DomainError as exc:
        raise DomainError(exc.code, f"{field}: {exc.message}", field=field, **exc.params) from exc
    return number.number


def _phone(data: Mapping[str, Any], field: str) -> str | None:
    value = _text(data, "phone", field, 20)
    if value is None:
        return None
    compact = value.replace(" ", "").replace(".", "").replace("-", "")
    if not PHONE.match(compact):
        raise _refuse(field, "person_phone_invalid", "is not a Vietnamese phone number.")
    return compact


def _email(data: Mapping[str, Any], field: str) -> str | None:
    value = _text(data, "email", field, 254)
    if value is not None and not EMAIL.match(value):
        raise _refuse(field, "person_email_invalid", "is not an e-mail address.")
    return value


def parse_documents(data: Any) -> tuple[ReceivedDocument, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list) or len(data) > MAX_DOCUMENTS:
        raise _refuse("documents", "documents_invalid", "must be a list of documents.")
    return tuple(_document(item, f"documents[{i}]") for i, item in enumerate(data))


def _document(item: Any, field: str) -> ReceivedDocument:
    if not isinstance(item, Mapping):
        raise _refuse(field, "field_not_object", "must be an object (name, form, count).")
    _known_keys(item, DOCUMENT_KEYS, field)
    name = _text(item, "name", f"{field}.name")
    if not name:
        raise _refuse(f"{field}.name", "document_name_required", "the document name is required.")
    form = _text(item, "form", f"{field}.form") or DocumentForm.ORIGINAL.value
    if form not in {f.value for f in DocumentForm}:
        raise _refuse(f"{field}.form", "document_form_invalid", f"'{form}' is not a document form.")
    count = _int(item, "count", f"{field}.count", 1) or 0
    if not 1 <= count <= 100:
        raise _refuse(f"{field}.count", "document_count_invalid", "must be between 1 and 100.")
    return ReceivedDocument(name=name, form=form, count=count)


def parse_fee_request(data: Any, channel: Channel) -> FeeRequest:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise _refuse("fee", "field_not_object", "must be an object.")
    _known_keys(data, FEE_KEYS, "fee")
    late = data.get("late", False)
    if not isinstance(late, bool):
        raise _refuse("fee.late", "field_not_boolean", "must be true or false.")
    return FeeRequest(
        pages=_int(data, "pages", "fee.pages", None),
        copies=_int(data, "copies", "fee.copies", 1) or 0,
        channel=channel,
        age=_int(data, "age", "fee.age", None),
        late=late,
        exemption=_text(data, "exemption", "fee.exemption", 40),
    )


def _choice(data: Mapping[str, Any], key: str, kind: Any, default: str) -> Any:
    value = _text(data, key, key) or default
    try:
        return kind(value)
    except ValueError as exc:
        allowed = ", ".join(member.value for member in kind)
        raise _refuse(key, f"{key}_invalid", f"'{value}' is not one of {allowed}.") from exc


def _received_at(data: Mapping[str, Any]) -> datetime | None:
    value = _text(data, "received_at", "received_at")
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _refuse(
            "received_at", "field_bad_datetime", f"'{value}' is not a time (YYYY-MM-DD HH:MM)."
        ) from exc
    # Year 1 at +14:00 is before the first day in Vietnam time: refused before converting.
    check_day(moment.date(), "received_at")
    return moment


def parse_reception(data: Any) -> ReceptionRequest:
    """Check a reception document; the first problem found is raised."""
    if not isinstance(data, Mapping):
        raise DomainError("reception_not_object", "A reception document must be a JSON object.")
    _known_keys(data, RECEPTION_KEYS, "")
    code = _text(data, "procedure", "procedure", 20)
    if not code:
        raise _refuse("procedure", "procedure_required", "the procedure code is required.")
    channel = _choice(data, "channel", Channel, Channel.DIRECT.value)
    sets = _int(data, "sets", "sets", 1) or 0
    if not 1 <= sets <= MAX_SETS:
        raise _refuse("sets", "sets_invalid", f"must be between 1 and {MAX_SETS}.")
    delegate = data.get("delegate")
    return ReceptionRequest(
        procedure_code=code,
        applicant=parse_person(data.get("applicant"), "applicant"),
        delegate=parse_person(delegate, "delegate") if delegate is not None else None,
        documents=parse_documents(data.get("documents")),
        sets=sets,
        channel=channel,
        collect_at=_choice(data, "collect_at", CollectAt, CollectAt.COUNTER.value),
        fee=parse_fee_request(data.get("fee"), channel),
        received_at=_received_at(data),
        note=_text(data, "note", "note") or "",
    )
