"""The hostile command lines: a table of cases, built from classes of bad values.

Each :class:`Case` is data: its class (``CLASSES``), the arguments after
``--data-dir``, the files it needs, and the exits it may end with. ``runner.run_case``
runs one as a real process and judges it; ``tests/hostile/test_cli_sweep.py`` runs them
under pytest and ``python -m tests.hostile.sweep`` prints the table of results.

Placeholders in the arguments: ``{files}`` is the case's own folder (its ``files`` are
written there), ``{code}`` a dossier of the demo data still in processing. An argument
given as bytes reaches the program as those bytes: invalid UTF-8 arrives in
``sys.argv`` as lone surrogates (surrogateescape), the nearest a command line comes to
a lone surrogate.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Arg = str | bytes

CLASSES = {
    "empty": "the empty string",
    "whitespace": "only spaces, tabs, no-break spaces",
    "invisible": "only zero-width, BOM or bidi characters",
    "surrogate": "invalid UTF-8 in argv (lone surrogates in sys.argv)",
    "escape": "control and ANSI escape characters (ESC[2J, BEL, C1 CSI)",
    "huge": "a 100 KB string",
    "bignum": "a 5,000-digit number",
    "negative": "negative numbers",
    "hugenum": "numbers far out of range",
    "dates": "year 9999 and 0001, 30 February, not a date",
    "json": "NaN/Infinity, deep nesting, duplicate keys, wrong types, huge documents",
    "file": "non-UTF-8, missing, empty files and folders where a file should be",
    "output": "unwritable output paths: /proc, a folder, a missing folder",
    "unknown": "unknown dossier codes, procedures, profiles, BINs no bank has",
}

OK, REFUSED, ANY = frozenset({0}), frozenset({2}), frozenset({0, 2})

ESC = "\x1b[2J\x1b[31mX\x07"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202e"
WHITESPACE = " \t\u00a0 "
HUGE = "A" * 100_000
BIGNUM = "9" * 5000
BAD_UTF8 = b"\xff\xfe\xed\xa0\x80"  # not UTF-8; \xed\xa0\x80 would be U+D800


@dataclass(frozen=True)
class Case:
    name: str
    klass: str
    argv: tuple[Arg, ...]
    exits: frozenset[int] = REFUSED
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: bytes = b""
    may_write: bool = False  # an accepted case may change the installation

    def expand(self, arg: Arg, files: Path, code: str) -> Arg:
        if isinstance(arg, bytes):
            folder = bytes(files)
            return arg.replace(b"{files}", folder).replace(b"{code}", code.encode())
        return arg.replace("{files}", str(files)).replace("{code}", code)


def _case(name: str, klass: str, *argv: Arg, **more: object) -> Case:
    assert klass in CLASSES, klass
    return Case(name, klass, tuple(argv), **more)  # type: ignore[arg-type]


# --- the classes of text values, for every command that takes text ----------------------

TEXTS: dict[str, Arg] = {
    "empty": "",
    "whitespace": WHITESPACE,
    "invisible": INVISIBLE,
    "surrogate": BAD_UTF8,
    "escape": ESC,
    "huge": HUGE,
}

# Commands taking a text, as (name, argv before, argv after): the value goes between.
TEXT_SLOTS: list[tuple[str, tuple[Arg, ...], tuple[Arg, ...]]] = [
    ("cccd-parse", ("cccd", "parse"), ("--today", "2026-11-30")),
    ("search", ("search",), ()),
    ("dossier-show", ("dossier", "show"), ()),
    ("dossier-fee", ("dossier", "fee"), ()),
    ("status-reason", ("dossier", "status", "{code}", "supplement_requested", "--reason"), ()),
    ("holiday-name", ("holidays", "set", "2026-12-24", "--off"), ()),
    ("holiday-source", ("holidays", "set", "2026-12-24", "--off", "Nghỉ", "--source"), ()),
    ("hours", ("holidays", "hours", "--set"), ()),
    ("set-fee-code", ("catalogue", "set-fee"), ("15000",)),
    ("set-fee-amount", ("catalogue", "set-fee", "1.001022"), ()),
    ("agency-id", ("unit", "set-agency-id"), ()),
    ("officer", ("holidays", "clear", "2026-12-24", "--officer"), ()),
    ("vietqr-parse", ("vietqr", "parse"), ()),
    ("vietqr-purpose", ("vietqr", "build", "--bin", "970436", "--account", "1", "--purpose"), ()),
    ("vietqr-account", ("vietqr", "build", "--bin", "970436", "--account"), ()),
    ("receipt-code", ("receipt",), ("--out", "{files}/r.bin")),
    ("form-code", ("form", "02"), ("--out", "{files}/f.pdf", "--reason", "Thiếu giấy tờ")),
    ("fee-procedure", ("fee", "--procedure"), ()),
    ("enrol-code", ("enrol", "--server", "http://127.0.0.1:9", "--code"), ()),
    ("queue-area", ("queue", "take", "--area"), ()),
]

# A text slot where some of the classes are acceptable input, and what may happen then.
ACCEPTED: dict[tuple[str, str], frozenset[int]] = {
    # A search for anything answers, possibly with nothing found.
    ("search", "empty"): ANY,
    ("search", "whitespace"): ANY,
    ("search", "invisible"): ANY,
    ("search", "escape"): ANY,
    # The source of a holiday is optional: nothing, or nothing visible, is no source.
    ("holiday-source", "empty"): OK,
    ("holiday-source", "whitespace"): OK,
    ("holiday-source", "invisible"): OK,
    # What is left of a text once its escape sequences are dropped ("X") is taken.
    ("holiday-source", "escape"): OK,
    ("holiday-name", "escape"): OK,
    ("status-reason", "escape"): OK,
}
# Classes a slot is not swept with (argparse reads a leading "-" or the value is a path).
SKIPPED: set[tuple[str, str]] = set()


def text_cases() -> Iterator[Case]:
    for slot, before, after in TEXT_SLOTS:
        for klass, value in TEXTS.items():
            if (slot, klass) in SKIPPED:
                continue
            exits = ACCEPTED.get((slot, klass), REFUSED)
            yield _case(
                f"{slot}:{klass}", klass, *before, value, *after, exits=exits, may_write=exits == OK
            )


# --- numbers ---------------------------------------------------------------------------

NUMBER_SLOTS: list[tuple[str, tuple[Arg, ...], tuple[Arg, ...]]] = [
    ("due-days", ("due-date", "--received", "2026-11-23 09:00", "--days"), ()),
    ("fee-pages", ("fee", "--procedure", "2.000815", "--pages"), ()),
    ("fee-copies", ("fee", "--procedure", "2.000815", "--pages", "3", "--copies"), ()),
    ("fee-age", ("fee", "--procedure", "1.001193", "--age"), ()),
    ("year-list", ("holidays", "list", "--year"), ()),
    ("year-confirm", ("holidays", "confirm", "--year"), ()),
    ("set-fee", ("catalogue", "set-fee", "1.001022"), ()),
    ("search-limit", ("search", "Nguyễn", "--limit"), ()),
    ("demo-dossiers", ("demo-data", "--dossiers"), ()),
    ("demo-per-day", ("demo-data", "--dossiers", "1", "--per-day"), ()),
    ("demo-seed", ("demo-data", "--dossiers", "1", "--seed"), ()),
    ("vietqr-amount", ("vietqr", "build", "--bin", "970436", "--account", "1", "--amount"), ()),
    ("png-box", ("vietqr", "png", "{payload}", "--out", "{files}/q.png", "--box-size"), ()),
    ("baudrate", ("receipt", "{code}", "--printer", "/dev/null", "--baudrate"), ()),
    ("queue-counter", ("queue", "call", "--counter"), ()),
]

NUMBERS = {
    "bignum": BIGNUM,
    "negative": "-1",
    "hugenum": "99999999999999999999",
}
# An accepted number: a seed is any integer, a --days of 5000 digits is refused.
NUMBER_ACCEPTED: dict[tuple[str, str], frozenset[int]] = {
    ("demo-seed", "negative"): OK,
    ("demo-seed", "hugenum"): OK,
}


def number_cases(payload: str) -> Iterator[Case]:
    for slot, before, after in NUMBER_SLOTS:
        for klass, value in NUMBERS.items():
            exits = NUMBER_ACCEPTED.get((slot, klass), REFUSED)
            argv = tuple(
                a.replace("{payload}", payload) if isinstance(a, str) else a for a in before
            )
            yield _case(
                f"{slot}:{klass}", klass, *argv, value, *after, exits=exits, may_write=exits == OK
            )


# --- dates -----------------------------------------------------------------------------

DATES = {"9999": "9999-12-31", "0001": "0001-01-01", "feb30": "2026-02-30", "words": "hôm nay"}
DATE_SLOTS: list[tuple[str, tuple[Arg, ...], tuple[Arg, ...], str]] = [
    ("cccd-today", ("cccd", "parse", "001090123456||Nguyễn Văn An|01011990|Nam|Hà Nội|15042021",
                    "--today"), (), ""),
    ("holiday-set", ("holidays", "set"), ("--off", "Nghỉ"), ""),
    ("holiday-clear", ("holidays", "clear"), (), ""),
    ("payments-report", ("payments", "report", "--date"), (), ""),
    ("set-fee-from", ("catalogue", "set-fee", "1.001022", "15000", "--from"), (), ""),
    ("form-07", ("form", "07", "--out", "{files}/r.pdf", "--to", "2026-11-30", "--from"), (), ""),
    ("queue-stats", ("queue", "stats", "--date"), (), ""),
    ("due-received", ("due-date", "--days", "5", "--received"), (), " 09:00"),
    ("new-due", ("form", "04", "{code}", "--out", "{files}/f.pdf", "--reason", "Chậm",
                 "--new-due"), (), " 09:00"),
]  # fmt: skip


def date_cases() -> Iterator[Case]:
    for slot, before, after, time_part in DATE_SLOTS:
        for label, day in DATES.items():
            value = day + time_part
            yield _case(f"{slot}:{label}", "dates", *before, value, *after)


# --- JSON documents --------------------------------------------------------------------


def _reception(**changes: object) -> bytes:
    from counter_app.cli.example import EXAMPLE_RECEPTION

    document = json.loads(json.dumps(EXAMPLE_RECEPTION))
    for dotted, value in changes.items():
        target = document
        *path, last = dotted.split("__")
        for key in path:
            target = target[key]
        target[last] = value
    return json.dumps(document, ensure_ascii=False).encode()


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


JSON_DOCS: dict[str, bytes] = {
    "nan-sets": _reception().replace(b'"sets": 1', b'"sets": NaN'),
    "infinity-pages": _reception().replace(b'"pages": 3', b'"pages": Infinity'),
    "float-sets": _reception(sets=1.5),
    "bool-sets": _reception(sets=True),
    "bignum-sets": _reception().replace(b'"sets": 1', b'"sets": ' + BIGNUM.encode()),
    "bignum-pages": _reception().replace(b'"pages": 3', b'"pages": ' + BIGNUM.encode()),
    "negative-copies": _reception(fee={"pages": 3, "copies": -2}),
    "deep-array": _nested(100_000),
    "deep-in-note": _reception().replace(b'"note": ""', b'"note": ' + _nested(50_000)),
    "duplicate-keys": _reception().replace(b'"sets": 1', b'"sets": 1, "sets": 2, "procedure": "x"'),
    "not-object": b'"just a string"',
    "empty-object": b"{}",
    "name-invisible": _reception(applicant__full_name=INVISIBLE),
    "name-whitespace": _reception(applicant__full_name=WHITESPACE),
    "name-escape": _reception(applicant__full_name=ESC),
    "name-nul": _reception(applicant__full_name="\x00\x00"),
    "name-huge": _reception(applicant__full_name=HUGE),
    "note-huge": _reception(note=HUGE),
    "address-escape-only": _reception(applicant__address="\x1b\x07\x00"),
    "birth-9999": _reception(applicant__birth_date="9999-01-01"),
    "birth-0001": _reception(applicant__birth_date="0001-01-01", applicant__id_number=None),
    "birth-feb30": _reception(applicant__birth_date="1990-02-30"),
    "received-9999": _reception(received_at="9999-12-31T23:59:00+07:00"),
    "received-0001": _reception(received_at="0001-01-01T00:00:00+14:00"),
    "received-naive-1900": _reception(received_at="1900-01-01 09:00"),
    "id-nfd-digits": _reception(applicant__id_number="００１０９０１２３４５６"),
    "phone-escape": _reception(applicant__phone="0912\x1b[2J345678"),
    "documents-huge-list": _reception(documents=[{"name": "x"}] * 5000),
    "document-name-invisible": _reception(documents=[{"name": INVISIBLE}]),
    "procedure-unknown": _reception(procedure="9.999999"),
    "procedure-escape": _reception(procedure="\x1b[2J"),
    "lone-surrogate-escape": _reception().replace(b'"note": ""', b'"note": "\\ud800"'),
    "nul-escape": _reception().replace(b'"note": ""', b'"note": "a\\u0000b"'),
    "huge-document": b'{"procedure": "2.000815", "pad": "' + b"x" * 30_000_000 + b'"}',
}


# Documents that are fine once their hidden characters are dropped: received.
JSON_ACCEPTED = {
    "name-escape",
    "phone-escape",
    "nul-escape",
    "lone-surrogate-escape",
    "address-escape-only",  # the address is optional: none is given
}


def json_cases() -> Iterator[Case]:
    for label, content in JSON_DOCS.items():
        files = {"doc.json": content}
        exits = OK if label in JSON_ACCEPTED else REFUSED
        yield _case(f"receive:{label}", "json", "dossier", "receive", "--json",
                    "{files}/doc.json", files=files, exits=exits,
                    may_write=exits == OK)  # fmt: skip
    yield _case("receive:stdin-nonutf8", "file", "dossier", "receive", "--json", "-",
                stdin=b"\xff\xfe{}")  # fmt: skip
    scales = {
        "scale-nan": b'{"choices": [{"key": "a", "label": NaN}, {"key": "b", "label": "B"}]}',
        "scale-invisible-label": json.dumps(
            {"choices": [{"key": "a", "label": INVISIBLE}, {"key": "b", "label": "Tốt"}]}
        ).encode(),
        "scale-escape-label": json.dumps(
            {"choices": [{"key": "a", "label": "\x1b[2J"}, {"key": "b", "label": "Tốt"}]}
        ).encode(),
        "scale-invisible-reason": json.dumps(
            {"choices": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}],
             "reasons": ["\u200b"]}
        ).encode(),
        "scale-deep": _nested(100_000),
        "scale-duplicate-keys": b'{"choices": [], "choices": [{"key": "a", "label": "A"}]}',
        "scale-list-label": b'{"choices": [{"key": "a", "label": ["A"]},'
        b' {"key": "b", "label": "B"}]}',
    }  # fmt: skip
    for label, content in scales.items():
        yield _case(f"rating-scale:{label}", "json", "queue", "rating-scale", "--file",
                    "{files}/scale.json", files={"scale.json": content})  # fmt: skip


# --- files and outputs -----------------------------------------------------------------

PAYLOAD = (
    "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA"
    "530370454061800005802VN62230819thanh toan don hang630470FA"
)


def file_cases() -> Iterator[Case]:
    bad = {"nonutf8": b"\xff\xfe\x00{", "empty": b"", "bom-only": b"\xef\xbb\xbf"}
    for label, content in bad.items():
        yield _case(f"receive-file:{label}", "file", "dossier", "receive", "--json",
                    "{files}/doc.json", files={"doc.json": content})  # fmt: skip
        yield _case(f"scale-file:{label}", "file", "queue", "rating-scale", "--file",
                    "{files}/doc.json", files={"doc.json": content})  # fmt: skip
    yield _case("receive-file:missing", "file", "dossier", "receive", "--json", "{files}/no.json")
    yield _case("receive-file:folder", "file", "dossier", "receive", "--json", "{files}")
    yield _case("restore:not-a-backup", "file", "db", "restore", "{files}/b.db",
                files={"b.db": b"not a database"})  # fmt: skip
    yield _case("restore:missing", "file", "db", "restore", "{files}/none.db")
    yield _case("restore:nonutf8-name", "file", "db", "restore", b"{files}/\xff.db")
    yield _case("decode:missing", "file", "printer-decode", "{files}/none.bin")
    # Random bytes are a paper like any other: decoded, no write to the installation.
    yield _case("decode:garbage", "file", "printer-decode", "{files}/g.bin",
                files={"g.bin": bytes(range(256)) * 4}, exits=OK)  # fmt: skip
    yield _case("data-dir:file", "file", "--data-dir", "{files}/x", "search", "a",
                files={"x": b""})  # fmt: skip


OUTPUTS: dict[str, Arg] = {
    "proc": "/proc/x.png",
    "folder": "{files}",
    "missing-folder": "{files}/none/x.png",
    "escape-name": "{files}/\x1b[2J.png",
    "nonutf8-name": b"{files}/\xff.png",
}
# Names that are acceptable paths: the file is written, and the path printed safely.
OUTPUT_ACCEPTED = {"escape-name"}


def output_cases() -> Iterator[Case]:
    for label, path in OUTPUTS.items():
        exits = OK if label in OUTPUT_ACCEPTED else REFUSED
        yield _case(f"png-out:{label}", "output", "vietqr", "png", PAYLOAD, "--out", path,
                    exits=exits)  # fmt: skip
        yield _case(f"receipt-out:{label}", "output", "receipt", "{code}", "--out", path,
                    exits=exits)  # fmt: skip
        yield _case(f"form-out:{label}", "output", "form", "01", "{code}", "--out", path,
                    exits=exits)  # fmt: skip
        yield _case(f"decode-png:{label}", "output", "printer-decode", "{files}/p.bin",
                    "--png", path, files={"p.bin": b"\x1b@Hello\n"}, exits=exits)  # fmt: skip


# --- unknown things --------------------------------------------------------------------


def unknown_cases() -> Iterator[Case]:
    code = "000.00.00.Z99-261126-9999"
    yield _case("dossier-show:unknown", "unknown", "dossier", "show", code)
    yield _case("dossier-status:unknown", "unknown", "dossier", "status", code, "returned",
                "--reason", "x")  # fmt: skip
    yield _case("dossier-status:bad-transition", "unknown", "dossier", "status", "{code}",
                "received")  # fmt: skip
    yield _case("dossier-fee:unknown", "unknown", "dossier", "fee", code)
    yield _case("receipt:unknown", "unknown", "receipt", code, "--out", "{files}/r.bin")
    yield _case("form:unknown", "unknown", "form", "01", code, "--out", "{files}/f.pdf")
    yield _case("fee:unknown-procedure", "unknown", "fee", "--procedure", "9.999999")
    yield _case("fee:unknown-exemption", "unknown", "fee", "--procedure", "2.000815",
                "--pages", "3", "--exemption", "\x1b[2J")  # fmt: skip
    yield _case("set-fee:unknown-rule", "unknown", "catalogue", "set-fee", "1.001022", "15000",
                "--rule", "nope")  # fmt: skip
    yield _case("due:unknown-procedure", "unknown", "due-date", "--received",
                "2026-11-23 09:00", "--procedure", "9.999999")  # fmt: skip
    yield _case("receipt:unknown-profile", "unknown", "receipt", "{code}", "--out",
                "{files}/r.bin", "--profile", "\x1b[2J")  # fmt: skip
    yield _case("decode:unknown-profile", "unknown", "printer-decode", "{files}/p.bin",
                "--profile", "nope", files={"p.bin": b"x"})  # fmt: skip
    yield _case("officer:unknown", "unknown", "holidays", "set", "2026-12-24", "--off", "Nghỉ",
                "--officer", "nobody")  # fmt: skip
    for bin_code in ("999999", "000000", "970499"):
        yield _case(f"vietqr-build:bin-{bin_code}", "unknown", "vietqr", "build", "--bin",
                    bin_code, "--account", "123456")  # fmt: skip
    yield _case("command:unknown", "unknown", "\x1b[2Jfrobnicate")
    yield _case("form:unknown-number", "unknown", "form", "99", "{code}", "--out",
                "{files}/f.pdf")  # fmt: skip
    yield _case("sync:not-enrolled", "unknown", "sync", "--status")
    yield _case("enrol:escape-server", "unknown", "enrol", "--server", "http://\x1b[2J/",
                "--code", "ABCD")  # fmt: skip
    yield _case("display-enrol:bad-server", "unknown", "display", "enrol", "--server",
                "ftp://127.0.0.1/", "--code", "ABCD")  # fmt: skip


def all_cases() -> list[Case]:
    cases = [
        *text_cases(),
        *number_cases(PAYLOAD),
        *date_cases(),
        *json_cases(),
        *file_cases(),
        *output_cases(),
        *unknown_cases(),
    ]
    names = [case.name for case in cases]
    assert len(set(names)) == len(names), "case names are unique"
    return cases


def representative(cases: list[Case], per_class: int = 3) -> list[Case]:
    """The default run's subset: the first few cases of every class, spread over commands."""
    chosen: list[Case] = []
    for klass in CLASSES:
        of_class = [case for case in cases if case.klass == klass]
        step = max(1, len(of_class) // per_class)
        chosen.extend(of_class[::step][:per_class])
    return chosen
