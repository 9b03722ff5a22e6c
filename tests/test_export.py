"""`oto export json|csv|markdown` and `oto import journal`: everything out, and back in identically.

The journal is built with oto's own commands: people with unicode and hostile names (rich
markup, an escape sequence), contacts, aliases, boundaries, reflections whose notes name other
people, promises both ways, a logged call, a stage move and a setting.
"""

import json
import os
import stat
from pathlib import Path

import pytest

SECRETS = ("Zebediah", "Quillfeather", "Zeb", "Brumblewick", "555-0199", "zeb@example.org",
           "Dev Patel", "dev@example.org", "Patel", "Ngozi", "Okonkwo-Adébáyọ̀")
NOTES = ("Xylophonic", "laundromat", "Grumbleweed", "rent strike", "lease")


@pytest.fixture
def full(oto):
    """A small journal through the commands, with something in every table oto writes today."""
    for args in (
        ("add", "Dev Patel", "--contact", "dev@example.org", "--tag", "riverside", "--institution", "Oak St Tenants"),
        ("add", "Zebediah Quillfeather", "--alias", "Zeb", "--contact", "555-0199 zeb@example.org",
         "--met-how", "Xylophonic laundromat meeting", "--boundary", "Never mention the Brumblewick dispute",
         "--referred-by", "Dev", "--tag", "riverside"),
        ("add", "Ngozi Okonkwo-Adébáyọ̀", "--contact", "+44 20 7946 0000"),
        ("add", "[bold]Rex[/bold] \x1b[31mEvil", "--contact", "rex@evil.example"),
        ("reflect", "Zebediah", "--at", "2026-11-16", "--self-interest", "Grumbleweed allotments",
         "--note", "Zebediah said Dev Patel and Ngozi talked about the rent strike; zeb laughed",
         "--ask", "Host a house meeting by 2026-11-30", "--answer", "yes", "--i-promise", "Send the lease by 2026-11-20",
         "--listened", "70", "--minutes", "40"),
        ("reflect", "Ngozi", "--at", "2026-11-18", "--value", "Fairness", "--note", "[red]Zeb[/red] sent me \x1b[2J",
         "--ask", "Come Thursday", "--answer", "maybe"),
        ("promise", "Dev", "Call Zebediah about the lease", "--by", "2026-11-25", "--theirs"),
        ("log", "Dev", "--call", "Talked about Quillfeather's plan"),
        ("edit", "Dev", "--stage", "active"),
        ("config", "date-order", "dmy"),
    ):
        ran = oto(*args)
        assert ran.exit_code == 0, (args, ran.stderr)


def tables_of(home: Path) -> dict[str, list[tuple]]:
    """Every exported table's rows, as stored, in the journal at `home`."""
    from onetoone.store.journal import open_journal
    from tests.conftest import NOW

    with open_journal(home / "journal.db", now=NOW) as journal:
        return {t.name: journal.stored(t.name, t.columns) for t in journal.tables()}


def all_bytes(path: Path) -> bytes:
    if path.is_file():
        return path.read_bytes()
    return b"".join(p.read_bytes() for p in sorted(path.iterdir()))


def test_json_round_trip_is_identical_table_by_table(oto, oto_home, tmp_path, full):
    out = tmp_path / "journal.json"
    ran = oto("export", "json", str(out))
    assert ran.exit_code == 0, ran.stderr
    document = json.loads(out.read_text())
    assert document["format"] == "oto-journal" and document["schema"] >= 7 and document["oto"]
    assert document["redacted"] == [] and document["person"] is None

    other = tmp_path / "other-home"
    ran = oto("import", "journal", str(out), env={"OTO_HOME": str(other)})
    assert ran.exit_code == 0, ran.stderr
    before, after = tables_of(oto_home), tables_of(other)
    assert set(before) == set(after) == set(document["tables"])
    for table in before:
        assert before[table] == after[table], table
    assert sum(len(rows) for rows in before.values()) > 20
    # the imported journal works as the original did
    assert json.loads(oto("show", "zeb", "--json", env={"OTO_HOME": str(other)}).stdout)["name"] == "Zebediah Quillfeather"


def test_export_covers_a_table_it_has_no_code_for(oto, oto_home, tmp_path, full, open_journal):
    """A table another migration adds is exported and imported with no change to the export."""
    with open_journal() as journal:
        journal.execute("CREATE TABLE phone_tree (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, person_id INTEGER REFERENCES person (id))")
        journal.execute("INSERT INTO phone_tree (name, person_id) VALUES ('Floor 3 calls', 1)")
    out = tmp_path / "j.json"
    assert oto("export", "json", str(out)).exit_code == 0
    assert json.loads(out.read_text())["tables"]["phone_tree"]["rows"] == [[1, "Floor 3 calls", 1]]
    one = json.loads(oto("export", "json", "--person", "Dev").stdout)
    assert one["tables"]["phone_tree"]["rows"] == [[1, "Floor 3 calls", 1]]


def test_import_refuses_a_journal_that_is_not_empty_and_a_newer_schema(oto, tmp_path, full):
    out = tmp_path / "j.json"
    oto("export", "json", str(out))
    ran = oto("import", "journal", str(out))
    assert ran.exit_code == 1 and "not empty" in ran.stderr and "Traceback" not in ran.output

    newer = json.loads(out.read_text())
    newer["schema"] = 999
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    ran = oto("import", "journal", str(tmp_path / "newer.json"), env={"OTO_HOME": str(tmp_path / "fresh")})
    assert ran.exit_code == 3 and "newer oto (schema 999" in ran.stderr
    (tmp_path / "bad.json").write_text("{not json")
    ran = oto("import", "journal", str(tmp_path / "bad.json"), env={"OTO_HOME": str(tmp_path / "fresh")})
    assert ran.exit_code == 1 and "not JSON" in ran.stderr
    assert oto("people", "--json", env={"OTO_HOME": str(tmp_path / "fresh")}).stdout.strip() == "[]"


def test_import_journal_is_undone_by_oto_undo(oto, tmp_path, full):
    out = tmp_path / "j.json"
    oto("export", "json", str(out))
    other = {"OTO_HOME": str(tmp_path / "other")}
    assert oto("import", "journal", str(out), env=other).exit_code == 0
    assert len(json.loads(oto("people", "--json", env=other).stdout)) == 4
    ran = oto("undo", env=other)
    assert ran.exit_code == 0, ran.stderr
    assert all(not rows for rows in tables_of(tmp_path / "other").values())


def test_csv_has_one_file_per_table_headed_by_its_columns(oto, oto_home, tmp_path, full):
    import csv

    folder = tmp_path / "csv"
    ran = oto("export", "csv", str(folder))
    assert ran.exit_code == 0, ran.stderr
    stored = tables_of(oto_home)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in stored)
    from onetoone.store.journal import open_journal
    from tests.conftest import NOW

    with open_journal(oto_home / "journal.db", now=NOW) as journal:
        columns = {t.name: list(t.columns) for t in journal.tables()}
    for table, rows in stored.items():
        with open(folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
            read = list(csv.reader(handle))
        assert read[0] == columns[table]
        assert len(read) - 1 == len(rows)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_markdown_writes_one_dossier_per_person(oto, tmp_path, full):
    folder = tmp_path / "md"
    ran = oto("export", "markdown", str(folder))
    assert ran.exit_code == 0, ran.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 4 and "0002-zebediah-quillfeather.md" in names
    zeb = (folder / "0002-zebediah-quillfeather.md").read_text()
    for part in ("# Zebediah Quillfeather", "## Record", "## What I know", "## Timeline", "## Promises",
                 "**Boundary:** Never mention the Brumblewick dispute", "Grumbleweed allotments", "Send the lease"):
        assert part in zeb, part
    rex = next(p for p in folder.iterdir() if "rex" in p.name).read_text()
    assert "\x1b" not in rex and "\\[bold\\]" in rex  # an escape never reaches a file; markup stays text
    one = tmp_path / "one"
    assert oto("export", "markdown", str(one), "--person", "ngozi").exit_code == 0
    assert [p.name for p in one.iterdir()] == ["0003-ngozi-okonkwo-adebayo.md"]


@pytest.mark.parametrize("form", ["json", "csv", "markdown"])
def test_redact_leaves_no_name_contact_or_boundary_in_the_files(oto, tmp_path, full, form):
    target = tmp_path / ("out.json" if form == "json" else "out")
    ran = oto("export", form, str(target), "--redact")
    assert ran.exit_code == 0, ran.stderr
    data = all_bytes(target)
    for secret in SECRETS + ("Rex", "rex@evil.example", "+44 20 7946 0000"):
        assert secret.encode() not in data, secret
    assert b"Person " in data
    assert b"Grumbleweed" in data  # names only: what I know stays
    ran = oto("export", form, str(tmp_path / ("notes.json" if form == "json" else "notes")), "--redact", "notes")
    assert ran.exit_code == 0, ran.stderr
    data = all_bytes(tmp_path / ("notes.json" if form == "json" else "notes"))
    for secret in SECRETS + NOTES:
        assert secret.encode() not in data, secret


def test_pseudonyms_are_stable_and_the_key_never_leaves(oto, oto_home, tmp_path, full):
    first = json.loads(oto("export", "json", "--redact").stdout)
    second = json.loads(oto("export", "json", "--redact=names").stdout)
    names = [row[1] for row in first["tables"]["person"]["rows"]]
    assert names == [row[1] for row in second["tables"]["person"]["rows"]]
    assert len(set(names)) == 4 and all(n.startswith("Person ") for n in names)
    assert first["redacted"] == ["names"]
    assert all(row[0] != "redact_key" for row in first["tables"]["setting"]["rows"])
    note = next(row for row in first["tables"]["meeting"]["rows"] if "rent strike" in (row[10] or ""))[10]
    assert note.startswith(names[1] + " said " + names[0]) and names[2] in note  # the names in a note are pseudonyms too
    assert json.loads(oto("export", "json", "--redact", "notes").stdout)["redacted"] == ["names", "notes"]
    assert oto("undo").exit_code == 0  # the key is not an undoable step: pseudonyms survive an undo
    assert names == [row[1] for row in json.loads(oto("export", "json", "--redact").stdout)["tables"]["person"]["rows"]]


def test_person_export_holds_only_their_rows(oto, tmp_path, full):
    one = json.loads(oto("export", "json", "--person", "ngozi").stdout)
    assert one["person"] == "Ngozi Okonkwo-Adébáyọ̀"
    assert [row[0] for row in one["tables"]["person"]["rows"]] == [3]
    for name, table in one["tables"].items():
        if "person_id" in table["columns"]:
            at = table["columns"].index("person_id")
            assert all(row[at] == 3 for row in table["rows"]), name
    assert "setting" not in one["tables"]
    assert one["tables"]["insight"]["rows"] and one["tables"]["ask"]["rows"]
    ran = oto("import", "journal", "-", env={"OTO_HOME": str(tmp_path / "x")})
    assert ran.exit_code != 0


def test_a_forgotten_person_is_never_exported(oto, tmp_path, full):
    assert oto("forget", "zeb", "--yes").exit_code == 0
    oto("export", "json", str(tmp_path / "j.json"))
    oto("export", "csv", str(tmp_path / "csv"))
    oto("export", "markdown", str(tmp_path / "md"))
    for target in ("j.json", "csv", "md"):
        data = all_bytes(tmp_path / target)
        # (what others' notes say about them is theirs, and stays: "Call Zebediah about the lease")
        for secret in ("Zebediah Quillfeather", "Brumblewick", "555-0199", "Grumbleweed", "Xylophonic"):
            assert secret.encode() not in data, (target, secret)


def test_files_are_private_and_exposed_folders_warn(oto, tmp_path, full):
    out = tmp_path / "private" / "j.json"
    out.parent.mkdir(mode=0o700)
    ran = oto("export", "json", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "Warning" not in ran.stderr
    cloud = tmp_path / "Dropbox" / "oto"
    cloud.parent.mkdir(mode=0o700)
    ran = oto("export", "markdown", str(cloud))
    assert ran.exit_code == 0 and "synced to the cloud (Dropbox)" in ran.stderr
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    ran = oto("export", "json", str(shared / "j.json"))
    assert "other users of this machine" in ran.stderr


def test_a_folder_that_holds_files_is_refused(oto, tmp_path, full):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "0002-zebediah-quillfeather.md").write_text("an earlier export")
    ran = oto("export", "markdown", str(folder))
    assert ran.exit_code == 1 and "not an empty folder" in ran.stderr
    ran = oto("export", "csv", str(tmp_path / "new"), "--redact", "everything")
    assert ran.exit_code != 0 and "Traceback" not in ran.output
