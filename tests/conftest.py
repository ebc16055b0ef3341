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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a test may skip only for missing ../shared data: a missing browser,
    Perl module, scorer or package is a failure there, since CI installs all of them."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI", "").lower() == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = str(report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)
        if "../shared" not in reason:
            report.outcome = "failed"
            report.longrepr = f"skipped in CI, which must run it: {reason}"
