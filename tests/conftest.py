"""Fixtures shared by the test modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (minutes each)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: runs for minutes; the README's test command adds --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# Put first in a fresh interpreter, it makes every 'import torch' fail, as it does without the accurate extra.
BLOCK_TORCH = "import sys\nsys.modules['torch'] = None\n"


@pytest.fixture
def without_torch() -> Callable[..., subprocess.CompletedProcess]:
    """``without_torch(code, *argv)``: run Python ``code`` (with ``sys.argv[1:] == argv``) in a fresh
    interpreter where torch cannot be imported; its output is captured as text."""

    def run(code: str, *argv: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", BLOCK_TORCH + code, *argv], capture_output=True, text=True, timeout=timeout
        )

    return run
