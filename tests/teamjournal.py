"""A team journal for a test: the `pg` fixture's database with oto's team schema installed."""

from __future__ import annotations

from tests.conftest import NOW


def install(url: str) -> None:
    """oto's schema on the server, as `oto team init` installs it (store/pg_schema.py), or,
    where that module is not there yet, the models' tables and the version stamp."""
    import psycopg

    try:
        from onetoone.store import pg_schema
    except ImportError:
        pg_schema = None
    with psycopg.connect(url) as conn:
        if pg_schema is not None:
            pg_schema.install(conn, now=NOW)
            return
        from sqlalchemy import create_engine
        from sqlmodel import SQLModel

        from onetoone.store import migrations, models  # noqa: F401

        engine = create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(url))
        with engine.begin() as connection:
            SQLModel.metadata.create_all(connection)
        engine.dispose()
        conn.execute(
            "INSERT INTO migration (version, name, applied_at) VALUES (%s, %s, %s)",
            (migrations.LATEST, migrations.MIGRATIONS[-1].name, NOW),
        )


def url_of(conninfo: str) -> str:
    """The pg fixture's conninfo (`host=... dbname=...`) as the URL an organizer types."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(conninfo)
    user = f"{quote(parts['user'])}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{quote(parts['dbname'])}"
