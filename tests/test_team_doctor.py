"""`oto doctor` on a team journal (PostgreSQL): what an organizer or an admin can check from their
side, in the same lines and exit codes as on their own journal; a journal whose row-level security
was damaged is a PROBLEM naming the table, and exit 5. `oto backup` and `oto import journal` stay
refused (exit 8), each saying what to do instead."""

from __future__ import annotations

import os

import pytest

from tests.teamjournal import url_of

psycopg = pytest.importorskip("psycopg")


@pytest.fixture
def team(pg, oto):
    """A team as `oto team init` makes it, with Ana (an organizer) and Cleo (an admin): each one's
    environment, and the superuser's URL."""
    from onetoone.store import pg_schema

    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    admin = url_of(pg.url)
    assert oto("team", "init", admin).exit_code == 0
    ana, cleo = pg.role("ana"), pg.role("cleo")
    assert oto("team", "add-organizer", ana, "--url", admin).exit_code == 0
    assert oto("team", "add-organizer", cleo, "--admin", "--url", admin).exit_code == 0
    return {"ana": {"OTO_DATABASE_URL": url_of(pg.url_as(ana))}, "cleo": {"OTO_DATABASE_URL": url_of(pg.url_as(cleo))},
            "admin": admin, "names": (ana, cleo), "team": made}


def _labels(ran) -> list[str]:
    return [line.split()[0] for line in ran.stdout.splitlines()]


def test_a_sound_team_journal_is_all_ok_for_an_organizer(team, oto):
    ana, _ = team["names"]
    assert oto("add", "Maria Lopez", env=team["ana"]).exit_code == 0
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 0, ran.output
    assert set(_labels(ran)) == {"ok"}, ran.stdout
    lines = ran.stdout.splitlines()
    assert lines[0].startswith("ok       Server ") and "answers: PostgreSQL 1" in lines[0]
    from onetoone.store.migrations import LATEST

    assert f"Schema version {LATEST} (this oto writes {LATEST})." in ran.stdout
    assert f"You are {ana}, an organizer (not an admin) of the team" in ran.stdout
    assert "Row-level security on all" in ran.stdout and "oto_forget in place" in ran.stdout
    assert "Encoding UTF8" in ran.stdout
    assert "not encrypted, but it stays on this machine" in ran.stdout  # loopback
    assert "Holds 1 people" in ran.stdout
    assert "pg_dump" in lines[-1] and "Backups are the team's admin's" in lines[-1]
    assert ran.stderr == ""


def test_an_admin_is_named_as_one(team, oto):
    _, cleo = team["names"]
    ran = oto("doctor", env=team["cleo"])
    assert ran.exit_code == 0, ran.output
    assert f"You are {cleo}, an admin" in ran.stdout


def test_a_superuser_is_a_problem_it_reads_every_organizers_notes(team, oto):
    ran = oto("doctor", env={"OTO_DATABASE_URL": team["admin"]})
    assert ran.exit_code == 5
    problems = [line for line in ran.stdout.splitlines() if line.startswith("PROBLEM")]
    assert len(problems) == 1 and "a superuser" in problems[0] and "every organizer's notes" in problems[0]


def test_a_role_that_bypasses_row_level_security_is_a_problem(team, oto, pg):
    ana, _ = team["names"]
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute(f'ALTER ROLE "{ana}" BYPASSRLS')
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5
    assert "BYPASSRLS" in ran.stdout and "every organizer's notes" in ran.stdout


def test_a_damaged_journal_names_each_table_and_exits_5(team, oto, pg):
    """As the superuser, row-level security off on one table, a policy dropped, one loosened, one
    added, a trigger and a view dropped: each a PROBLEM line naming what, and nothing else wrong."""
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute("ALTER TABLE meeting DISABLE ROW LEVEL SECURITY")
        conn.execute("DROP POLICY reads ON insight")
        conn.execute("ALTER POLICY reads ON promise USING (true)")
        conn.execute(f'CREATE POLICY peek ON story FOR SELECT TO "{team["team"].organizers}" USING (true)')
        conn.execute("DROP TRIGGER owner_or_admin_deletes ON tag")
        conn.execute("DROP VIEW team_story")
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5, ran.output
    problems = [line for line in ran.stdout.splitlines() if line.startswith("PROBLEM")]
    assert len(problems) == 6, ran.stdout
    by_table = {line.split()[2].rstrip(":"): line for line in problems if line.split()[1] == "Table"}
    assert "row-level security is off" in by_table["meeting"]
    assert "the policy reads is missing" in by_table["insight"]
    assert "the policy reads is not as `oto team init` made it" in by_table["promise"]
    assert "a policy oto never makes (peek)" in by_table["story"]
    assert "owner_or_admin_deletes is missing" in by_table["tag"]
    assert any("team_story is missing" in line for line in problems)
    assert "Row-level security on all" not in ran.stdout
    assert ran.stderr == "" and "Traceback" not in ran.output


def test_the_owner_role_that_can_log_in_or_has_members_is_a_problem(team, oto, pg):
    ana, _ = team["names"]
    owner = team["team"].owner
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute(f'ALTER ROLE "{owner}" LOGIN')
        conn.execute(f'GRANT "{owner}" TO "{ana}"')
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5
    line = next(line for line in ran.stdout.splitlines() if owner in line and line.startswith("PROBLEM"))
    assert "it can log in" in line and f"{ana} is a member of it" in line and f"REVOKE {owner} FROM {ana}" in line


def test_a_journal_behind_this_oto_points_at_team_upgrade(team, oto, pg):
    from onetoone.store import migrations

    with psycopg.connect(pg.url) as conn:
        conn.execute("DELETE FROM migration WHERE version = %s", (migrations.LATEST,))
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5
    assert "older than this oto's" in ran.stdout and "`oto team upgrade`" in ran.stdout
    assert "Row-level security on all" in ran.stdout  # the other checks still ran


def test_a_newer_journal_says_to_upgrade_oto(team, oto, pg):
    from onetoone.store import migrations

    with psycopg.connect(pg.url) as conn:
        conn.execute("INSERT INTO migration (version, name, applied_at) VALUES (%s, 'from the future', now())",
                     (migrations.LATEST + 1,))
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5
    assert "newer than this oto's" in ran.stdout and "upgrade oto" in ran.stdout


def test_no_server_and_no_team_journal_are_one_line_with_the_openers_exit_code(pg, oto):
    ran = oto("doctor", env={"OTO_DATABASE_URL": "postgresql://organizer@127.0.0.1:9/campaign?connect_timeout=3"})
    assert ran.exit_code == 1
    assert ran.stdout.startswith("PROBLEM") and ran.stdout.count("\n") == 1 and "cannot be reached" in ran.stdout
    ran = oto("doctor", env={"OTO_DATABASE_URL": url_of(pg.url)})
    assert ran.exit_code == 4
    assert ran.stdout.count("\n") == 1 and "not a team journal" in ran.stdout


def test_the_config_file_holding_the_url_is_checked(team, oto, oto_home):
    ran = oto("team", "connect", team["ana"]["OTO_DATABASE_URL"], env={"OTO_DATABASE_URL": ""})
    assert ran.exit_code == 0, ran.output
    config = oto_home / "config.toml"
    ran = oto("doctor", env={"OTO_DATABASE_URL": ""})  # the URL from the config file
    assert ran.exit_code == 0, ran.output
    assert f"ok       {config} is 0600." in ran.stdout
    os.chmod(config, 0o644)
    with open(config, "a", encoding="utf-8") as handle:
        handle.write('old_url = "postgresql://ana:hunter2@db.example.org/campaign"\n')
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5
    assert f"PROBLEM  {config} is 0644" in ran.stdout and "chmod 600" in ran.stdout
    assert f"PROBLEM  {config} holds a password" in ran.stdout and "hunter2" not in ran.stdout


def test_drafts_waiting_on_this_machine_are_named_as_on_your_own_journal(team, oto, oto_home):
    drafts = oto_home / "drafts"
    drafts.mkdir(parents=True, mode=0o700)
    (drafts / "notes.txt~").write_text("private", encoding="utf-8")
    ran = oto("doctor", env=team["ana"])
    assert ran.exit_code == 5
    assert "PROBLEM  Stray file" in ran.stdout and "notes.txt~" in ran.stdout


def test_doctor_changes_nothing_on_the_server(team, oto, pg):
    assert oto("add", "Maria Lopez", env=team["ana"]).exit_code == 0
    with psycopg.connect(pg.url) as conn:
        before = conn.execute("SELECT count(*), max(xmin::text) FROM person").fetchone()
    assert oto("doctor", env=team["ana"]).exit_code == 0
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*), max(xmin::text) FROM person").fetchone() == before


@pytest.mark.parametrize("command, points_to", [(("backup",), "pg_dump"), (("import", "journal", "{backup}"), "oto team push")])
def test_backup_and_import_journal_stay_refused_and_say_what_to_do(team, oto, tmp_path, command, points_to):
    alone = {"OTO_HOME": str(tmp_path / "alone"), "OTO_DATABASE_URL": ""}
    backup = tmp_path / "journal.json"
    assert oto("add", "Maria Lopez", env=alone).exit_code == 0
    assert oto("export", "json", str(backup), env=alone).exit_code == 0
    ran = oto(*(word.format(backup=backup) for word in command), env=team["ana"])
    assert ran.exit_code == 8
    assert ran.stderr.count("\n") == 1 and points_to in ran.stderr and "nothing was changed" in ran.stderr


def test_tls_over_a_network_is_a_problem_unless_encrypted():
    """The words for a connection this machine's server cannot offer (no TLS here): over a network,
    plain is a PROBLEM, TLS without the certificate checked a warning, verify-full ok."""
    from onetoone.render import doctor
    from onetoone.store.pg_health import Connection

    assert doctor._tls(Connection("db.example.org", False, False, None, "prefer"))[0] == "PROBLEM"
    assert doctor._tls(Connection("db.example.org", False, True, "TLSv1.3", "require"))[0] == "warning"
    assert doctor._tls(Connection("db.example.org", False, True, "TLSv1.3", "verify-full")) == (
        "ok", "The connection is encrypted (TLSv1.3).")
    assert doctor._tls(Connection("/var/run/postgresql", True, False, None, None))[0] == "ok"
