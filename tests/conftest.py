"""Fixtures shared by the test modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

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
