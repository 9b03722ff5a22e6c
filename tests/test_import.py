"""`oto import contacts` and `oto import meetings`: real files as phones, Google and Outlook write
them, planned before anything is written, one transaction that `oto undo` takes back."""

import json
from pathlib import Path

import pytest

# As an iPhone writes a vCard 3.0: CRLF, folded lines (a line break and a space), escaped commas,
# several TEL and EMAIL with types, a quoted-printable note from an older phone, a card without a name.
VCARD_3 = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
    "N:López;María;José;;\r\nFN:María José López\r\nNICKNAME:Majo\r\n"
    "ORG:Oak St Tenants;Board\r\nTITLE:Treasurer\r\n"
    "item1.TEL;type=pref:+1 (555) 010-0100\r\nTEL;type=HOME;type=VOICE:555-010-0101\r\n"
    "EMAIL;type=INTERNET;type=HOME;type=pref:maria@example.org\r\nEMAIL;type=INTERNET;type=WORK:ml@work.example\r\n"
    "NOTE:Met at the tenants meeting\\, she runs the food bank on Saturdays and kno\r\n"
    " ws everyone on the block\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ōkubo;Zoë;;;\r\nFN:Zoë Ōkubo\r\n"
    "TEL;TYPE=CELL:+44 20 7946 0000\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=CELL:555 9999\r\nEND:VCARD\r\n"
)
# As Android / Google Contacts write a vCard 4.0.
VCARD_4 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nguyễn Thị Hoa\r\nN:Nguyễn;Thị Hoa;;;\r\n"
    "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+84-28-3822-0000\r\nTEL;VALUE=uri;TYPE=work:tel:+84-28-3822-0001\r\n"
    "EMAIL;TYPE=work:hoa@example.vn\r\nEMAIL:hoa.nguyen@example.com\r\n"
    "NOTE:[bold]Loud[/bold] \\n second line\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:[red]Rex[/red] Hostile\r\nEMAIL:rex@evil.example\r\nEND:VCARD\r\n"
)
GOOGLE = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,"
    "Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,"
    "Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title\n"
    "Ana Duarte,Ana,,Duarte,,,,,,,,Annie,,,,,,,,,,,,,,Choir,,,* myContacts,* Home,ana@example.org ::: ana2@example.org,"
    ",,Mobile,+1 555 0110,,St Mark's,,Deacon\n"
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,* myContacts,,nobody@example.org,,,,,,,,\n"
    "Ana Duarte,Ana,,Duarte,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"
)
OUTLOOK = (
    '"First Name","Middle Name","Last Name","Title","Suffix","Initials","Web Page","Gender","Birthday","Anniversary",'
    '"Location","Language","Internet Free Busy","Notes","E-mail Address","E-mail 2 Address","E-mail 3 Address",'
    '"Primary Phone","Home Phone","Home Phone 2","Mobile Phone","Pager","Home Fax","Home Address","Company","Job Title"\r\n'
    '"Tomás","","Reyes","Mr.","","","","","","","","","","Neighbour","tomas@example.org","","","","","","+1 555 0120",'
    '"","","","Riverside Clinic","Nurse"\r\n'
    '"Dee","","Smith","","","","","","","","","","","","maria@example.org","","","","","","","","","","",""\r\n'
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def people_of(oto) -> dict[str, dict]:
    return {p["name"]: p for p in json.loads(oto("people", "--json").stdout)}


def shown(oto, name: str) -> dict:
    return json.loads(oto("show", name, "--json").stdout)


def journal_bytes(home: Path) -> bytes:
    return b"".join((home / n).read_bytes() for n in ("journal.db", "journal.db-wal") if (home / n).exists())


def test_a_phones_vcards_v3_and_v4_become_people(oto, tmp_path):
    ran = oto("import", "contacts", write(tmp_path, "phone.vcf", VCARD_3), "--tag", "riverside")
    assert ran.exit_code == 0, ran.stderr
    assert "2 added, 0 merged, 1 skipped" in ran.stdout and "no name (555 9999)" in ran.stdout
    maria = shown(oto, "majo")  # the nickname is an alias
    assert maria["name"] == "María José López"
    assert maria["contact"] == "+1 (555) 010-0100, 555-010-0101, maria@example.org, ml@work.example"
    assert maria["met_how"] == "Met at the tenants meeting, she runs the food bank on Saturdays and knows everyone on the block"
    assert maria["institution"] == "Oak St Tenants; Board" and maria["role"] == "Treasurer" and maria["tags"] == ["riverside"]
    assert shown(oto, "zoe okubo")["contact"] == "+44 20 7946 0000"

    ran = oto("import", "contacts", write(tmp_path, "android.vcf", VCARD_4))
    assert ran.exit_code == 0, ran.stderr
    hoa = shown(oto, "nguyen")
    assert hoa["name"] == "Nguyễn Thị Hoa"
    assert hoa["contact"] == "+84-28-3822-0000, +84-28-3822-0001, hoa@example.vn, hoa.nguyen@example.com"
    assert "[red]Rex[/red] Hostile" in people_of(oto)  # markup kept as text, never interpreted
    assert "\x1b" not in ran.output


def test_google_and_outlook_csv_headers(oto, tmp_path):
    oto("import", "contacts", write(tmp_path, "phone.vcf", VCARD_3))
    ran = oto("import", "contacts", write(tmp_path, "google.csv", GOOGLE))
    assert ran.exit_code == 0, ran.stderr
    assert "no name (nobody@example.org)" in ran.stdout and "duplicate of row 2 in the file" in ran.stdout
    ana = shown(oto, "annie")
    assert ana["name"] == "Ana Duarte" and ana["contact"] == "+1 555 0110, ana@example.org, ana2@example.org"
    assert ana["institution"] == "St Mark's" and ana["role"] == "Deacon"

    ran = oto("import", "contacts", write(tmp_path, "outlook.csv", OUTLOOK, "cp1252"))  # Outlook's ANSI code page
    assert ran.exit_code == 0, ran.stderr
    tomas = shown(oto, "tomas reyes")
    assert tomas["contact"] == "+1 555 0120, tomas@example.org" and tomas["role"] == "Nurse"  # "Title" (Mr.) is not a role
    assert "Dee Smith" not in people_of(oto)  # her email is María's: matched, nothing new
    assert "its email or phone is María José López's" in ran.stdout


def test_a_plain_sheet_and_map(oto, tmp_path):
    plain = write(tmp_path, "plain.csv", "name,phone,email,notes\nBen Okafor,555 0130,ben@example.org,From the bus stop\n")
    ran = oto("import", "contacts", plain)
    assert ran.exit_code == 0 and shown(oto, "ben")["contact"] == "555 0130, ben@example.org"
    odd = write(tmp_path, "odd.csv", "Who;Cell number;Where from\nCarla Ruiz;555 0140;Oak St\n")
    ran = oto("import", "contacts", odd, "--map", "Who=name", "--map", "Where from=institution")
    assert ran.exit_code == 0, ran.stderr
    carla = shown(oto, "carla")
    assert carla["contact"] == "555 0140" and carla["institution"] == "Oak St"
    ran = oto("import", "contacts", odd, "--map", "Nope=name")
    assert ran.exit_code == 1 and "no column 'Nope'" in ran.stderr
    ran = oto("import", "contacts", odd, "--map", "Who=shoe-size")
    assert ran.exit_code == 1 and "the field is one of" in ran.stderr


def test_merge_adds_only_what_is_new(oto, tmp_path):
    oto("add", "Ana Duarte", "--contact", "ana@example.org")
    ran = oto("import", "contacts", write(tmp_path, "google.csv", GOOGLE), "--tag", "choir")
    assert "merged into Ana Duarte: adds contact, institution, role, tags" in ran.stdout
    ana = shown(oto, "ana duarte")
    assert ana["contact"] == "ana@example.org, +1 555 0110, ana2@example.org" and ana["tags"] == ["choir"]


def test_dry_run_changes_nothing_and_reimport_adds_nothing(oto, oto_home, tmp_path):
    oto("add", "Someone Already")
    oto("people")  # the journal settles (its write-ahead log folded in) before its bytes are taken
    before = journal_bytes(oto_home)
    vcf = write(tmp_path, "phone.vcf", VCARD_3 + VCARD_4)
    ran = oto("import", "contacts", vcf, "--dry-run")
    assert ran.exit_code == 0 and "4 to add" in ran.stdout and "Nothing was written" in ran.stdout
    assert journal_bytes(oto_home) == before
    assert oto("import", "contacts", vcf).exit_code == 0
    everyone = people_of(oto)
    again = oto("import", "contacts", vcf)
    assert "0 added, 0 merged, 5 skipped" in again.stdout
    assert people_of(oto) == everyone
    assert "`oto undo`" not in again.stdout


def test_undo_reverses_a_whole_import(oto, tmp_path):
    oto("add", "Ana Duarte", "--contact", "ana@example.org")
    before = people_of(oto), shown(oto, "ana duarte")
    assert oto("import", "contacts", write(tmp_path, "c.vcf", VCARD_3 + VCARD_4)).exit_code == 0
    assert oto("import", "contacts", write(tmp_path, "g.csv", GOOGLE)).exit_code == 0
    assert oto("undo").exit_code == 0
    assert shown(oto, "ana duarte") == before[1]  # the merge is undone whole
    assert oto("undo").exit_code == 0
    assert (people_of(oto), shown(oto, "ana duarte")) == before


MEETINGS = (
    "Date,Met with,Notes,The ask,Their answer,Duration\n"
    "2026-03-14,María López,\"Rent up 20%; [bold]kids[/bold] \x1b[2J school\",Come to the tenants meeting,yes,45\n"
    "14 Mar 2026,Ana,Talked about church,,,\n"
    "2026-04-01,Ada Lovelace,New contact from the clinic,Join the committee,maybe,30\n"
    "2026-04-02,ada lovelace,Second talk,,,\n"
    "2027-01-01,María,in the future,,,\n"
    "someday,María,x,,,\n"
    "2026-05-01,,no one,,,\n"
)


def test_past_one_to_ones_become_held_meetings(oto, tmp_path):
    oto("add", "María López")
    oto("add", "Ana Duarte")
    oto("add", "Ana Chen")
    sheet = write(tmp_path, "meetings.csv", MEETINGS)
    ran = oto("import", "meetings", sheet)
    assert ran.exit_code == 0, ran.stderr
    out = ran.stdout
    assert "3 one-to-ones, 1 new person, 4 skipped" in out
    assert "the name could be 'Ana Duarte'" in out and "'Ana Chen'" in out
    assert "one-to-one on Wed 1 Apr 2026, a new person" in out
    assert "is ahead" in out and "Cannot read the date 'someday'" in out and "no person named" in out
    maria = shown(oto, "maria")
    assert any("Rent up 20%; [bold]kids[/bold]" in e["text"] and e["date"] == "2026-03-14" for e in maria["timeline"])
    assert any(e["kind"] == "ask" and "Come to the tenants meeting -> yes" in e["text"] for e in maria["timeline"])
    assert maria["stage"] == "committed"
    ada = shown(oto, "ada")
    assert [e["date"] for e in ada["timeline"] if e["kind"] == "met"] == ["2026-04-01", "2026-04-02"]
    due = oto("due").stdout
    assert "Thank" not in due  # history: no thank-you for a one-to-one of last spring
    assert "\x1b" not in out

    again = oto("import", "meetings", sheet)
    assert "0 one-to-ones" in again.stdout and "already in the journal: a one-to-one on Sat 14 Mar 2026" in again.stdout
    assert oto("undo").exit_code == 0
    assert shown(oto, "maria")["timeline"] == []
    assert "Ada Lovelace" not in people_of(oto)


def test_meetings_dry_run_and_a_sheet_without_the_columns(oto, oto_home, tmp_path):
    oto("add", "María López")
    oto("people")
    before = journal_bytes(oto_home)
    ran = oto("import", "meetings", write(tmp_path, "m.csv", MEETINGS), "--dry-run")
    assert ran.exit_code == 0 and "Nothing was written" in ran.stdout
    assert journal_bytes(oto_home) == before
    ran = oto("import", "meetings", write(tmp_path, "x.csv", "colour,size\nred,9\n"))
    assert ran.exit_code == 1 and "--map COLUMN=date" in ran.stderr
    ran = oto("import", "meetings", write(tmp_path, "y.csv", "colour,size\n2026-03-01,María\n"), "--map", "colour=date", "--map", "size=person")
    assert ran.exit_code == 0 and "1 one-to-one," in ran.stdout


@pytest.mark.parametrize("text", ["BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\n", "\x00\x01garbage", ""])
def test_unreadable_files_are_one_line(oto, tmp_path, text):
    ran = oto("import", "contacts", write(tmp_path, "bad.vcf", text))
    assert ran.exit_code in (0, 1) and "Traceback" not in ran.output
    assert oto("import", "contacts", str(tmp_path / "missing.vcf")).exit_code == 1


def test_progress_draws_only_on_a_terminal_and_only_when_slow(monkeypatch):
    import io

    from onetoone import terminal

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    piped, tty = io.StringIO(), Tty()
    with terminal.Terminal(stderr=piped).progress(3, "Importing") as tick:
        tick(3)
    with terminal.Terminal(stderr=tty).progress(3, "Importing") as tick:
        tick(1)  # under a second: nothing drawn
    assert piped.getvalue() == "" and tty.getvalue() == ""
    monkeypatch.setattr(terminal, "PROGRESS_AFTER", -1.0)
    with terminal.Terminal(stderr=piped).progress(3, "Importing") as tick:
        tick(3)
    with terminal.Terminal(stderr=tty).progress(3, "Importing") as tick:
        tick(3)
    assert piped.getvalue() == "" and "Importing" in tty.getvalue()


def test_google_contacts_newer_headers_and_outlook_display_names(oto, tmp_path):
    newer = ("First Name,Middle Name,Last Name,Nickname,Organization Name,Organization Title,Notes,Labels,"
             "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
             "Hoa,,Nguyễn,,Clinic,Nurse,,* myContacts,Work,hoa@example.vn,Mobile,+84 28 3822 0000\n")
    assert oto("import", "contacts", write(tmp_path, "google.csv", newer)).exit_code == 0
    hoa = shown(oto, "hoa")
    assert hoa["name"] == "Hoa Nguyễn" and hoa["contact"] == "+84 28 3822 0000, hoa@example.vn" and hoa["role"] == "Nurse"
    outlook = '"First Name","Last Name","E-mail Address","E-mail Display Name"\n"Ben","Ode","ben@example.org","Ben Ode (ben@example.org)"\n'
    assert oto("import", "contacts", write(tmp_path, "outlook.csv", outlook)).exit_code == 0
    assert shown(oto, "ben ode")["contact"] == "ben@example.org"


def test_an_import_stopped_part_way_writes_nothing(oto, open_journal):
    from onetoone.domain import intake
    from tests.conftest import TODAY

    contacts = intake.read_vcards(VCARD_3 + VCARD_4)

    def interrupted(steps: int) -> None:  # Ctrl-C once the first person is written
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with open_journal() as journal:
            planned = intake.plan_contacts(journal, contacts, tags=[])
            intake.apply_contacts(journal, planned, today=TODAY, tick=interrupted)
    assert people_of(oto) == {}
