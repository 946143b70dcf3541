"""A real server process per database backend: a SQLite file, and (marked `postgres`) a fresh
PostgreSQL database made for the session and dropped at its end."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.helpers.server import POSTGRES_ADMIN_URL, ServerProcess, start_server
from tests.server.seat import Accounts, Seat

BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]


def _admin() -> psycopg.Connection:
    return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh database ws_test_<hex> on the test PostgreSQL, dropped at the end of the session."""
    name = f"ws_test_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'workstation.db'}"


def assert_clean_log(server: ServerProcess) -> None:
    """Like qutebrowser's logfail: an unexpected traceback in the server log fails the run."""
    log = server.log()
    assert "Traceback" not in log, log[-4000:]


@pytest.fixture(scope="session")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The demo server on the backend under test, shared by the tests of the session."""
    process = start_server(db_url, tmp_path_factory.mktemp("logs"), "--no-departments")
    yield process
    process.stop()
    assert_clean_log(process)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    """Extra server processes a test starts itself; stopped (and their logs checked) after it."""
    started: list[ServerProcess] = []
    yield started
    for process in started:
        process.stop()
    for process in started:
        assert_clean_log(process)


@pytest.fixture
def seats(server: ServerProcess) -> Iterator[dict[str, Seat]]:
    """Signed-in demo accounts by username, created on first use."""
    accounts = Accounts(server)
    yield accounts
    accounts.close_all()
