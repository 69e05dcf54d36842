"""The VietQR commands, in-process through ``main(argv)``; PNGs read back with zxing-cpp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from counter_app.cli.vietqr import png_bytes
from counter_app.domain import vietqr
from tests.cli.conftest import Cli

V01 = (
    "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA"
    "530370454061800005802VN62230819thanh toan don hang630470FA"
)
V02 = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)
V08 = (
    "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC"
    "53037045802VN63044F52"
)
N04 = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
    "5303704540410005802VN62150811Chuyen tien6304BBB5"
)


def recrc(payload: str) -> str:
    """The payload with its CRC made right again, so the refusal is for something else."""
    return payload[:-4] + vietqr.crc16(payload[:-4])


def decode(path: Path) -> str:
    with Image.open(path) as image:
        found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return str(found[0].text)


# --- build ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "payload"),
    [
        (
            ["--bin", "970436", "--account", "1017595600", "--amount", "180000",
             "--purpose", "thanh toan don hang"],
            V01,
        ),
        (
            ["--bin", "970403", "--account", "0011012345678", "--amount", "180000",
             "--bill", "NPS6869", "--purpose", "thanh toan don hang"],
            V02,
        ),
        (["--bin", "970403", "--card", "9704031101234567"], V08),
    ],
)  # fmt: skip
def test_build_prints_the_public_payload(cli: Cli, args: list[str], payload: str) -> None:
    result = cli("vietqr", "build", *args)
    assert (result.code, result.out, result.err) == (0, payload + "\n", "")


def test_build_static_with_amount(cli: Cli) -> None:
    result = cli(
        "vietqr", "build", "--bin", "970436", "--account", "1", "--amount", "5", "--static"
    )
    assert result.code == 0
    assert result.out.startswith("000201010211")
    assert "540155802VN" in result.out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--account", "1"], "--bin"),
        (["--bin", "970436"], "--account"),
        (["--bin", "970436", "--account", "1", "--card", "2"], "not allowed"),
        (["--bin", "97043", "--account", "1"], "6 digits"),
        (["--bin", "970436", "--account", "1", "--amount", "1.5"], "whole đồng"),
        (["--bin", "970436", "--account", "1", "--amount", "-3"], "whole đồng"),
        (["--bin", "970436", "--account", "1", "--amount", "0"], "amount"),
        (["--bin", "970436", "--account", "1", "--amount", "1" * 14], "amount"),
        (["--bin", "970436", "--account", "1", "--purpose", "Nộp phí"], "ASCII"),
        (["--bin", "970436", "--account", "1", "--purpose", "line\nbreak"], "ASCII"),
        (["--bin", "970436", "--account", "1", "--bill", "x" * 26], "at most 25"),
        (["--bin", "970436", "--account", "1" * 20], "account number"),
    ],
)
def test_build_refuses_bad_input_in_one_line(cli: Cli, args: list[str], needle: str) -> None:
    assert needle in cli("vietqr", "build", *args).error()


# --- parse ---------------------------------------------------------------------------


def test_parse_prints_the_fields(cli: Cli) -> None:
    result = cli("vietqr", "parse", V02)
    assert result.code == 0, result
    assert json.loads(result.out) == {
        "bin": "970403",
        "account": "0011012345678",
        "service": "QRIBFTTA",
        "amount": 180000,
        "bill_number": "NPS6869",
        "purpose": "thanh toan don hang",
        "dynamic": True,
        "crc_ok": True,
    }


def test_parse_accepts_a_lower_case_crc(cli: Cli) -> None:
    result = cli("vietqr", "parse", V01[:-4] + V01[-4:].lower())
    assert json.loads(result.out)["amount"] == 180000


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (N04, "CRC"),
        (V01[:-1], "says 4 characters but only 3 follow"),
        (V01.replace("thanh toan", "thanh toán"), "not printable ASCII"),
        (recrc(V01.replace("A000000727", "A000000999")), "not a NAPAS VietQR"),
        (recrc(V01.replace("5303704", "5303840")), "704"),
        ("", "empty"),
        ("hello world", "breaks off"),
        (V01 * 50, "appears twice"),
    ],
)
def test_parse_refuses_with_the_reason_in_one_line(cli: Cli, payload: str, needle: str) -> None:
    assert needle in cli("vietqr", "parse", payload).error()


# --- png -----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [V01, V02, V08])
def test_png_decodes_to_the_exact_payload(cli: Cli, tmp_path: Path, payload: str) -> None:
    out = tmp_path / "qr.png"
    result = cli("vietqr", "png", payload, "--out", str(out))
    assert (result.code, result.out) == (0, f"{out}\n")
    assert decode(out) == payload


def test_png_has_a_quiet_zone(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "qr.png"
    assert cli("vietqr", "png", V01, "--out", str(out), "--box-size", "4").code == 0
    with Image.open(out) as image:
        grey = image.convert("L")
        border = [grey.getpixel((x, y)) for x in range(16) for y in range(grey.height)]
    assert min(border) == 255  # 4 white modules of 4 pixels on the left


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    account=st.text(alphabet="0123456789", min_size=6, max_size=19),
    amount=st.integers(1, 10**12),
    purpose=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ", min_size=1, max_size=25),
)
def test_png_of_any_built_payload_decodes_back(
    tmp_path: Path, account: str, amount: int, purpose: str
) -> None:
    payload = vietqr.build("970436", account=account, amount=amount, purpose=purpose)
    path = tmp_path / "any.png"
    path.write_bytes(png_bytes(payload, box_size=3))
    assert decode(path) == payload


@pytest.mark.parametrize(
    ("payload", "extra", "needle"),
    [
        (N04, [], "CRC"),
        (V01[:-2], [], "only 2 follow"),
        (V01, ["--box-size", "0"], "--box-size"),
        (V01, ["--box-size", "big"], "--box-size"),
    ],
)
def test_png_refuses_bad_input_and_writes_nothing(
    cli: Cli, tmp_path: Path, payload: str, extra: list[str], needle: str
) -> None:
    out = tmp_path / "qr.png"
    assert needle in cli("vietqr", "png", payload, "--out", str(out), *extra).error()
    assert not out.exists()


def test_png_to_an_unwritable_place(cli: Cli, tmp_path: Path) -> None:
    assert (
        "cannot write" in cli("vietqr", "png", V01, "--out", str(tmp_path / "no" / "q.png")).error()
    )


def test_png_needs_out(cli: Cli) -> None:
    assert "--out" in cli("vietqr", "png", V01).error()


# --- banks and usage -----------------------------------------------------------------


def test_banks_lists_the_table(cli: Cli) -> None:
    result = cli("vietqr", "banks")
    lines = result.out.splitlines()
    assert result.code == 0 and len(lines) == 18
    assert "970436\tVietcombank\tNgân hàng TMCP Ngoại thương Việt Nam" in lines


def test_vietqr_without_a_command(cli: Cli) -> None:
    assert "COMMAND" in cli("vietqr").error()


def test_commands_need_no_database(cli: Cli, tmp_path: Path) -> None:
    assert cli("vietqr", "parse", V01).code == 0
    assert not (tmp_path / "data").exists()
