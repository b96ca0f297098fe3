"""The hand-written stubs match the compiled module (mypy.stubtest)."""

import subprocess
import sys

import clf


def test_stubs_match_the_module():
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "clf._clf"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_everything_exported_is_documented():
    for name in clf.__all__:
        obj = getattr(clf, name)
        if callable(obj):
            assert obj.__doc__, f"clf.{name} has no docstring"
