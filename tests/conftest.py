import os
import sys
from pathlib import Path

import pytest

# Tests must never reach a model hub (see DEVELOPERS.md); fail fast if something tries.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).parent))

from builders import SHARED_DATA  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: needs ../shared/data (skipped when absent)")


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
