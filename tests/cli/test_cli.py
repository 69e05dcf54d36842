"""The command line, driven in-process through ``main(argv)`` (and twice as a real process).

The in-process CLI runs on the system clock, so no test depends on "today":
times are given explicitly, and expected values were worked out by hand from
DOMAIN.md §5–§6 and the holidays of ``holidays.Vietnam`` 0.109.
"""

from __future__ import annotations

import copy
import importlib.metadata
import json
import re
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from counter_app.cli import EXAMPLE_RECEPTION, main
from tests.cli.conftest import PREFIX, Cli, Result

CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$")

CARD = "001090123456|123456789|Nguyễn Văn An|01011990|Nam|Số 1 Hàng Bạc, Hoàn Kiếm, Hà Nội|15062021"


def write_json(folder: Path, name: str, document: object) -> str:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def reception(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(EXAMPLE_RECEPTION)
    document.update(changes)
    return document


# A Monday in the past of any clock this suite runs on, so "received_at" is allowed.
PAST = "2025-11-24T09:00"


def receive(cli: Cli, tmp_path: Path, document: dict[str, Any], name: str = "in.json") -> str:
    result = cli("dossier", "receive", "--json", write_json(tmp_path, name, document))
    assert result.code == 0, result
    return result.out.strip()


def facts(cli: Cli) -> dict[str, Any]:
    report = cli("db", "check").json()
    assert report["ok"] is True
    assert report["problems"] == []
    return report


# --- version and usage ----------------------------------------------------------------


def test_version_is_the_installed_distribution(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0  # answered before the parser
    expected = importlib.metadata.version("counter-app")
    assert capsys.readouterr().out == f"counter-app {expected}\n"
    with pytest.raises(SystemExit) as exit_info:  # the parser's answer is the same
        main(["--data-dir", "anywhere", "--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"counter-app {expected}\n"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["fee"], "--procedure"),
        (["due-date", "--received", "2027-02-03 09:00"], "--procedure --days"),
        (["dossier", "receive"], "--json FILE or --example"),
        (["search", "an", "--limit", "0"], "--limit"),
        (["search", "an", "--limit", "100000000000000000000"], "--limit"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(cli: Cli, args: list[str], fragment: str) -> None:
    assert fragment in cli(*args).error()


def test_a_data_folder_that_cannot_be_created_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    code = main(["--data-dir", str(in_the_way / "data"), "self-check"])
    out, err = capsys.readouterr()
    message = Result(code, out, err).error()
    assert message.startswith(f"cannot use the data folder {in_the_way / 'data'}: ")


def test_a_file_given_as_the_data_folder_is_called_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """mkdir's own words were "File exists", which reads as if all were well."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    code = main(["--data-dir", str(a_file), "search", "an"])
    out, err = capsys.readouterr()
    assert Result(code, out, err).error() == (
        f"cannot use the data folder {a_file}: it is a file, not a folder"
    )


# --- cccd parse -----------------------------------------------------------------------


def test_cccd_parse_seven_fields(cli: Cli) -> None:
    assert cli("cccd", "parse", CARD).json() == {
        "id_number": "001090123456",
        "old_id_number": "123456789",
        "full_name": "Nguyễn Văn An",
        "birth_date": "1990-01-01",
        "gender": "male",
        "address": "Số 1 Hàng Bạc, Hoàn Kiếm, Hà Nội",
        "issue_date": "2021-06-15",
        "expires_on": "2030-01-01",  # issued at 31: valid until 40
    }


def test_cccd_parse_six_fields_without_the_old_id(cli: Cli) -> None:
    text = "079305001234|Trần Thị Bích Ngọc|15082005|Nữ|Quận 1, TP Hồ Chí Minh|20092021"
    assert cli("cccd", "parse", text).json() == {
        "id_number": "079305001234",
        "old_id_number": None,
        "full_name": "Trần Thị Bích Ngọc",
        "birth_date": "2005-08-15",
        "gender": "female",
        "address": "Quận 1, TP Hồ Chí Minh",
        "issue_date": "2021-09-20",
        "expires_on": "2030-08-15",  # issued at 16: valid until 25
    }


def test_cccd_parse_turns_nfd_into_nfc(cli: Cli) -> None:
    text = "001190123456||Nguyễn Thị Ân|01011990|Nữ|Số 1 Hàng Bạc, Hoàn Kiếm, Hà Nội|15062021"
    decomposed = unicodedata.normalize("NFD", text)
    assert len(decomposed) > len(text)  # the test really feeds combining marks
    parsed = cli("cccd", "parse", decomposed).json()
    assert parsed["full_name"] == "Nguyễn Thị Ân"
    assert len(parsed["full_name"]) == 13  # "ễ", "ị" and "Â" as one code point each
    assert parsed["address"] == "Số 1 Hàng Bạc, Hoàn Kiếm, Hà Nội"
    assert unicodedata.is_normalized("NFC", parsed["address"])
    assert parsed["gender"] == "female"  # "Nữ" in NFD still reads as female


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (CARD.replace("01011990", "31021990"), "birth date is not a valid date"),
        (CARD.replace("001090123456", "00109012345"), "has 11 digits"),
        ("hello world", "not a card QR"),
        # Century digit 2 = born in the 2000s, the card says 1990.
        (CARD.replace("001090123456", "001290123456"), "birth in the ID number is still to come"),
        (CARD.replace("|Nam|", "|Nữ|"), "female"),
        ("", "not a card QR"),
        ("1|" * 1500, "at most 2048"),
    ],
    ids=["31-february", "11-digits", "hello", "century", "gender", "empty", "oversized"],
)
def test_cccd_parse_refuses_bad_text(cli: Cli, text: str, fragment: str) -> None:
    assert fragment in cli("cccd", "parse", text).error()


def test_cccd_parse_checks_the_card_on_the_given_day(cli: Cli) -> None:
    # Issued 15/06/2021: impossible on the day before, possible from that day on.
    day_before = cli("cccd", "parse", CARD, "--today", "2021-06-14").error()
    assert day_before == "The issue date 2021-06-15 is after today (2021-06-14)."
    assert cli("cccd", "parse", CARD, "--today", "2021-06-15").json()["issue_date"] == (
        "2021-06-15"
    )


def test_cccd_parse_tells_the_expiry_and_refuses_nothing_for_it(cli: Cli) -> None:
    parsed = cli("cccd", "parse", CARD, "--today", "2031-05-05").json()
    assert parsed["expires_on"] == "2030-01-01"  # expired, still parsed
    ageless = CARD.replace("001090", "001060").replace("01011990", "01011960")  # issued at 61
    assert cli("cccd", "parse", ageless, "--today", "2026-11-30").json()["expires_on"] is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (CARD.replace("01011990", "01012027").replace("001090", "001227"), "still to come"),
        (CARD.replace("15062021", "15062019"), "before 2021-01-01"),
        (CARD.replace("Nguyễn Văn An", "Nguyễn Văn 4n"), "contains '4'"),
        (CARD.replace("Số 1 Hàng Bạc, Hoàn Kiếm, Hà Nội", "1/2/3"), "has no letters"),
        (CARD.replace("123456789", "000000000"), "all zeros"),
    ],
    ids=["number-year-to-come", "before-chip-cards", "digit-in-name", "address", "old-id"],
)
def test_cccd_parse_refuses_impossible_cards(cli: Cli, text: str, fragment: str) -> None:
    assert fragment in cli("cccd", "parse", text, "--today", "2026-11-30").error()


def test_cccd_parse_refuses_a_bad_today(cli: Cli) -> None:
    assert "not a date" in cli("cccd", "parse", CARD, "--today", "30/11/2026").error()


# --- due-date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "option", "value", "due"),
    [
        # Wed 09:00 + 8 h: 6 h 30 on Wednesday, Tết 04–10/02 off, 1 h 30 on Thu 11/02.
        ("2027-02-03 09:00", "--days", "1", "2027-02-11 09:00"),
        # 3 days = 24 h: 6.5 Wed + 8 Thu 11 + 8 Fri 12, weekend, 1.5 on Mon 15/02.
        ("2027-02-03 09:00", "--procedure", "1.004873", "2027-02-15 09:00"),
        # Fri 14:00: 3 h on Friday, weekend, 4 h morning + 1 h afternoon on Monday.
        ("2026-11-27 14:00", "--days", "1", "2026-11-30 14:00"),
        # Same-day procedure: 15:00 is still "before 15:00", 15:01 is not.
        ("2026-11-26 15:00", "--procedure", "2.000815", "2026-11-26 17:00"),
        ("2026-11-26 15:01", "--procedure", "2.000815", "2026-11-27 17:00"),
        # Received on a Sunday: counting starts Monday 07:30.
        ("2026-11-29 10:00", "--days", "1", "2026-11-30 17:00"),
        ("2026-11-29 10:00", "--procedure", "2.000815", "2026-11-30 17:00"),
        # Saturday 22/08/2026 is a make-up working day.
        ("2026-08-21 14:00", "--days", "1", "2026-08-22 14:00"),
        ("2026-08-22 10:00", "--procedure", "2.000815", "2026-08-22 17:00"),
        # Fri 28/08: 6.5 h, weekend, 31/08 and 1–2/09 off, 8 h Thu 03/09, 1.5 h Fri 04/09.
        ("2026-08-28 09:00", "--days", "2", "2026-09-04 09:00"),
        # Vietnam Culture Day, Tuesday 24/11/2026, is off.
        ("2026-11-23 09:00", "--days", "1", "2026-11-25 09:00"),
        # Fri 2/1/2026 is off, swapped with Sat 10/1: Wed 31/12 10:00 + 3 days is
        # 6.5 h Wed, (1/1, 2/1 off, weekend) 8 h Mon 5, 8 h Tue 6, 1.5 h Wed 7.
        ("2025-12-31 10:00", "--days", "3", "2026-01-07 10:00"),
        ("2026-01-09 14:00", "--days", "1", "2026-01-10 14:00"),
        ("2026-01-10 10:00", "--procedure", "2.000815", "2026-01-10 17:00"),
        # Tết Bính Ngọ: Mon 16/2 to Fri 20/2 off, no make-up day.
        ("2026-02-13 16:00", "--procedure", "1.001193", "2026-02-23 17:00"),
        ("2026-11-23 15:01", "--procedure", "2.000815", "2026-11-25 17:00"),
        # Half a day is 4 working hours; lunch 11:30–13:00 does not count.
        ("2026-11-23 09:00", "--days", "0.5", "2026-11-23 14:30"),
        ("2026-11-26 15:00", "--days", "0.5", "2026-11-27 09:30"),
        # Received over lunch: from 13:00, ending exactly at closing time.
        ("2026-11-23 12:00", "--days", "0.5", "2026-11-23 17:00"),
    ],
)
def test_due_date(cli: Cli, received: str, option: str, value: str, due: str) -> None:
    result = cli("due-date", "--received", received, option, value)
    assert (result.code, result.out, result.err) == (0, f"{due}\n", "")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--received", "2027-02-30 10:00", "--days", "1"], "'2027-02-30 10:00' is not a time"),
        (["--received", "2027-02-03", "--days", "1"], "is not a time"),
        (["--received", "2027-02-03 10:00", "--days", "-1"], "above 0"),
        (["--received", "2027-02-03 10:00", "--days", "0"], "above 0"),
        (["--received", "2027-02-03 10:00", "--days", "abc"], "'abc' is not a number"),
        (["--received", "2027-02-03 10:00", "--days", "NaN"], "finite"),
        (["--received", "2027-02-03 10:00", "--days", "366"], "at most 365"),
        (["--received", "2027-02-03 10:00", "--procedure", "9.999999"], "9.999999"),
        (["--received", "2200-01-01 10:00", "--days", "1"], "2200"),
    ],
)
def test_due_date_refuses(cli: Cli, args: list[str], fragment: str) -> None:
    assert fragment in cli("due-date", *args).error()


# --- fee ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "total"),
    [
        # Certified copies: 2,000 đ for pages 1–2, 1,000 đ from page 3, ≤ 200,000 đ a copy.
        (["2.000815", "--pages", "1", "--copies", "3"], 6_000),
        (["2.000815", "--pages", "2", "--copies", "3"], 12_000),
        (["2.000815", "--pages", "3", "--copies", "3"], 15_000),
        (["2.000815", "--pages", "10", "--copies", "3"], 36_000),
        (["2.000815", "--pages", "250", "--copies", "3"], 600_000),
        (["2.000815", "--pages", "198"], 200_000),  # 4,000 + 196 × 1,000: just the cap
        (["2.000815", "--pages", "199"], 200_000),
        (["1.004222"], 20_000),
        (["1.004222", "--channel", "online"], 10_000),
        (["1.004222", "--channel", "postal"], 20_000),
        (["1.004859", "--age", "13"], 5_000),
        (["1.004859", "--age", "14"], 25_000),
        (["2.000635", "--copies", "2"], 16_000),
        (["1.001193"], 0),
        (["1.001193", "--late"], 5_000),
    ],
)
def test_fee_total_is_the_first_line(cli: Cli, args: list[str], total: int) -> None:
    result = cli("fee", "--procedure", *args)
    assert result.code == 0, result
    assert result.out.splitlines()[0] == str(total)


def test_fee_lines_show_quantity_and_unit(cli: Cli) -> None:
    result = cli("fee", "--procedure", "2.000815", "--pages", "3", "--copies", "3")
    assert result.out == "15000\n15000\t3 × 5000\tLệ phí chứng thực bản sao từ bản chính\n"


def test_fee_exemption_waives_everything_and_says_why(cli: Cli) -> None:
    result = cli("fee", "--procedure", "1.004222", "--exemption", "poor_household")
    assert result.out.splitlines() == [
        "0",
        "20000\t1 × 20000\tLệ phí đăng ký thường trú",
        "-20000\t1 × -20000\tHộ gia đình thuộc diện hộ nghèo",
        "exempted: poor_household",
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["1.004859"], "age is required"),
        (["1.004859", "--age", "-1"], "age must be from 0 to 150"),
        (["2.000815"], "number of pages"),
        (["2.000815", "--pages", "0"], "pages must be from 1"),
        (["2.000815", "--pages", "2", "--copies", "0"], "copies must be from 1"),
        (["2.000815", "--pages", "x"], "--pages"),
        (["1.004222", "--exemption", "disability"], "'disability' does not apply"),
        (["1.004222", "--channel", "fax"], "--channel"),
        (["9.999999"], "9.999999"),
    ],
)
def test_fee_refuses(cli: Cli, args: list[str], fragment: str) -> None:
    assert fragment in cli("fee", "--procedure", *args).error()


# --- holidays -------------------------------------------------------------------------


LIBRARY = "holidays 0.109"
SWAP_2026_01 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 (cán bộ, công chức, viên chức)"


def test_holidays_list_2027_has_tet_expected(cli: Cli) -> None:
    lines = cli("holidays", "list", "--year", "2027").out.splitlines()
    assert f"2027-02-06\toff\texpected\tTết Nguyên Đán\t{LIBRARY}" in lines
    tet = [line.split("\t")[0] for line in lines if line.startswith("2027-02-")]
    assert tet == [f"2027-02-{day:02d}" for day in range(4, 11)]
    assert all(line.split("\t")[2] == "expected" for line in lines if line.startswith("2027-02-"))
    new_year = "2027-01-01\toff\tofficial\tTết Dương lịch\tBộ luật Lao động 2019, khoản 1 Điều 112"
    assert new_year in lines
    assert all(len(line.split("\t")) == 5 for line in lines)


def test_holidays_list_2026_is_the_announced_list(cli: Cli) -> None:
    lines = cli("holidays", "list", "--year", "2026").out.splitlines()
    assert lines[:3] == [
        "2026-01-01\toff\tofficial\tTết Dương lịch\tBộ luật Lao động 2019, khoản 1 Điều 112",
        f"2026-01-02\toff\tofficial\tNghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)\t{SWAP_2026_01}",
        f"2026-01-10\tworking\tofficial\tLàm bù cho ngày 02/01/2026\t{SWAP_2026_01}",
    ]
    assert "2026-08-22\tworking\tofficial\tLàm bù cho ngày 31/08/2026" in [
        line.rsplit("\t", 1)[0] for line in lines
    ]
    culture_day = next(line for line in lines if line.startswith("2026-11-24"))
    assert culture_day.startswith("2026-11-24\toff\tofficial\tNgày Văn hóa Việt Nam\t")
    assert "chưa kiểm chứng" in culture_day
    assert len(lines) == 17
    assert {line.split("\t")[2] for line in lines} == {"official"}


def test_confirming_a_year_makes_its_days_official(cli: Cli) -> None:
    due = ("due-date", "--received", "2027-02-03 09:00", "--procedure", "1.004873")
    result = cli("holidays", "confirm", "--year", "2027", "--source", "Thông báo số 1/TB-BNV")
    assert result.out == "2027 is confirmed: its 15 listed days are official\n"
    lines = cli("holidays", "list", "--year", "2027").out.splitlines()
    assert {line.split("\t")[2] for line in lines} == {"official"}
    tet = next(line for line in lines if line.startswith("2027-02-06"))
    assert tet.startswith(
        "2027-02-06\toff\tofficial\tTết Nguyên Đán\tThông báo số 1/TB-BNV; admin "
    )
    assert cli(*due).out == "2027-02-15 09:00\n"  # the same days, now official
    assert "already confirmed" in cli("holidays", "confirm", "--year", "2027").error()


def test_a_make_up_saturday_brings_a_due_date_forward(cli: Cli) -> None:
    due = ("due-date", "--received", "2027-02-03 09:00", "--procedure", "1.004873")
    assert cli(*due).out == "2027-02-15 09:00\n"
    result = cli("holidays", "set", "2027-02-13", "--working", "Làm bù Tết")
    assert result.out == "2027-02-13 is now a working day: Làm bù Tết\n"
    # 6.5 h Wed 03 + 8 h Thu 11 + 8 h Fri 12, then 1.5 h on Saturday 13.
    assert cli(*due).out == "2027-02-13 09:00\n"
    listed = cli("holidays", "list", "--year", "2027").out.splitlines()
    entry = next(line for line in listed if line.startswith("2027-02-13"))
    assert re.fullmatch(
        r"2027-02-13\tworking\tadministrator\tLàm bù Tết\tadmin \d{4}-\d\d-\d\d", entry
    )
    result = cli("holidays", "clear", "2027-02-13")
    assert result.out == "2027-02-13: the administrator's entry is removed\n"
    assert cli(*due).out == "2027-02-15 09:00\n"
    assert "2027-02-13" not in cli("holidays", "list", "--year", "2027").out


def test_an_administrator_corrects_an_announced_day(cli: Cli) -> None:
    args = ("2026-01-02", "--working", "Trực", "--source", "Quyết định 5/QĐ-UBND")
    assert cli("holidays", "set", *args).code == 0
    listed = cli("holidays", "list", "--year", "2026").out.splitlines()
    entry = next(line for line in listed if line.startswith("2026-01-02"))
    assert entry.startswith(
        "2026-01-02\tworking\tadministrator\tTrực\tQuyết định 5/QĐ-UBND; admin "
    )
    assert cli("holidays", "clear", "2026-01-02").code == 0
    listed = cli("holidays", "list", "--year", "2026").out.splitlines()
    swap = f"2026-01-02\toff\tofficial\tNghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)\t{SWAP_2026_01}"
    assert swap in listed


def test_an_extra_day_off_pushes_a_due_date_back(cli: Cli) -> None:
    due = ("due-date", "--received", "2027-02-03 09:00", "--days", "1")
    assert cli(*due).out == "2027-02-11 09:00\n"
    assert cli("holidays", "set", "2027-02-11", "--off", "Nghỉ thêm").code == 0
    assert cli(*due).out == "2027-02-12 09:00\n"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["2027-02-30", "--off", "Ngày lạ"], "'2027-02-30' is not a date"),
        (["13/02/2027", "--off", "Ngày lạ"], "is not a date"),
        (["2027-02-13", "--off", "   "], "name"),
        (["2027-02-13", "Ngày lạ"], "--off --working"),
        (["2027-02-13", "--off", "Ngày lạ", "--officer", "nobody"], "officer 'nobody'"),
    ],
)
def test_holidays_set_refuses(cli: Cli, args: list[str], fragment: str) -> None:
    assert fragment in cli("holidays", "set", *args).error()
    listed = cli("holidays", "list", "--year", "2027").out
    assert "administrator" not in listed


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["clear", "2027-02-13"], "There is no administrator entry for 2027-02-13"),
        (["clear", "13/02/2027"], "is not a date"),
        (["clear"], "the following arguments are required: date"),
        (["clear", "2027-02-13", "--officer", "nobody"], "officer 'nobody'"),
        (["confirm"], "--year"),
        (["confirm", "--year", "abc"], "invalid int value: 'abc'"),
        (["confirm", "--year", "2026"], "2026 is already official"),
        (["confirm", "--year", "1800"], "1800 is not a year"),
        (["confirm", "--year", "2150"], "No holiday data for the year 2150"),
        (["confirm", "--year", "2027", "--source", "x" * 201], "at most 200 characters"),
        (["confirm", "--year", "2027", "--officer", "nobody"], "officer 'nobody'"),
        (["set", "2027-02-13", "--off", "Nghỉ", "--source", "x" * 201], "at most 200"),
        (["hours", "--cutoff", "16:00"], "unrecognized arguments: --cutoff 16:00"),
        (["hours", "--set", "17:00-07:00"], "in order"),
        (["hours", "--set", "7h-11h"], "are not hours"),
    ],
)
def test_holidays_commands_refuse(cli: Cli, args: list[str], fragment: str) -> None:
    assert fragment in cli("holidays", *args).error()
    listed = cli("holidays", "list", "--year", "2027").out
    assert "administrator" not in listed
    assert "\tofficial\tTết Nguyên Đán" not in listed


def test_holidays_hours(cli: Cli) -> None:
    assert cli("holidays", "hours").out == "working hours: 07:30-11:30,13:00-17:00\n"
    result = cli("holidays", "hours", "--set", "07:00-11:00,13:30-17:30")
    assert result.out == "working hours: 07:00-11:00,13:30-17:30\n"
    # The hours move closing time; the procedure's own 15:00 cutoff stays.
    due = ("due-date", "--received", "2026-11-26 15:01", "--procedure", "2.000815")
    assert cli(*due).out == "2026-11-27 17:30\n"


# --- dossiers -------------------------------------------------------------------------


def test_the_example_document_is_accepted(cli: Cli, tmp_path: Path) -> None:
    example = cli("dossier", "receive", "--example").json()
    assert example["procedure"] == "2.000815"
    code = receive(cli, tmp_path, example)
    assert CODE.match(code)
    shown = cli("dossier", "show", code).json()
    assert shown["code"] == code
    assert shown["applicant"]["full_name"] == "Nguyễn Văn An"
    assert shown["applicant"]["id_number"] == "001090123456"
    assert shown["applicant"]["phone"] == "0912345678"
    assert shown["fee"]["total"] == 10_000  # (2 × 2,000 + 1,000) × 2 copies
    assert shown["status"] == "received"
    assert shown["national_status"] == 2
    assert [(h["from"], h["to"], h["officer"]) for h in shown["history"]] == [
        (None, "received", "admin")
    ]


def test_a_past_receipt_time_numbers_and_promises_by_that_day(cli: Cli, tmp_path: Path) -> None:
    code = receive(cli, tmp_path, reception(received_at=PAST))
    # Counter 1 owns block 1000–1999 of the day's sequence.
    assert code == "000.00.00.Z99-251124-1000"
    shown = cli("dossier", "show", code).json()
    assert shown["received_at"] == "2025-11-24T09:00+07:00"
    assert shown["due_at"] == "2025-11-24T17:00+07:00"  # same-day procedure before 15:00


def _without_name(document: dict[str, Any]) -> None:
    del document["applicant"]["full_name"]


BAD_DOCUMENTS: list[tuple[str, Callable[[dict[str, Any]], Any], str]] = [
    ("no-name", _without_name, "applicant.full_name"),
    ("blank-name", lambda d: d["applicant"].update(full_name="   "), "applicant.full_name"),
    ("phone", lambda d: d["applicant"].update(phone="12345"), "applicant.phone"),
    ("procedure", lambda d: d.update(procedure="9.999999"), "procedure '9.999999'"),
    # The ID number's digits say 1990.
    (
        "id-year",
        lambda d: d["applicant"].update(birth_date="1991-01-01"),
        "applicant.id_number",
    ),
    ("pages", lambda d: d["fee"].update(pages=0), "pages"),
    ("future", lambda d: d.update(received_at="2099-01-01T09:00"), "future"),
    ("year 9999", lambda d: d.update(received_at="9999-12-31T23:59-14:00"), "1900 to 2100"),
    # A misspelt key was dropped without a word, and the phone with it.
    (
        "phone_number",
        lambda d: d["applicant"].update(phone_number=d["applicant"].pop("phone")),
        "applicant.phone_number: no such field (the fields here: address,",
    ),
    ("top-level", lambda d: d.update(procedure_code="2.000815"), "procedure_code: no such field"),
    ("fee-key", lambda d: d["fee"].update(page=3), "fee.page: no such field"),
    ("document-key", lambda d: d["documents"][0].update(copies=2), "documents[0].copies: no such"),
    (
        "odd-key",
        lambda d: d["applicant"].update({"Nguyễn Văn An": 1}),
        "applicant: a key that is no",
    ),
]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [case[1:] for case in BAD_DOCUMENTS],
    ids=[case[0] for case in BAD_DOCUMENTS],
)
def test_a_bad_document_is_refused_and_nothing_is_saved(
    cli: Cli, tmp_path: Path, change: Callable[[dict[str, Any]], Any], fragment: str
) -> None:
    receive(cli, tmp_path, reception(received_at=PAST))
    before = facts(cli)
    document = reception(received_at=PAST)
    change(document)
    refused = cli("dossier", "receive", "--json", write_json(tmp_path, "bad.json", document))
    assert fragment in refused.error()
    after = facts(cli)
    assert (after["dossiers"], after["events"]) == (1, before["events"])
    assert len(cli("search", "nguyen").out.splitlines()) == 1


PERSONAL: list[tuple[str, str, str, str]] = [
    # (case, field, the citizen's value, what the refusal names instead)
    ("birth-date", "birth_date", "1990-02-30", "applicant.birth_date"),
    ("birth-moment", "birth_date", "1990-01-01T00:00:00", "applicant.birth_date"),
    ("phone", "phone", "abc0912345", "applicant.phone"),
    ("email", "email", "nguyen.van.an.1990@", "applicant.email"),
    ("id-year", "birth_date", "2003-05-17", "applicant.id_number"),  # its digits say 1990
]


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [case[1:] for case in PERSONAL],
    ids=[case[0] for case in PERSONAL],
)
def test_a_refusal_names_the_field_never_the_citizen_s_value(
    cli: Cli, tmp_path: Path, field: str, value: str, fragment: str
) -> None:
    document = reception(received_at=PAST)
    document["applicant"][field] = value
    error = cli("dossier", "receive", "--json", write_json(tmp_path, "in.json", document)).error()
    assert fragment in error
    assert value not in error and "2003" not in error and "1990" not in error


@pytest.mark.parametrize(
    "argv",
    [
        ["dossier", "show", "Nguyễn Văn An 001090123456"],
        ["dossier", "status", "001090123456", "in_processing"],
        ["search", "Nguy\udce1n 001090123456"],  # bytes that are not UTF-8, as Python keeps them
    ],
    ids=["show", "status", "not-utf8"],
)
def test_a_mistyped_argument_is_not_repeated(cli: Cli, argv: list[str]) -> None:
    error = cli(*argv).error()
    assert "001090123456" not in error and "Nguy" not in error


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{not json", "is not valid UTF-8 JSON"),
        (b"\xff\xfe{}", "is not valid UTF-8 JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"a string"', "must be a JSON object"),
    ],
    ids=["not-json", "not-utf8", "list", "string"],
)
def test_a_file_that_is_not_a_document_is_refused(
    cli: Cli, tmp_path: Path, content: bytes, fragment: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert fragment in cli("dossier", "receive", "--json", str(bad)).error()
    assert facts(cli)["dossiers"] == 0


def test_a_document_saved_by_notepad_with_a_byte_order_mark_is_read(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "notepad.json"
    text = json.dumps(reception(received_at=PAST), ensure_ascii=False)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code = cli("dossier", "receive", "--json", str(path)).out.strip()
    assert (
        cli("dossier", "show", code).json()["applicant"]["full_name"]
        == (EXAMPLE_RECEPTION["applicant"]["full_name"])
    )


def test_a_missing_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert cli("dossier", "receive", "--json", str(missing)).error() == (
        f"cannot read {missing}: No such file or directory"
    )


def test_status_changes_and_a_reason_is_required(cli: Cli, tmp_path: Path) -> None:
    code = receive(cli, tmp_path, reception(received_at=PAST))
    assert cli("dossier", "status", code, "in_processing").out == f"{code}\tin_processing\n"
    assert "needs a reason" in cli("dossier", "status", code, "supplement_requested").error()
    assert cli("dossier", "show", code).json()["status"] == "in_processing"
    moved = cli("dossier", "status", code, "supplement_requested", "--reason", "Thiếu bản chính")
    assert moved.out == f"{code}\tsupplement_requested\n"
    history = cli("dossier", "show", code).json()["history"]
    assert [(h["from"], h["to"], h["reason"]) for h in history] == [
        (None, "received", ""),
        ("received", "in_processing", ""),
        ("in_processing", "supplement_requested", "Thiếu bản chính"),
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["{code}", "returned"], "cannot move to 'returned'"),
        (["{code}", "lost"], "invalid choice: 'lost'"),
        (["000.00.00.Z99-251124-1999", "in_processing"], "No dossier has the code"),
        (["garbage\nsecond line", "in_processing"], "is not a dossier code"),
    ],
)
def test_status_refuses(cli: Cli, tmp_path: Path, args: list[str], fragment: str) -> None:
    code = receive(cli, tmp_path, reception(received_at=PAST))
    assert fragment in cli("dossier", "status", *(a.format(code=code) for a in args)).error()
    assert cli("dossier", "show", code).json()["status"] == "received"


@pytest.mark.parametrize(
    "argv", [["search", ""], ["search", "   "], ["search", "--limit", "5", "\t"]]
)
def test_an_empty_search_is_refused_not_answered_with_nothing(cli: Cli, argv: list[str]) -> None:
    assert cli(*argv).error() == (
        "nothing to search for: give a name, an ID number, a phone or a code"
    )


def test_search_ignores_diacritics_and_case(cli: Cli, tmp_path: Path) -> None:
    code = receive(cli, tmp_path, reception(received_at=PAST))
    other = reception(received_at=PAST)
    other["applicant"] = {
        "full_name": "Trần Thị Bình",
        "id_number": "001190123457",
        "birth_date": "1990-05-05",
        "gender": "female",
    }
    receive(cli, tmp_path, other, "other.json")
    lines = cli("search", "nguyen van an").out.splitlines()
    assert lines == [f"{code}\tNguyễn Văn An\t001090123456\t2.000815\t2025-11-24 09:00\treceived"]
    assert [line.split("\t")[1] for line in cli("search", "BÌNH").out.splitlines()] == [
        "Trần Thị Bình"
    ]
    assert cli("search", "nguyen van binh").out == ""


def test_search_refuses_201_characters(cli: Cli) -> None:
    assert "at most 200 characters" in cli("search", "a" * 201).error()


def test_db_check_and_demo_data(cli: Cli) -> None:
    fresh = facts(cli)
    assert fresh["dossiers"] == 0
    assert fresh["migrations"][:2] == ["0001_initial", "0002_login_and_drafts"]
    assert cli("demo-data", "--dossiers", "50").out == "added 50 demo dossiers\n"
    filled = facts(cli)
    assert filled["dossiers"] == 50
    assert filled["events"] >= fresh["events"] + 50


def test_db_check_names_a_direct_edit_and_exits_1(cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    code = receive(cli, tmp_path, reception(received_at=PAST))
    with sqlite3.connect(data_dir / "counter.db") as db:
        db.execute("UPDATE dossiers SET status = 'returned', applicant_name = 'Lê Văn Tám'")
    db.close()
    result = cli("db", "check")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["ok"] is False
    assert report["problems"] == [
        f"dossier {code}: applicant_name differs from its events",
        f"dossier {code}: status is 'returned' in the table but 'received' by its events",
    ]
    assert report["dossiers"] == 1


def test_self_check(cli: Cli) -> None:
    result = cli("self-check")
    assert result.code == 0
    assert result.out.splitlines() == [
        "procedures in force: 14; database ok: True",
        "fee not set: 1.001022 Đăng ký nhận cha, mẹ, con "
        "(counter-app catalogue set-fee 1.001022 AMOUNT)",
    ]
    cli("catalogue", "set-fee", "1.001022", "12000")
    assert cli("self-check").out == "procedures in force: 14; database ok: True\n"


# --- as a real process ----------------------------------------------------------------


def run_process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_process_success_prints_on_stdout_only(data_dir: Path) -> None:
    done = run_process(data_dir, "due-date", "--received", "2027-02-03 09:00", "--days", "1")
    assert (done.returncode, done.stdout, done.stderr) == (0, "2027-02-11 09:00\n", "")


@pytest.mark.parametrize(
    "args",
    [
        ["cccd", "parse", "hello world"],
        ["dossier", "show", "garbage\nsecond line"],  # the echoed input has a line break
        ["fee", "--procedure", "2.000815", "--pages", "1\n2"],
    ],
)
def test_process_bad_input_is_one_line_on_stderr(data_dir: Path, args: list[str]) -> None:
    done = run_process(data_dir, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(PREFIX)
    assert done.stderr.count("\n") == 1
    assert done.stderr.endswith("\n")
