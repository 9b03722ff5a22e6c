"""A real PostgreSQL for the team journal's tests: each test gets its own database, dropped after.

The server is the machine's own (127.0.0.1:5432, trust auth for a superuser), or the one named by
OTO_TEST_PG_ADMIN_URL. Without a server the PostgreSQL tests skip with one line saying how to run
them; when `CI` is set they must run, so a missing server fails them instead of skipping.
Roles are cluster-wide, so a test's roles carry its database's random suffix anywhere in their name
(`role(name)`) and dropped with it.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

import pytest

ADMIN_URL = os.environ.get("OTO_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
HOW = ("PostgreSQL tests skipped: no server at 127.0.0.1:5432 (start one with trust auth for `postgres`, "
       "or set OTO_TEST_PG_ADMIN_URL to a superuser's URL)")


def _admin():
    """An autocommit superuser connection, or None when there is no server (or no psycopg)."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        return None


@dataclass
class Server:
    """One test's database on the server: `url` (as the superuser), `role(name)` for a role of
    this test's own, `url_as(role)` to connect as it."""

    database: str
    suffix: str
    roles: list[str] = field(default_factory=list)

    def _with_database(self, base: str, user: str | None = None) -> str:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        parts = conninfo_to_dict(base)
        parts["dbname"] = self.database
        if user is not None:
            parts["user"] = user
        return make_conninfo(**parts)

    @property
    def url(self) -> str:
        return self._with_database(ADMIN_URL)

    def role(self, name: str) -> str:
        """A role name private to this test (created by the code under test, dropped after it)."""
        named = f"{name}_{self.suffix}"
        self.roles.append(named)
        return named

    def url_as(self, role: str) -> str:
        return self._with_database(ADMIN_URL, user=role)


@pytest.fixture
def pg():
    admin = _admin()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no PostgreSQL answers at " + ADMIN_URL)
        pytest.skip(HOW)
    suffix = secrets.token_hex(4)
    server = Server(database=f"oto_test_{suffix}", suffix=suffix)
    with admin:
        admin.execute(f'CREATE DATABASE "{server.database}"')
        try:
            yield server
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{server.database}" WITH (FORCE)')
            rows = admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"%{suffix}%",)).fetchall()
            for (role,) in rows:
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')
