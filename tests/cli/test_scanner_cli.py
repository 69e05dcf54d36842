"""The scanner's port on the command line: shown, set by an administrator, bad values refused."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_the_port_is_set_and_shown(cli: Cli) -> None:
    assert cli("scanner", "show").json() == {"port": None, "baudrate": 9600}
    done = cli("scanner", "set", "--port", "/dev/ttyACM0", "--baud", "115200")
    assert done.code == 0 and "/dev/ttyACM0 at 115200" in done.out
    assert cli("scanner", "show").json() == {"port": "/dev/ttyACM0", "baudrate": 115200}
    assert cli("scanner", "set", "--keyboard").code == 0
    assert cli("scanner", "show").json()["port"] is None
    assert isinstance(cli("scanner", "ports").json(), list)


def test_bad_values_and_other_roles_are_refused(cli: Cli) -> None:
    assert "not a serial speed" in cli("scanner", "set", "--port", "COM4", "--baud", "7").error()
    assert "COM4 or /dev/ttyACM0" in cli("scanner", "set", "--port", "\x1b[2J").error()
    assert (
        "no active officer" in cli("scanner", "set", "--port", "COM4", "--officer", "khach").error()
    )
    assert cli("scanner", "show").json()["port"] is None
