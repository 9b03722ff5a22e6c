"""A team journal for a test: the `pg` fixture's database with oto's team schema installed."""

from __future__ import annotations

from tests.conftest import NOW


def install(url: str) -> None:
    """oto's team journal on the server, as `oto team init` makes it (store/pg_setup.init_team:
    the schema, the team's roles, row-level security and the team views the commands read)."""
    import psycopg

    from onetoone.store import pg_setup

    with psycopg.connect(url) as conn:
        pg_setup.init_team(conn, now=NOW)


def url_of(conninfo: str) -> str:
    """The pg fixture's conninfo (`host=... dbname=...`) as the URL an organizer types."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(conninfo)
    user = f"{quote(parts['user'])}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{quote(parts['dbname'])}"
