"""What `oto doctor` finds on a team journal, as an organizer (or an admin) sees it from their side:
the server and its version, the schema version, who you are to the team, the row-level security,
policies, triggers, views and functions `oto team init` installed (store/pg_schema.py), the
database's encoding, this connection's TLS, and the config file that holds the URL.

Facts only: render/doctor.py says what they mean. Every read is one READ ONLY transaction over
PostgreSQL's own catalog, which every role may read; nothing is changed. What is expected is
what pg_schema itself installs (`table_privacy`, `_goal_ddl`, `VIEWS`, `_forget_function`),
read back from the statements it would run, so the check follows the schema without a second
list. Only `oto doctor` on a team journal imports this module (and psycopg).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Policy:
    name: str
    command: str  # SELECT, INSERT, UPDATE, DELETE
    role: str
    using: str | None
    check: str | None


@dataclass(frozen=True)
class TableHealth:
    name: str
    secured: bool  # row-level security enabled
    owner: str
    expected_owner: str
    missing_policies: tuple[str, ...] = ()
    changed_policies: tuple[str, ...] = ()  # present, but not as oto made them (command, role, condition)
    extra_policies: tuple[str, ...] = ()  # policies oto never makes: a permissive one widens who reads
    missing_triggers: tuple[str, ...] = ()
    known: bool = True  # a table this oto's schema has

    @property
    def sound(self) -> bool:
        return (self.secured and self.owner == self.expected_owner and not self.missing_policies
                and not self.changed_policies and not self.extra_policies and not self.missing_triggers)


@dataclass(frozen=True)
class Connection:
    host: str  # as libpq reached it: a name, an address, or a socket's folder
    local: bool  # a Unix socket or a loopback address: nothing crosses a network
    encrypted: bool
    tls_version: str | None
    sslmode: str | None


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    exists: bool
    mode: int | None = None
    holds_password: bool = False
    holds_url: bool = False


@dataclass(frozen=True)
class TeamHealth:
    where: str
    server_version: str
    schema: int | None
    latest: int
    user: str
    superuser: bool
    bypasses_rls: bool
    team: str | None  # the team's database name, when `oto team init` made its roles
    organizer: bool
    admin: bool
    owner_role: str | None
    owner_logs_in: bool
    owner_members: tuple[str, ...]
    encoding: str
    connection: Connection
    tables: tuple[TableHealth, ...] = ()
    missing_tables: tuple[str, ...] = ()
    missing_views: tuple[str, ...] = ()
    changed_views: tuple[str, ...] = ()  # not the owner's, or without security_barrier
    missing_functions: tuple[str, ...] = ()
    changed_functions: tuple[str, ...] = ()
    people: int | None = None
    meetings: int | None = None


def examine(url: str) -> TeamHealth:
    """What `oto doctor` finds at the team journal `url`; raises the opener's OtoError (exit 1:
    unreachable or a password asked; 4: no team journal there) when it cannot look at all."""
    from onetoone.store import migrations, pg_schema, postgres, server

    try:
        conn = postgres.dial(url)
        try:
            conn.read_only = True
            version = pg_schema.version(conn)
            if version is None:
                from onetoone.errors import NotAJournal

                raise NotAJournal(
                    f"The database {server.shown(url)} is not a team journal (no oto schema in it): ask your admin to run `oto team init`."
                )
            return _examine(conn, url, version, migrations.LATEST)
        finally:
            conn.close()  # nothing was written: closing ends the read
    except Exception as problem:
        said = postgres.failure(problem, url)
        if said is None:
            raise
        raise said from None


def _examine(conn, url: str, version: int, latest: int) -> TeamHealth:
    from onetoone.store import pg_schema, server

    database, user, server_version, encoding, superuser, bypasses = conn.execute(
        "SELECT current_database(), current_user, current_setting('server_version'), current_setting('server_encoding'),"
        " r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user"
    ).fetchone()
    team = pg_schema.team_of(database)
    roles = dict(conn.execute(
        "SELECT rolname, pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ANY(%s)",
        ([team.owner, team.organizers, team.admins],),
    ).fetchall())
    made = team.owner in roles
    owner_logs_in = bool(conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (team.owner,)).fetchone()[0]) if made else False
    owner_members = tuple(name for (name,) in conn.execute(
        "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid"
        " WHERE g.rolname = %s ORDER BY 1", (team.owner,)))
    tables, missing = _tables(conn, team, version == latest) if made else ((), ())
    views, changed_views = _views(conn, team) if made else ((), ())
    functions, changed_functions = _functions(conn, team) if made else ((), ())
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0] if roles.get(team.organizers) or superuser else None
    meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0] if people is not None else None
    return TeamHealth(
        where=server.shown(url), server_version=server_version, schema=version, latest=latest, user=user,
        superuser=superuser, bypasses_rls=bypasses, team=database if made else None,
        organizer=bool(roles.get(team.organizers)), admin=bool(roles.get(team.admins)),
        owner_role=team.owner if made else None, owner_logs_in=owner_logs_in, owner_members=owner_members,
        encoding=encoding, connection=_connection(conn), tables=tables, missing_tables=missing,
        missing_views=views, changed_views=changed_views, missing_functions=functions, changed_functions=changed_functions,
        people=people, meetings=meetings,
    )


_POLICY = re.compile(r"CREATE POLICY (\w+) ON (\S+) FOR (\w+) TO (\S+)(?: USING (.*?))?(?: WITH CHECK (.*))?\Z", re.S)
_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*? ON (\S+) FOR EACH", re.S)


def _expected(team, table: str, columns: list[str]) -> tuple[bool, list[Policy], list[str]]:
    """What pg_schema installs on `table`: whether it is a table of this oto's (the others get only
    row-level security and the owner checked), its policies and its triggers."""
    from onetoone.store import pg_schema

    try:
        statements = pg_schema.table_privacy(team, table, columns)
    except RuntimeError:  # neither shared nor private: the goal's own rule, or not a table of this oto's schema
        if table not in pg_schema.TEAM_TABLES:
            return False, [], []
        statements = pg_schema._goal_ddl(team)
    policies = []
    for statement in statements:
        found = _POLICY.match(statement)
        if found and _unquoted(found[2]) == table:
            policies.append(Policy(found[1], found[3], _unquoted(found[4]), found[5], found[6]))
    triggers = [found[1] for found in map(_TRIGGER.match, statements) if found and _unquoted(found[2]) == table]
    return True, policies, triggers


def _tables(conn, team, current: bool) -> tuple[tuple[TableHealth, ...], tuple[str, ...]]:
    from onetoone.store import pg_schema

    catalog = pg_schema._catalog(conn)
    secured = {table: (on, owner) for table, on, owner in conn.execute(
        "SELECT c.relname, c.relrowsecurity, pg_get_userbyid(c.relowner) FROM pg_class c"
        " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
    )}
    present: dict[str, dict[str, Policy]] = {}
    for table, name, command, roles, using, check in conn.execute(
        "SELECT tablename, policyname, cmd, roles, qual, with_check FROM pg_policies WHERE schemaname = 'public'"
        " AND permissive = 'PERMISSIVE'"  # a restrictive policy only narrows who reads a row: never a leak
    ):
        present.setdefault(table, {})[name] = Policy(name, command, ",".join(roles), using, check)
    triggers: dict[str, set[str]] = {}
    for table, name in conn.execute(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'D'"
    ):
        triggers.setdefault(table, set()).add(name)
    found = []
    for table in sorted(catalog):
        known, policies, wanted_triggers = _expected(team, table, catalog[table])
        has = present.get(table, {})
        found.append(TableHealth(
            name=table, secured=secured[table][0], owner=secured[table][1], expected_owner=team.owner,
            missing_policies=tuple(p.name for p in policies if p.name not in has),
            changed_policies=tuple(p.name for p in policies if p.name in has and not _same(p, has[p.name])),
            extra_policies=tuple(sorted(set(has) - {p.name for p in policies})) if known else (),
            missing_triggers=tuple(t for t in wanted_triggers if t not in triggers.get(table, ())),
            known=known,
        ))
    expected = [*pg_schema.tables(), *pg_schema.TEAM_TABLES] if current else []
    return tuple(found), tuple(table for table in expected if table not in catalog)


def _views(conn, team) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from onetoone.store import pg_schema

    found = {name: (owner, options or []) for name, owner, options in conn.execute(
        "SELECT c.relname, pg_get_userbyid(c.relowner), c.reloptions FROM pg_class c"
        " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'")}
    missing = tuple(view for view in pg_schema.VIEWS if view not in found)
    changed = tuple(view for view in pg_schema.VIEWS if view in found
                    and (found[view][0] != team.owner or "security_barrier=true" not in found[view][1]))
    return missing, changed


# The team's functions, and whether each runs as its owner (SECURITY DEFINER): oto_forget must, to
# reach everyone's rows; oto_guard_delete must not, so `current_user` is the organizer deleting.
FUNCTIONS = {"oto_forget": True, "oto_guard_delete": False}


def _functions(conn, team) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = {name: (owner, definer) for name, owner, definer in conn.execute(
        "SELECT p.proname, pg_get_userbyid(p.proowner), p.prosecdef FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace")}
    missing = tuple(name for name in FUNCTIONS if name not in found)
    changed = tuple(name for name, definer in FUNCTIONS.items() if name in found and found[name] != (team.owner, definer))
    return missing, changed


def _connection(conn) -> Connection:
    """This backend's TLS (pg_stat_ssl) and whether the server is on this machine: a Unix socket
    (no server address) or a loopback one."""
    encrypted, version, local = conn.execute(
        "SELECT s.ssl, s.version, inet_server_addr() IS NULL OR inet_server_addr() <<= '127.0.0.0/8' OR inet_server_addr() = '::1'"
        " FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()"
    ).fetchone()
    sslmode = next((option.val.decode() for option in conn.pgconn.info if option.keyword == b"sslmode" and option.val), None)
    return Connection(host=conn.info.host, local=bool(local), encrypted=bool(encrypted), tls_version=version, sslmode=sslmode)


def _same(wanted: Policy, found: Policy) -> bool:
    return (wanted.command == found.command and wanted.role == found.role
            and _condition(wanted.using) == _condition(found.using) and _condition(wanted.check) == _condition(found.check))


def _condition(text: str | None) -> str | None:
    """A policy's condition as written by pg_schema and as the server prints it back
    (`((owner = CURRENT_USER) OR ((kind)::text = 'boundary'::text))`), made comparable: casts,
    brackets, spaces and case set aside."""
    if text is None:
        return None
    return re.sub(r"::[a-z_]+", "", re.sub(r"[\s()]", "", text.lower()))


def _unquoted(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def config_file(environ: Mapping[str, str]) -> ConfigFile:
    """oto's config file (`oto team connect` writes the URL there): its mode, and whether any of
    its values holds a password (a URL's, or a setting named for one)."""
    from onetoone.store import paths, server

    place = paths.config_path(environ)
    try:
        mode = stat.S_IMODE(os.stat(place).st_mode)
    except OSError:
        return ConfigFile(place, exists=False)
    settings = server.settings_in(place)
    values = {key: value for key, value in settings.items() if isinstance(value, str)}
    secret = any("password" in key.lower() or server.holds_password(value) for key, value in values.items())
    return ConfigFile(place, exists=True, mode=mode, holds_password=secret, holds_url=bool(values.get("database_url", "").strip()))
