import os
import sys
from pathlib import Path

import pytest

# Tests must never reach a model hub (see DEVELOPERS.md); fail fast if something tries.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).parent))

from builders import SHARED_DATA  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

# -- stores of every backend (tests/store, tests/fetch) ---------------------------------------
# PostgreSQL is Debian's package, started once per session as a private server
# (tools/pg_server.py); without it the PostgreSQL cases skip, which CI turns into failures.



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


BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The private server's address; stopped at the end if this session started it."""
    import pg_server

    try:
        was_running = pg_server.running()
        address = pg_server.start()
    except pg_server.ServerUnavailable as error:
        pytest.skip(f"PostgreSQL: {error}")
    yield address
    if not was_running:
        pg_server.stop()


@pytest.fixture(params=BACKENDS)
def store_address(request, tmp_path) -> str:
    """The address of an empty store of each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "news.db")
        return
    import pg_server

    address, drop = pg_server.fresh_schema(request.getfixturevalue("postgres_server"))
    yield address
    drop()


@pytest.fixture
def store(store_address):
    from newsum.store import open_store

    opened = open_store(store_address)
    yield opened
    opened.close()
