"""Setting up the unit on first start, officers, and logging in (Argon2, lockout).

Until the setup is done the installation runs on the embedded defaults (so the
command line and a demo work at once); the counter window asks for the real unit
and the administrator's password before anyone can log in. It asks again while the
stored agency id is no ward's own code and no dossier carries it yet (the sample,
or ``000.00.00.H26`` kept by an older version); once dossiers carry such a code it is
kept, with a warning, until the administrator changes it explicitly.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from counter_app.domain.agency import check_ward_agency_id
from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.ids import time_ordered_id
from counter_app.domain.records import field, record
from counter_app.domain.text import clean, whole_number
from counter_app.services.permissions import Guard, Permission
from counter_app.services.unit import ADMIN_USERNAME, agency_in_use, agency_problem
from counter_app.storage import events, officers, settings
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction
from counter_app.storage.officers import Officer as Officer  # the UI's view of an account

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from argon2 import PasswordHasher

SETUP_DONE = "setup_done"
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
ROLES = ("officer", "head", "admin")
LOCK_KEY = "lock_after_minutes"
DEFAULT_LOCK_MINUTES, MIN_LOCK_MINUTES, MAX_LOCK_MINUTES = 10, 1, 60


@record(frozen=True)
class UnitSetup:
    agency_id: str
    unit_name: str
    place: str
    counter_number: int
    admin_username: str
    admin_full_name: str
    admin_password: str


def new_hasher() -> PasswordHasher:
    """Argon2 with its recommended settings (RFC 9106). Imported here, when a password
    is first hashed or checked: with its settings' module it takes 15–20 ms, which the
    commands that only read (``account list``, ``unit show``) need not wait for."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def _matches(hasher: PasswordHasher, password_hash: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return password_hash is not None and hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@record(frozen=True)
class PendingLogin:
    """A login whose password is still to be checked (``AccountService.begin_login``)."""

    officer: Officer
    password: str = field(repr=False)
    hasher: PasswordHasher = field(repr=False)
    event_type: str = "officer.logged_in"

    def check(self) -> bool:
        """Whether the password is the officer's: Argon2 alone, no database, so any
        thread may run it (it lets go of the GIL while it hashes)."""
        return _matches(self.hasher, self.officer.password_hash, self.password)


def _refuse(field: str, code: str, message: str) -> DomainError:
    return DomainError(code, f"{field}: {message}", field=field)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or password.strip() != password:
        raise _refuse(
            "password",
            "password_weak",
            f"a password has at least {MIN_PASSWORD} characters and no spaces around it.",
        )


def check_username(username: str) -> str:
    if not USERNAME.match(username):
        raise _refuse(
            "username",
            "username_invalid",
            "3–32 lower-case letters, digits, '.', '_' or '-', starting with a letter.",
        )
    return username


def _ward_agency_id(text: str, allow_fictional: bool = False) -> str:
    try:
        return check_ward_agency_id(text, allow_fictional=allow_fictional)
    except DomainError as exc:
        raise DomainError(
            exc.code, f"agency_id: {exc.message}", **{**exc.params, "field": "agency_id"}
        ) from exc


def _full_name(text: str) -> str:
    name = clean(text)
    if not 2 <= len(name) <= 100:
        raise _refuse("full_name", "full_name_invalid", "give the officer's full name.")
    return name


class AccountService:
    def __init__(
        self, db: Database, clock: Clock, device_id: str, hasher: PasswordHasher | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._device_id = device_id
        self._given_hasher = hasher
        self._guard = Guard(db, clock, device_id)

    @property
    def _hasher(self) -> PasswordHasher:
        if self._given_hasher is None:
            self._given_hasher = new_hasher()
        return self._given_hasher

    def officers(self) -> list[Officer]:
        """Active officers, for lists and filters."""
        return [officer for officer in officers.all_officers(self._db) if officer.active]

    def all_officers(self) -> list[Officer]:
        """Every account, those that may no longer log in included: the administrator's list."""
        return officers.all_officers(self._db)

    def needs_setup(self) -> bool:
        """Before the first setup, and again while the agency id is no ward's own code
        that no dossier carries yet."""
        if settings.get(self._db, SETUP_DONE) != "1":
            return True
        return agency_problem(self._db) is not None and not agency_in_use(self._db)

    def agency_warning(self) -> DomainError | None:
        """Why the agency id in use is not the ward's own code, once dossiers carry it.

        The app does not change such a code by itself (receipts, forms and transfer
        references already show it): it warns until the administrator changes it.
        """
        if settings.get(self._db, SETUP_DONE) != "1" or not agency_in_use(self._db):
            return None
        return agency_problem(self._db)

    def change_agency_id(self, agency_id: str, by: str) -> str:
        """The administrator's explicit change of the ward's code, from the next start on.

        Dossiers keep the codes they were given; the new code starts its own daily
        sequences, so no code can repeat.
        """
        self._guard.require(by, Permission.UNIT, "agency_id")
        if settings.get(self._db, SETUP_DONE) != "1":
            raise DomainError(
                "setup_needed", "The counter is not set up yet: its setup asks for the code."
            )
        agency = _ward_agency_id(agency_id)
        previous = settings.get(self._db, "agency_id")
        if agency == previous:
            raise _refuse("agency_id", "agency_id_unchanged", f"{agency} is already in use.")
        with transaction(self._db):
            settings.put(self._db, "agency_id", agency)
            events.append(
                self._db,
                self._context(by),
                "unit.agency_changed",
                ("unit", self._device_id),
                {"from": previous, "to": agency},
                self._clock.now(),
            )
        return agency

    def current_settings(self) -> dict[str, str]:
        return settings.get_all(self._db)

    def complete_setup(self, setup: UnitSetup, *, allow_fictional: bool = False) -> Officer:
        """The unit and the administrator, in one transaction with its event.

        ``allow_fictional`` accepts a made-up agency id under Z (never a real agency),
        for the demonstration installation of the screenshots.
        """
        values = self._checked_unit(setup, allow_fictional)
        if settings.get(self._db, SETUP_DONE) == "1":
            return self._redo_unit(values, setup)
        username = check_username(setup.admin_username)
        full_name = _full_name(setup.admin_full_name)
        check_password(setup.admin_password)
        password_hash = self._hasher.hash(setup.admin_password)
        now = self._clock.now()
        with transaction(self._db):
            if not self.needs_setup():
                raise DomainError("setup_already_done", "This installation is already set up.")
            for key, value in {**values, SETUP_DONE: "1"}.items():
                settings.put(self._db, key, value)
            admin = self._admin()
            officers.set_username(self._db, admin.id, username)
            officers.update_profile(self._db, admin.id, full_name, password_hash)
            payload = {**values, "admin": username}
            events.append(
                self._db,
                self._context(username),
                "unit.set_up",
                ("unit", self._device_id),
                payload,
                now,
            )
        return self._require(username)

    def _redo_unit(self, values: dict[str, str], setup: UnitSetup) -> Officer:
        """Setup asked again (the code kept is no ward's): only the unit changes, and only
        on the word of the administrator made the first time, with their own password.

        Whoever sits at the counter must not take over the administrator account by
        answering the setup dialog again.
        """
        admin = self._admin()
        if admin.password_hash is None or not self._verify(
            admin.password_hash, setup.admin_password
        ):
            raise _refuse(
                "password", "setup_admin_password", "give the administrator's current password."
            )
        now = self._clock.now()
        with transaction(self._db):
            if not self.needs_setup():
                raise DomainError("setup_already_done", "This installation is already set up.")
            for key, value in values.items():
                settings.put(self._db, key, value)
            events.append(
                self._db,
                self._context(admin.username),
                "unit.set_up",
                ("unit", self._device_id),
                {**values, "admin": admin.username, "again": True},
                now,
            )
        return self._require(admin.username)

    def _checked_unit(self, setup: UnitSetup, allow_fictional: bool) -> dict[str, str]:
        agency = _ward_agency_id(setup.agency_id, allow_fictional)
        name, place = clean(setup.unit_name), clean(setup.place)
        if not 3 <= len(name) <= 150:
            raise _refuse("unit_name", "unit_name_invalid", "give the unit's name.")
        if not 2 <= len(place) <= 60:
            raise _refuse("place", "place_invalid", "give the place written on forms.")
        if not 1 <= setup.counter_number <= 9:
            raise _refuse("counter_number", "counter_number_invalid", "a counter number is 1–9.")
        return {
            "agency_id": agency,
            "unit_name": name,
            "place": place,
            "counter_number": str(setup.counter_number),
        }

    def _admin(self) -> Officer:
        admins = [o for o in officers.all_officers(self._db) if o.role == "admin"]
        if not admins:
            raise DomainError("setup_no_admin", "The installation has no administrator account.")
        return next((o for o in admins if o.username == ADMIN_USERNAME), admins[0])

    def login(self, username: str, password: str) -> Officer:
        """The officer, or a refusal that does not tell which of the two was wrong."""
        pending = self.begin_login(username, password)
        return self.finish_login(pending, pending.check())

    def unlock(self, username: str, password: str) -> Officer:
        """The window locked after inactivity opens again on the officer's password
        (failures count toward the lockout like a login's)."""
        pending = self.begin_login(username, password, "officer.unlocked")
        return self.finish_login(pending, pending.check())

    def begin_login(
        self, username: str, password: str, event_type: str = "officer.logged_in"
    ) -> PendingLogin:
        """A login in two steps, for a window that keeps answering while the password
        is checked: this step reads the account (a refusal for an unknown, inactive or
        locked one), ``PendingLogin.check`` runs Argon2 on any thread, and
        ``finish_login`` records the outcome on this service's thread."""
        officer = officers.by_username(self._db, clean(username).lower())
        if officer is None or not officer.active or officer.password_hash is None:
            raise DomainError("login_failed", "Wrong user name or password.")
        now = self._clock.now()
        if officer.locked_until and datetime.fromisoformat(officer.locked_until) > now:
            raise DomainError(
                "login_locked",
                f"Too many failed attempts: locked until {officer.locked_until[11:16]}.",
                until=officer.locked_until,
            )
        return PendingLogin(officer, password, self._hasher, event_type)

    def finish_login(self, pending: PendingLogin, verified: bool) -> Officer:
        """Record a checked login: the officer, or the failure counted toward the
        lockout and refused."""
        officer, now = pending.officer, self._clock.now()
        if not verified:
            self._failed(officer, now)
            raise DomainError("login_failed", "Wrong user name or password.")
        with transaction(self._db):
            officers.record_login(self._db, officer.id, 0, None)
            events.append(
                self._db,
                self._context(officer.username),
                pending.event_type,
                ("officer", officer.id),
                {},
                now,
            )
        return self._require(officer.username)

    def _verify(self, password_hash: str, password: str) -> bool:
        return _matches(self._hasher, password_hash, password)

    def _failed(self, officer: Officer, now: datetime) -> None:
        failed = officer.failed_logins + 1
        locked = (now + LOCKOUT).isoformat() if failed >= MAX_FAILED_LOGINS else None
        with transaction(self._db):
            officers.record_login(self._db, officer.id, 0 if locked else failed, locked)
            events.append(
                self._db,
                self._context(officer.username),
                "officer.login_failed",
                ("officer", officer.id),
                {"locked": locked is not None},
                now,
            )

    def add_officer(
        self, username: str, full_name: str, role: str, password: str, by: str
    ) -> Officer:
        self._guard.require(by, Permission.ACCOUNTS, username)
        check_username(username)
        if role not in ROLES:
            raise _refuse("role", "role_invalid", f"one of {', '.join(ROLES)}.")
        check_password(password)
        officer = Officer(
            time_ordered_id(),
            username,
            _full_name(full_name),
            role,
            True,
            self._hasher.hash(password),
        )
        now = self._clock.now()
        with transaction(self._db):
            if officers.by_username(self._db, username) is not None:
                raise _refuse("username", "username_taken", f"'{username}' is already in use.")
            officers.insert(self._db, officer, now.isoformat())
            events.append(
                self._db,
                self._context(by),
                "officer.added",
                ("officer", officer.id),
                {"username": username, "role": role},
                now,
            )
        return self._require(username)

    def change_password(self, username: str, current: str, new: str) -> None:
        """The officer's own new password, on the word of the current one."""
        officer = officers.by_username(self._db, username)
        if officer is None or not officer.active or officer.password_hash is None:
            raise _refuse("username", "officer_unknown", f"there is no active officer {username}.")
        if not self._verify(officer.password_hash, current):
            self._failed(officer, self._clock.now())
            raise _refuse("password", "password_wrong", "the current password is wrong.")
        check_password(new)
        if new == current:
            raise _refuse("new_password", "password_same", "choose a password not used now.")
        self._set_password(officer, new, username, "officer.password_changed")

    def reset_password(self, username: str, new: str, by: str) -> None:
        """An administrator's new password for an officer who forgot theirs; it also
        lifts a lockout. The officer should change it at the next login."""
        self._guard.require(by, Permission.ACCOUNTS, username)
        officer = officers.by_username(self._db, username)
        if officer is None:
            raise _refuse("username", "officer_unknown", f"there is no officer {username}.")
        check_password(new)
        self._set_password(officer, new, by, "officer.password_reset")

    def update_officer(
        self, username: str, full_name: str, role: str, active: bool, by: str
    ) -> Officer:
        """An account's name, role and whether it may log in; never the last administrator's
        own way in."""
        self._guard.require(by, Permission.ACCOUNTS, username)
        officer = officers.by_username(self._db, username)
        if officer is None:
            raise _refuse("username", "officer_unknown", f"there is no officer {username}.")
        if role not in ROLES:
            raise _refuse("role", "role_invalid", f"one of {', '.join(ROLES)}.")
        name = _full_name(full_name)
        with transaction(self._db):
            others = [
                o
                for o in officers.all_officers(self._db)
                if o.role == "admin" and o.active and o.id != officer.id
            ]
            if officer.role == "admin" and (role != "admin" or not active) and not others:
                raise _refuse("role", "last_admin", "the unit keeps one active administrator.")
            officers.update_details(self._db, officer.id, name, role, active)
            events.append(
                self._db,
                self._context(by),
                "officer.updated",
                ("officer", officer.id),
                {"username": username, "role": role, "active": active},
                self._clock.now(),
            )
        return self._require(username)

    def lock_minutes(self) -> int:
        """After how many minutes without a key or a click the window locks."""
        minutes = whole_number(settings.get(self._db, LOCK_KEY) or "")
        if minutes is None or not MIN_LOCK_MINUTES <= minutes <= MAX_LOCK_MINUTES:
            return DEFAULT_LOCK_MINUTES  # never set, or edited by hand: as if never set
        return minutes

    def set_lock_minutes(self, minutes: int, by: str) -> None:
        self._guard.require(by, Permission.UNIT, LOCK_KEY)
        if not MIN_LOCK_MINUTES <= minutes <= MAX_LOCK_MINUTES:
            raise _refuse(
                "minutes",
                "lock_minutes_invalid",
                f"from {MIN_LOCK_MINUTES} to {MAX_LOCK_MINUTES} minutes.",
            )
        with transaction(self._db):
            settings.put(self._db, LOCK_KEY, str(minutes))
            events.append(
                self._db,
                self._context(by),
                "unit.lock_set",
                ("unit", self._device_id),
                {"minutes": minutes},
                self._clock.now(),
            )

    def _set_password(self, officer: Officer, new: str, by: str, event_type: str) -> None:
        password_hash = self._hasher.hash(new)
        with transaction(self._db):
            officers.update_profile(self._db, officer.id, officer.full_name, password_hash)
            events.append(
                self._db,
                self._context(by),
                event_type,
                ("officer", officer.id),
                {"username": officer.username},
                self._clock.now(),
            )

    def _require(self, username: str) -> Officer:
        officer = officers.by_username(self._db, username)
        assert officer is not None
        return officer

    def _context(self, officer: str) -> events.EventContext:
        return events.EventContext(self._device_id, officer)
