"""`make test`: the whole suite by default, a narrower run when PYTEST_ARGS names paths."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def pytest_command(*variables: str) -> str:
    """The pytest line `make test` would run (make -n prints it without running it). The
    outer make's variables (this suite may itself run under `make test PYTEST_ARGS=...`)
    are left out of the environment."""
    inherited = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ARGS", "TESTS"}
    dry = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "-n", "test", *variables],  # noqa: S607
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key not in inherited},
        capture_output=True,
        text=True,
        check=True,
    )
    (line,) = [line for line in dry.stdout.splitlines() if " -m pytest " in line]
    return line.split(" -m pytest ", 1)[1].split()


def test_make_test_runs_every_test_by_default_and_with_options_only():
    assert pytest_command() == ["tests"]
    assert pytest_command("PYTEST_ARGS=-q -rfE") == ["tests", "-q", "-rfE"]


def test_make_test_with_a_path_runs_only_that_path():
    assert pytest_command("PYTEST_ARGS=tests/topics") == ["tests/topics"]
    assert pytest_command("PYTEST_ARGS=tests/topics/test_cfp.py -x") == [
        "tests/topics/test_cfp.py",
        "-x",
    ]
