"""What `oto doctor` says about a team journal (store/pg_health.py's facts): one line a check,
each `ok`, `warning` or `PROBLEM`, as on the organizer's own journal (store/health.py)."""

from __future__ import annotations

OK, WARNING, PROBLEM = "ok", "warning", "PROBLEM"


def team(found, config) -> list[tuple[str, str]]:
    """The lines for the team journal `found` (pg_health.TeamHealth) and the config file `config`."""
    lines = [(OK, f"Server {found.where} answers: PostgreSQL {found.server_version}.")]
    lines.append(_schema(found))
    lines += _who(found)
    lines += _security(found)
    lines.append((OK, "Encoding UTF8 (search folds case and accents in it).") if found.encoding == "UTF8" else
                 (PROBLEM, f"The database's encoding is {found.encoding}, not UTF8: `oto search` cannot fold accents in it and "
                           "names outside it cannot be stored. The admin moves the journal to a UTF8 database (pg_dump, then "
                           "createdb -E UTF8 and pg_restore)."))
    lines.append(_tls(found.connection))
    lines += _config(config)
    if found.people is not None:
        lines.append((OK, f"Holds {found.people:,} people and {found.meetings:,} one-to-ones you can read."))
    lines.append((OK, "Backups are the team's admin's: pg_dump on the server (see the README's Team journal, Backups); "
                      "`oto backup` is for your own journal (it is refused here)."))
    return lines


def _schema(found) -> tuple[str, str]:
    if found.schema == found.latest:
        return OK, f"Schema version {found.schema} (this oto writes {found.latest})."
    if found.schema > found.latest:
        return PROBLEM, (f"Schema version {found.schema}, newer than this oto's {found.latest}: upgrade oto "
                         "(every command refuses this journal until then).")
    return PROBLEM, (f"Schema version {found.schema}, older than this oto's {found.latest}: ask your admin to run "
                     "`oto team upgrade` (every command refuses this journal until then).")


def _who(found) -> list[tuple[str, str]]:
    if found.superuser or found.bypasses_rls:
        what = "a superuser" if found.superuser else "a role with BYPASSRLS"
        return [(PROBLEM, f"You connect as {found.user}, {what}: row-level security does not bind it, so it reads every "
                          "organizer's notes, and what it writes is not yours. Connect as your own organizer role "
                          "(`oto team add-organizer NAME`, then `oto team connect`).")]
    if found.team is None:
        return [(PROBLEM, f"This database has no team's roles (`oto team init` makes them): anyone who can connect reads "
                          "everything. Ask your admin to run `oto team init`.")]
    if not found.organizer:
        return [(PROBLEM, f"You connect as {found.user}, who is not an organizer of this team: ask your admin to run "
                          f"`oto team add-organizer {found.user}`.")]
    role = "an admin (you may delete any shared record and forget anyone)" if found.admin else "an organizer (not an admin)"
    lines = [(OK, f"You are {found.user}, {role} of the team {found.team}.")]
    if found.owner_logs_in or found.owner_members:
        how = ["it can log in"] if found.owner_logs_in else []
        how += [f"{member} is a member of it" for member in found.owner_members]
        fix = [f"ALTER ROLE {found.owner_role} NOLOGIN"] if found.owner_logs_in else []
        fix += [f"REVOKE {found.owner_role} FROM {member}" for member in found.owner_members]
        lines.append((PROBLEM, f"The role {found.owner_role} owns the tables, so row-level security does not bind it, and "
                               f"{', '.join(how)}: whoever logs in as it reads every organizer's notes. Ask your admin to run "
                               f"{'; '.join(fix)}."))
    return lines


def _security(found) -> list[tuple[str, str]]:
    if found.team is None:
        return []
    lines = []
    for table in found.tables:
        if table.sound:
            continue
        wrong = []
        if not table.secured:
            wrong.append("row-level security is off (everyone who may read it reads every row)")
        if table.owner != table.expected_owner:
            wrong.append(f"it is owned by {table.owner}, not {table.expected_owner} (row-level security never binds a table's owner)")
        if table.missing_policies:
            wrong.append(_listed("the policy", "the policies", table.missing_policies) + " missing")
        if table.changed_policies:
            wrong.append(_listed("the policy", "the policies", table.changed_policies) + " not as `oto team init` made it")
        if table.extra_policies:
            extra = ", ".join(table.extra_policies)
            wrong.append(f"{'a policy' if len(table.extra_policies) == 1 else 'policies'} oto never makes ({extra}), "
                         "which may let others read rows")
        if table.missing_triggers:
            wrong.append(_listed("the trigger", "the triggers", table.missing_triggers) + " missing (it refuses deleting another's shared record)")
        lines.append((PROBLEM, f"Table {table.name}: {'; '.join(wrong)}. Ask your admin to repair it as `oto team init` makes it: "
                               "until then, organizers' words may not be their own."))
    if found.missing_tables:
        lines.append((PROBLEM, _listed("The table", "The tables", found.missing_tables) + " missing from the journal: ask your admin."))
    for kind, missing, changed, why in (
        ("view", found.missing_views, found.changed_views, "not owned by the team's owner role or without security_barrier"),
        ("function", found.missing_functions, found.changed_functions, "not the team's owner role's or not as oto made it"),
    ):
        if missing:
            lines.append((PROBLEM, _listed(f"The team {kind}", f"The team {kind}s", missing) + " missing: ask your admin."))
        if changed:
            lines.append((PROBLEM, _listed(f"The team {kind}", f"The team {kind}s", changed) + f" {why}: ask your admin."))
    if not lines:
        secured = len(found.tables)
        lines.append((OK, f"Row-level security on all {secured} tables, with their policies and triggers as `oto team init` makes them; "
                          "the team views and oto_forget in place."))
    return lines


def _tls(connection) -> tuple[str, str]:
    if connection.encrypted:
        if connection.local or connection.sslmode == "verify-full":
            return OK, f"The connection is encrypted ({connection.tls_version})."
        return WARNING, (f"The connection is encrypted ({connection.tls_version}) but the server's certificate is not checked "
                         f"(sslmode={connection.sslmode or 'prefer'}): add sslmode=verify-full to the URL.")
    if connection.local:
        return OK, f"The connection is not encrypted, but it stays on this machine ({connection.host})."
    return PROBLEM, (f"The connection to {connection.host} is not encrypted: everyone's words cross the network in clear. "
                     "Add sslmode=verify-full to the URL (and ask your admin for a hostssl line in pg_hba.conf).")


def _config(config) -> list[tuple[str, str]]:
    if not config.exists:
        return []
    lines = []
    if config.mode & 0o077:
        lines.append((PROBLEM, f"{config.path} is {config.mode:04o}: others can read which journal you use; run `chmod 600` on it."))
    else:
        lines.append((OK, f"{config.path} is {config.mode:04o}."))
    if config.holds_password:
        lines.append((PROBLEM, f"{config.path} holds a password: remove it, and give it to libpq in ~/.pgpass (mode 0600) "
                               "or a service file instead."))
    return lines


def _listed(one: str, many: str, names) -> str:
    names = list(names)
    return f"{one} {names[0]} is" if len(names) == 1 else f"{many} {', '.join(names)} are"
