"""A private PostgreSQL server for the tests and benchmarks: Debian's ``postgresql`` package,
a data folder of its own, listening on 127.0.0.1 and a socket in that folder.

    python tools/pg_server.py start     # prints the address (postgresql://postgres@127.0.0.1:PORT/postgres)
    python tools/pg_server.py stop

PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the
``postgres`` user (``runuser``), which Debian's package creates. The folder is
``$NEWSUM_PG_DIR``, else one under the system's temporary folder per user and checkout, so
two checkouts do not share a server. Starting a running server only prints its address.
"""

from __future__ import annotations

import getpass
import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["start", "stop", "running", "fresh_schema", "binaries", "ServerUnavailable"]


class ServerUnavailable(RuntimeError):
    """PostgreSQL is not installed here (or cannot start): the message says what to install."""


def binaries() -> Path:
    """The folder with ``initdb`` and ``pg_ctl`` (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    raise ServerUnavailable("PostgreSQL is not installed: apt-get install -y postgresql (Debian), then run the tests again")


def _folder() -> Path:
    if os.environ.get("NEWSUM_PG_DIR"):
        return Path(os.environ["NEWSUM_PG_DIR"])
    tag = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / f"newsum-pg-{getpass.getuser()}-{tag}"


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if not shutil.which("runuser"):
        raise ServerUnavailable("running as root without runuser: PostgreSQL cannot start as root")
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _address(port: int) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def running() -> str | None:
    """The private server's address, if it is running."""
    folder = _folder()
    port_file = folder / "port"
    if not port_file.exists():
        return None
    status = subprocess.run(_as_server_user([str(binaries() / "pg_ctl"), "-D", str(folder / "data"), "status"]), capture_output=True)
    return _address(int(port_file.read_text())) if status.returncode == 0 else None


def start() -> str:
    """Start (or find running) the private server; its address."""
    bin_dir = binaries()
    folder = _folder()
    data = folder / "data"
    port_file = folder / "port"
    if running():
        return _address(int(port_file.read_text()))
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    if not (data / "PG_VERSION").exists():
        done = subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                               "--encoding=UTF8", "--locale=C.UTF-8"]), capture_output=True, text=True)
        if done.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {done.stderr.strip()[-500:]}")
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    done = subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w",
                                           "start"]), capture_output=True, text=True)
    if done.returncode != 0:
        log = (folder / "log").read_text(errors="replace")[-800:] if (folder / "log").exists() else ""
        raise ServerUnavailable(f"pg_ctl start failed: {done.stderr.strip()[-400:]} {log}")
    port_file.write_text(str(port))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return _address(port)
        time.sleep(0.1)
    raise ServerUnavailable(f"the server did not answer on port {port}; see {folder / 'log'}")


def fresh_schema(server: str):
    """A new, empty schema on the server (a store of its own for a test or a benchmark): its
    address, and how to drop it."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    return f"{server}?options=-csearch_path%3D{schema}", drop


def stop() -> None:
    folder = _folder()
    if (folder / "data" / "PG_VERSION").exists():
        subprocess.run(_as_server_user([str(binaries() / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"]),
                       capture_output=True)
    (folder / "port").unlink(missing_ok=True)


def main() -> int:
    if sys.argv[1:] == ["start"]:
        try:
            print(start())
        except ServerUnavailable as error:
            print(f"pg_server: {error}", file=sys.stderr)
            return 1
        return 0
    if sys.argv[1:] == ["stop"]:
        stop()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
