"""`oto forget`: a person and everything about them leave the journal file without a trace."""

import json
from pathlib import Path


def file_bytes(home: Path) -> bytes:
    data = b""
    for name in ("journal.db", "journal.db-wal", "journal.db-shm"):
        path = home / name
        if path.exists():
            data += path.read_bytes()
    return data


def test_forget_leaves_no_trace_of_the_person_and_keeps_everyone_else(oto, oto_home):
    oto("add", "Dev Patel", "--contact", "dev@example.org", "--tag", "riverside")
    oto("add", "Zebediah Quillfeather", "--alias", "Zeb", "--contact", "555-0199",
        "--met-how", "Xylophonic laundromat meeting", "--boundary", "Never mention the Brumblewick dispute",
        "--referred-by", "Dev", "--tag", "riverside")
    oto("add", "Ana Reyes", "--referred-by", "Zeb")
    before_dev = json.loads(oto("show", "Dev", "--json").stdout)

    ran = oto("forget", "zeb", "--yes")
    assert ran.exit_code == 0, ran.stderr
    assert "Forgot Zebediah Quillfeather" in ran.stderr

    data = file_bytes(oto_home)
    for secret in ("Zebediah", "Quillfeather", "Brumblewick", "Xylophonic", "555-0199"):
        assert data.count(secret.encode()) == 0, secret
        assert data.count(secret.lower().encode()) == 0, secret
    after_dev = json.loads(oto("show", "Dev", "--json").stdout)
    assert after_dev["name"] == before_dev["name"] and after_dev["contact"] == "dev@example.org"
    assert after_dev["referred"] == []  # Zebediah is gone from Dev's referrals
    assert json.loads(oto("show", "Ana", "--json").stdout)["referred_by"] is None
    assert oto("show", "zeb").exit_code == 1


def test_forget_refuses_an_ambiguous_name_and_asks_before_acting(oto):
    oto("add", "Maria Lopez")
    oto("add", "Maria Chen")
    assert oto("forget", "maria", "--yes").exit_code == 1
    ran = oto("forget", "maria chen")  # no terminal, no --yes: refused
    assert ran.exit_code == 1 and "--yes" in ran.stderr
    assert len(json.loads(oto("people", "--json").stdout)) == 2


def test_forget_names_the_backups_that_still_hold_the_person(oto, oto_home):
    oto("add", "Zebediah Quillfeather")
    oto("backup")
    ran = oto("forget", "zebediah", "--yes")
    assert "Still in backup" in ran.stderr


def test_forget_also_drops_a_draft_reflection_about_them_and_erases_meetings(oto, oto_home):
    from onetoone.domain import drafts
    from onetoone.store.paths import drafts_dir

    oto("add", "Zebediah Quillfeather")
    oto("reflect", "Zebediah", "--self-interest", "Grumbleweed allotments", "--note", "Snorkelwick told me everything",
        "--i-promise", "Call the Fizzlebottom office by fri")
    folder = drafts_dir(oto_home)
    drafts.save(folder, drafts.Draft(started_at="2026-11-23T09:00", person_id=1, person_name="Zebediah Quillfeather",
                                     fields={"note": ["Wobblethorpe secret"]}))
    ran = oto("forget", "zebediah", "--yes")
    assert ran.exit_code == 0 and "draft reflection" in ran.stderr
    assert drafts.load(folder) is None
    data = file_bytes(oto_home)
    for secret in ("Zebediah", "Grumbleweed", "Snorkelwick", "Fizzlebottom", "Wobblethorpe"):
        assert secret.encode() not in data, secret


def test_forget_rewords_the_referral_reminders_that_named_them(oto, oto_home):
    oto("add", "Zebediah Quillfeather")
    oto("reflect", "Zebediah", "--referral", "Ana Reyes")
    assert oto("forget", "zebediah", "--yes").exit_code == 0
    items = json.loads(oto("due", "--json", "--days", "30").stdout)["items"]
    assert [i["text"] for i in items if i["kind"] == "contact-referral"] == ["Contact Ana Reyes"]
    assert b"Zebediah" not in file_bytes(oto_home)


def test_forget_erases_their_meetings_from_a_calendar_import_and_its_record(oto, oto_home, tmp_path):
    oto("add", "Zebediah Quillfeather", "--contact", "zeb@quillfeather.example")
    oto("add", "Dev Patel")
    ics = tmp_path / "work.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        "BEGIN:VEVENT\r\nUID:zeb-1@example.org\r\nDTSTART:20261126T170000\r\nSUMMARY:Coffee with Zebediah Quillfeather\r\n"
        "LOCATION:Brumblewick hall\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:dev-1@example.org\r\nDTSTART:20261127T170000\r\nSUMMARY:Dev Patel 1:1\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    assert oto("import", "calendar", str(ics)).exit_code == 0
    assert oto("forget", "Zebediah", "--yes").exit_code == 0
    data = file_bytes(oto_home)
    for secret in ("Zebediah", "Quillfeather", "Brumblewick"):
        assert data.count(secret.encode()) == 0, secret
    from onetoone.store.journal import open_journal
    from tests.conftest import NOW

    with open_journal(oto_home / "journal.db", now=NOW) as journal:
        assert journal.value("SELECT count(*) FROM setting WHERE key LIKE 'calendar_event:%'") == 1  # Dev's stays
    assert "Dev Patel" in oto("calendar").stdout and "Zebediah" not in oto("calendar").stdout


def test_forget_takes_them_out_of_events_they_came_to_missed_or_hosted(oto, oto_home):
    after = {"OTO_NOW": "2026-11-30 09:00"}
    oto("add", "Tom Baker")
    oto("add", "Zebediah Quillfeather", "--contact", "555-0199")
    assert oto("event", "Building meeting", "--on", "sat 7pm").exit_code == 0
    assert oto("promise", "Zebediah", "Snorkelwick errand for the meeting", "--theirs", "--event", "e1").exit_code == 0
    assert oto("event", "Vigil at the hall", "--on", "yesterday", "--host", "Zebediah", "--attended", "Tom").exit_code == 0
    assert oto("attended", "e1", "Tom", env=after).exit_code == 0  # Zebediah said yes and did not come
    assert oto("forget", "Zebediah", "--yes", env=after).exit_code == 0
    data = file_bytes(oto_home)
    for secret in ("Zebediah", "Quillfeather", "Snorkelwick", "555-0199"):
        assert data.count(secret.encode()) == 0 and data.count(secret.lower().encode()) == 0, secret
    vigil = json.loads(oto("event", "Vigil", "--json", env=after).stdout)
    assert vigil["host"] is None and [p["person"] for p in vigil["people"]] == ["Tom Baker"]
    meeting = json.loads(oto("event", "e1", "--json", env=after).stdout)
    assert [(p["person"], p["status"]) for p in meeting["people"]] == [("Tom Baker", "came")]


def test_forget_takes_their_words_out_of_the_search_index_to_the_last_byte(oto, oto_home):
    """The index holds words folded (lower case, no accents), so the file is searched that way too."""
    import sqlite3

    from tests.test_undo import search_entries

    oto("add", "Dev Patel")
    oto("reflect", "Dev", "--self-interest", "Mould in the bathroom", "--note", "Grumbleweed was there too")
    oto("add", "Zebediah Núñez-Quillfeather", "--institution", "Brumblewick Tenants", "--role", "Snorkelwick captain",
        "--contact", "zq@xylophonic.example", "--met-how", "Wobblethorpe fair", "--boundary", "Never the Fandangle case")
    oto("prep", "Zebediah", "--at", "wed 6pm", "--ask", "Host the Quibblewort meeting")
    oto("log", "Zebediah", "--call", "Mould in the Jabberwock flat")
    oto("reflect", "Zebediah", "--at", "yesterday", "--story", "Flibbertigibbet factory fire", "--ask", "Chair the Gobbledy rally",
        "--answer", "yes", "--i-promise", "Send the Skedaddle lease by fri", "--next-step", "Visit Kerfuffle clinic",
        "--next", "next week", "--note", "Talked about Hullabaloo")
    assert len(json.loads(oto("search", "mould", "--json").stdout)["results"]) == 2
    db = sqlite3.connect(oto_home / "journal.db")
    try:
        assert "hullabaloo" in {word for word, *_ in search_entries(db)}  # the index's own copy of the word, folded
    finally:
        db.close()
    ran = oto("forget", "zebediah", "--yes")
    assert ran.exit_code == 0, ran.stderr
    found = json.loads(oto("search", "mould", "--json").stdout)["results"]
    assert [r["person"] for r in found] == ["Dev Patel"]
    data = file_bytes(oto_home).lower()
    # Brumblewick Tenants, their institution, is a record of its own and stays (it is not theirs
    # alone); their link to it goes, so nothing of theirs is found by its name.
    assert json.loads(oto("search", "brumblewick", "--json").stdout)["results"] == []
    for secret in ("zebediah", "nunez", "quillfeather", "snorkelwick", "xylophonic", "wobblethorpe",
                   "fandangle", "quibblewort", "jabberwock", "flibbertigibbet", "gobbledy", "skedaddle", "kerfuffle",
                   "hullabaloo", "ullabaloo", "ibbertigibbet"):  # and the tails FTS5 keeps after a shared prefix
        assert secret.encode() not in data, secret
    db = sqlite3.connect(oto_home / "journal.db")
    try:
        words = {word for word, *_ in search_entries(db)}
    finally:
        db.close()
    assert "mould" in words and "grumbleweed" in words and "hullabaloo" not in words
