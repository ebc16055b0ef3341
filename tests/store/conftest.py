"""Stores to test against: every backend, each test with a store of its own.

PostgreSQL is Debian's package, started once per session as a private server
(tools/pg_server.py); without it the PostgreSQL cases skip, which CI turns into failures.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    import pg_server

    try:
        return pg_server.start()
    except pg_server.ServerUnavailable as error:
        pytest.skip(f"PostgreSQL: {error}")


def postgres_database(server: str) -> tuple[str, callable]:
    """A fresh schema on the server: its address, and how to drop it."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    return f"{server}?options=-csearch_path%3D{schema}", drop


@pytest.fixture(params=BACKENDS)
def store_address(request, tmp_path) -> str:
    """The address of an empty store of each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "news.db")
        return
    server = request.getfixturevalue("postgres_server")
    address, drop = postgres_database(server)
    yield address
    drop()


@pytest.fixture
def store(store_address):
    from newsum.store import open_store

    opened = open_store(store_address)
    yield opened
    opened.close()
