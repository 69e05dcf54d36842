"""Who may do what: the roles' permissions, checked by the services themselves.

The window hides what a role may not do, but the check that counts is here: a
service that changes a setting, moves money on an officer's word, touches another
officer's work or manages accounts calls :func:`require` before its transaction. A
refusal is a typed error (``not_permitted``) and an ``access.refused`` event,
written in a transaction of its own, so it stays in the audit log whatever the
refused caller does next.

An officer whose user name is no account of this counter (a name typed on the
command line, an account removed since) holds no permission at all.

``docs/permissions.md`` is :func:`table_markdown`; a test keeps them equal.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.clock import Clock
from counter_app.domain.errors import DomainError
from counter_app.domain.records import record
from counter_app.storage import officers
from counter_app.storage.connection import Database
from counter_app.storage.database import transaction

REFUSED_EVENT = "access.refused"


class Permission(StrEnum):
    UNIT = "unit"
    PRINTER = "printer"
    SCANNER = "scanner"
    BANK_ACCOUNT = "bank_account"
    CATALOGUE = "catalogue"
    CALENDAR = "calendar"
    REFUND = "refund"
    CONFIRM_PAYMENT = "confirm_payment"
    OTHERS_DOSSIERS = "others_dossiers"
    OTHERS_WORK = "others_work"
    ACCOUNTS = "accounts"
    ENROLMENT = "enrolment"
    QUEUE_SETTINGS = "queue_settings"


# What each permission covers, in the words of the permissions table.
COVERS: dict[Permission, tuple[str, str]] = {
    Permission.UNIT: (
        "Unit settings: name, place, agency id, counter number, working hours, inactivity"
        " lock, retention periods and the purge",
        "Thông tin đơn vị: tên, địa danh, mã định danh, số quầy, giờ làm việc, tự khoá màn"
        " hình, thời hạn lưu giữ và xoá dữ liệu hết hạn",
    ),
    Permission.PRINTER: ("Printer settings", "Cài đặt máy in"),
    Permission.SCANNER: (
        "Scanner settings: the serial port of the QR scanner",
        "Cài đặt máy quét: cổng COM của máy quét mã QR",
    ),
    Permission.BANK_ACCOUNT: (
        "The ward's bank account that fees are paid into",
        "Tài khoản ngân hàng nhận phí, lệ phí",
    ),
    Permission.CATALOGUE: ("Catalogue edits: fees of procedures", "Sửa danh mục: phí, lệ phí"),
    Permission.CALENDAR: (
        "Holiday and working-day edits of the calendar",
        "Sửa lịch ngày nghỉ, ngày làm bù",
    ),
    Permission.REFUND: ("Refunds", "Hoàn trả tiền"),
    Permission.CONFIRM_PAYMENT: (
        "Confirming a transfer on an officer's word (no bank notice)",
        "Xác nhận đã nhận chuyển khoản theo lời cán bộ (không có báo có)",
    ),
    Permission.OTHERS_DOSSIERS: (
        "Closing (refused, withdrawn, stopped), rescheduling or reassigning another officer's"
        " dossier",
        "Kết thúc (từ chối, rút, dừng), gia hạn hoặc giao lại hồ sơ của cán bộ khác",
    ),
    Permission.OTHERS_WORK: (
        "Seeing other officers' work: their dossier lists, payment and queue reports",
        "Xem công việc của cán bộ khác: danh sách hồ sơ, báo cáo thu phí, số liệu xếp hàng",
    ),
    Permission.ACCOUNTS: (
        "Managing accounts: add, change role, disable, reset a password",
        "Quản lý tài khoản: thêm, đổi vai trò, khoá, đặt lại mật khẩu",
    ),
    Permission.ENROLMENT: (
        "Enrolling this counter with a sync server",
        "Đăng ký quầy với máy chủ đồng bộ",
    ),
    Permission.QUEUE_SETTINGS: ("The queue's rating scale", "Thang đánh giá của hàng chờ"),
}

HEAD = frozenset(
    {
        Permission.BANK_ACCOUNT,
        Permission.CATALOGUE,
        Permission.CALENDAR,
        Permission.REFUND,
        Permission.CONFIRM_PAYMENT,
        Permission.OTHERS_DOSSIERS,
        Permission.OTHERS_WORK,
        Permission.QUEUE_SETTINGS,
    }
)
# The roles of services.accounts.ROLES: an officer receives, hands back and takes
# fees for their own dossiers; the head of the unit answers for money and for the
# officers' work; the administrator also sets the installation up.
GRANTS: dict[str, frozenset[Permission]] = {
    "officer": frozenset(),
    "head": HEAD,
    "admin": frozenset(Permission),
}
ROLE_NAMES = {"officer": "Officer", "head": "Head of unit", "admin": "Administrator"}


def allowed(role: str | None, permission: Permission) -> bool:
    return permission in GRANTS.get(role or "", frozenset())


@record(frozen=True)
class Guard:
    """The check every guarded service shares: one connection, clock and device."""

    db: Database
    clock: Clock
    device_id: str

    def role_of(self, username: str) -> str | None:
        officer = officers.by_username(self.db, username)
        return officer.role if officer is not None and officer.active else None

    def is_active(self, username: str) -> bool:
        return self.role_of(username) is not None

    def may(self, username: str, permission: Permission) -> bool:
        return allowed(self.role_of(username), permission)

    def require(self, username: str, permission: Permission, target: str = "") -> None:
        """Nothing if ``username``'s role holds ``permission``; else the refusal, logged.

        Call it before the action's own transaction: the refusal's event is written in
        a transaction of its own (``target``: a dossier code, a payment reference, an
        account; never a citizen's personal data).
        """
        role = self.role_of(username)
        if allowed(role, permission):
            return
        from counter_app.storage import events  # the log and its hashing: for a refusal only

        payload = {"permission": permission.value, "role": role, "target": target}
        context = events.EventContext(self.device_id, username)
        with transaction(self.db):
            events.append(
                self.db, context, REFUSED_EVENT, ("officer", username), payload, self.clock.now()
            )
        raise DomainError(
            "not_permitted",
            f"'{username}' ({ROLE_NAMES.get(role or '', 'no account')}) may not do this: "
            f"{COVERS[permission][0].split(':')[0].lower()}.",
            permission=permission.value,
        )


def table_markdown() -> str:
    """The permissions table of ``docs/permissions.md``."""
    roles = list(GRANTS)
    header = "| Action | Việc | " + " | ".join(ROLE_NAMES[r] for r in roles) + " |"
    lines = [header, "|" + "---|" * (len(roles) + 2)]
    for permission in Permission:
        english, vietnamese = COVERS[permission]
        marks = " | ".join("✓" if allowed(r, permission) else "–" for r in roles)
        lines.append(f"| {english} | {vietnamese} | {marks} |")
    return "\n".join(lines) + "\n"
