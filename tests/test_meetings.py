"""The life of a meeting: cancelled, a no-show, the agenda and today's one-to-ones, booking over
another meeting, and contacts that are not one-to-ones (`oto log`).

Journals are built through oto's own domain functions (`scene`); the commands under test run
through the CLI at Monday 23 November 2026, 09:00.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from tests.conftest import NOW, TODAY


def followups(open_journal, meeting: int) -> list[tuple]:
    with open_journal(write=False) as j:
        rows = j.rows("SELECT kind, status, done_on FROM followup WHERE meeting_id = :m ORDER BY id", {"m": meeting})
    return [tuple(r) for r in rows]


def meeting_status(open_journal, meeting: int) -> str:
    with open_journal(write=False) as j:
        return j.value("SELECT status FROM meeting WHERE id = :m", {"m": meeting})


def due_json(oto, *args, env=None) -> dict:
    ran = oto("due", "--json", *args, env=env)
    assert ran.exit_code == 0, ran.stderr
    return json.loads(ran.stdout)


# -- cancel ------------------------------------------------------------------------------------------


def test_cancel_by_name_closes_its_confirmation_and_reflection_and_keeps_the_history(oto, scene, open_journal):
    with scene() as s:
        maria = s.person("Maria Lopez")
        booked = s.plan(maria, datetime(2026, 11, 25, 18, 0), booked=datetime(2026, 11, 21, 10, 0), place="Cafe Luna")
    assert [i["kind"] for i in due_json(oto)["items"]] == ["confirm"]
    ran = oto("cancel", "maria")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        f"Cancelled the one-to-one with Maria Lopez on Wed 25 Nov 2026 18:00 (m{booked.meeting}); its confirmation "
        "and reflection are closed. Plan another: oto prep \"Maria Lopez\" --at WHEN\n"
    )
    assert meeting_status(open_journal, booked.meeting) == "cancelled"
    # Closed, not deleted: the journal still says they were there.
    assert followups(open_journal, booked.meeting) == [("confirm", "done", TODAY), ("reflect", "done", TODAY)]
    assert due_json(oto)["items"] == []
    later = due_json(oto, env={"OTO_NOW": "2026-11-26 09:00"})["items"]
    assert [i for i in later if i["kind"] in ("confirm", "reflect")] == []  # no reflection asked for later
    assert json.loads(oto("agenda", "--json").stdout)["meetings"] == []
    timeline = json.loads(oto("show", "maria", "--json").stdout)["timeline"]
    assert timeline == [{"date": "2026-11-25", "kind": "cancelled", "text": f"one-to-one 18:00 at Cafe Luna (m{booked.meeting}), cancelled"}]


def test_cancel_by_id_and_what_cannot_be_cancelled(oto, scene, open_journal):
    with scene() as s:
        booked = s.plan(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0))
        s.reflect(s.person("Dev Patel"), date(2026, 11, 20))
    assert oto("cancel", f"M{booked.meeting}").exit_code == 0
    again = oto("cancel", f"m{booked.meeting}")
    assert (again.exit_code, again.stderr) == (
        1, f"oto: The one-to-one m{booked.meeting} with Maria Lopez was cancelled; nothing was changed.\n",
    )
    held = oto("noshow", "m2")
    assert (held.exit_code, held.stderr) == (1, "oto: The one-to-one m2 with Dev Patel was held; nothing was changed.\n")
    assert oto("cancel", "m99").stderr == "oto: There is no meeting m99. See `oto agenda` for the planned ones.\n"
    nothing = oto("cancel", "dev")
    assert nothing.exit_code == 1 and nothing.stderr.startswith("oto: Dev Patel has no planned one-to-one.")
    assert oto("cancel", "nobody").exit_code == 1


# -- no-show -----------------------------------------------------------------------------------------


def test_a_no_show_is_not_held_counts_in_their_record_and_offers_to_reschedule(oto, scene, open_journal):
    with scene() as s:
        olek = s.person("Olek Nowak")
        booked = s.plan(olek, datetime(2026, 11, 22, 18, 0))  # yesterday, booked the day before
    assert [i["kind"] for i in due_json(oto)["items"]] == ["reflect"]
    ran = oto("noshow", "olek")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        f"Recorded that Olek Nowak did not come to the one-to-one on Sun 22 Nov 2026 18:00 (m{booked.meeting}); "
        "it is not counted as held (their first no-show). Reschedule it tomorrow (f3): oto prep \"Olek Nowak\" --at WHEN\n"
    )
    assert meeting_status(open_journal, booked.meeting) == "no-show"
    assert followups(open_journal, booked.meeting) == [
        ("confirm", "done", TODAY), ("reflect", "done", TODAY), ("reschedule", "open", None),
    ]
    with open_journal(write=False) as j:  # not held: no contact, no stage
        assert tuple(j.row("SELECT stage, last_contact_on FROM person WHERE id = :p", {"p": olek})) == ("prospect", None)
    today = due_json(oto)
    assert today["week"]["held"] == 0 and [i["kind"] for i in today["items"]] == ["reschedule"]  # tomorrow's
    tomorrow = due_json(oto, "--on", "tomorrow")["items"]
    assert [(i["id"], i["kind"], i["due"], i["text"]) for i in tomorrow] == [
        ("f3", "reschedule", "2026-11-24", "Reschedule the one-to-one they missed on Sun 22 Nov (oto prep \"Olek Nowak\" --at WHEN)"),
    ]
    # Their show-up record, wherever it is shown.
    record = json.loads(oto("show", "olek", "--json").stdout)
    assert record["show_ups"] == {"showed": 0, "missed": 0, "unknown": 0, "held": 0, "no_shows": 1}
    assert record["timeline"][-1]["text"] == f"one-to-one 18:00 (m{booked.meeting}), they did not come"
    assert "  Show-ups              one-to-ones: 0 held, 1 no-show\n" in oto("show", "olek").stdout
    assert "  Last met  not met yet (1 no-show)\n" in oto("prep", "olek").stdout
    assert "One-to-ones they did not come to: 1 of 1.\n" in oto("promises", "olek").stdout
    # Booking them again answers the reminder to reschedule.
    assert oto("prep", "olek", "--at", "thu 6pm").exit_code == 0
    assert followups(open_journal, booked.meeting)[-1] == ("reschedule", "done", TODAY)
    assert [i["kind"] for i in due_json(oto, "--on", "tomorrow")["items"]] == ["confirm"]


def test_a_no_show_waits_for_the_meeting_time_and_by_name_takes_the_one_that_came(oto, scene, open_journal):
    with scene() as s:
        ana = s.person("Ana Reyes")
        past = s.plan(ana, datetime(2026, 11, 20, 17, 0))
        ahead = s.plan(ana, datetime(2026, 11, 25, 18, 0))
    early = oto("noshow", f"m{ahead.meeting}")
    assert early.exit_code == 1
    assert early.stderr == (
        f"oto: The one-to-one with Ana Reyes (m{ahead.meeting}) is on Wed 25 Nov 2026 18:00; a no-show is recorded "
        f"once its time has come. To call it off: oto cancel m{ahead.meeting}\n"
    )
    assert meeting_status(open_journal, ahead.meeting) == "planned"
    assert oto("noshow", "ana").exit_code == 0  # Friday's, the one whose time has come
    assert (meeting_status(open_journal, past.meeting), meeting_status(open_journal, ahead.meeting)) == ("no-show", "planned")
    assert oto("noshow", "ana").exit_code == 1  # Wednesday's has not come yet


def test_marking_a_reflection_done_says_it_records_a_held_one_to_one(oto, scene):
    with scene() as s:
        booked = s.plan(s.person("Dev Patel"), datetime(2026, 11, 20, 17, 0))
    ran = oto("done", f"f{booked.reflect}")
    assert "is recorded as held: it counts toward the week's goal and Dev Patel moves from prospect to met." in ran.stderr
    assert "`oto noshow`" in ran.stderr


# -- the agenda and today's one-to-ones --------------------------------------------------------------


def test_agenda_lists_the_planned_ones_ahead_in_time_order_with_their_confirmation(oto, scene):
    with scene() as s:
        maria, dev, ana, sam = (s.person(n) for n in ("Maria Lopez", "Dev Patel", "Ana Reyes", "Sam Okafor"))
        wed = s.plan(maria, datetime(2026, 11, 25, 18, 0), booked=datetime(2026, 11, 21, 10, 0), place="Cafe Luna", minutes=30)
        s.plan(dev, datetime(2026, 11, 24, 10, 0), booked=datetime(2026, 11, 21, 10, 0))
        s.plan(ana, datetime(2026, 12, 3, 12, 0))  # beyond seven days
        s.plan(sam, datetime(2026, 11, 20, 17, 0))  # past, waiting for its reflection: not ahead
        s.done(f"f{wed.confirms[0]}")
    ran = oto("agenda")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "2 one-to-ones planned for the next 7 days.\n"
        "  m2  tomorrow    10:00  Dev Patel               45 min  not confirmed\n"
        "  m1  Wed 25 Nov  18:00  Maria Lopez  Cafe Luna  30 min  confirmed\n"
    )
    data = json.loads(oto("agenda", "--json", "--days", "14").stdout)
    assert (data["date"], data["days"]) == ("2026-11-23", 14)
    assert data["meetings"][1] == {
        "id": "m1", "person": "Maria Lopez", "person_id": maria, "at": "2026-11-25T18:00", "date": "2026-11-25",
        "time": "18:00", "place": "Cafe Luna", "minutes": 30, "confirmed": True,
    }
    assert [m["id"] for m in data["meetings"]] == ["m2", "m1", "m3"]
    assert oto("agenda", "--days", "0").stdout == "No one-to-ones planned for today. Plan one: oto prep NAME --at WHEN\n"
    assert oto("agenda", "--days", "-1").exit_code == 2


def test_due_shows_todays_one_to_ones_first_in_time_order(oto, scene):
    with scene() as s:
        maria, dev = s.person("Maria Lopez"), s.person("Dev Patel")
        evening = s.plan(maria, datetime(2026, 11, 23, 18, 0), booked=datetime(2026, 11, 22, 9, 0), place="Cafe Luna")
        s.plan(dev, datetime(2026, 11, 23, 8, 0), booked=datetime(2026, 11, 22, 9, 0))  # this morning, not reflected yet
        s.done(f"f{evening.confirms[0]}")
    out = oto("due").stdout
    assert out.startswith(
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "\n"
        "Today's one-to-ones\n"
        "  m2  08:00  Dev Patel               45 min  not confirmed\n"
        "  m1  18:00  Maria Lopez  Cafe Luna  45 min  confirmed\n"
    )
    data = due_json(oto)
    assert [(m["id"], m["time"], m["confirmed"]) for m in data["meetings"]] == [("m2", "08:00", False), ("m1", "18:00", True)]
    assert due_json(oto, "--on", "tomorrow")["meetings"] == []


def test_a_day_with_only_meetings_says_nothing_else_is_due(oto, scene):
    with scene() as s:
        s.plan(s.person("Maria Lopez"), datetime(2026, 11, 23, 18, 0), booked=datetime(2026, 11, 20, 9, 0))
        s.done("f1")  # confirmed yesterday
    assert oto("due").stdout.endswith("  m1  18:00  Maria Lopez    45 min  confirmed\nNothing else due.\n")


# -- booking over another meeting ----------------------------------------------------------------------


def test_booking_over_another_meeting_warns_and_still_books(oto, scene, open_journal):
    with scene() as s:
        s.plan(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0))
        rosa = s.person("Rosa Diaz")
        s.plan(rosa, datetime(2026, 11, 20, 17, 0))  # past, never reflected
        s.person("Dev Patel")
    overlap = oto("prep", "dev", "--at", "wed 6:30pm")
    assert overlap.exit_code == 0
    assert overlap.stderr.splitlines()[-1] == (
        "Warning: this overlaps the one-to-one with Maria Lopez on Wed 25 Nov 2026 18:00, 45 min (m1)."
    )
    assert "Warning" not in oto("prep", "dev", "--at", "wed 6:45pm").stderr  # moved: starts as Maria's ends
    again = oto("prep", "rosa", "--at", "thu 6pm")
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-1] == (
        "Warning: Rosa Diaz already has a one-to-one planned on Fri 20 Nov 2026 17:00 (m2). "
        "If it did not happen, record it: oto noshow m2, or oto cancel m2."
    )
    with open_journal(write=False) as j:
        assert j.value("SELECT count(*) FROM meeting WHERE status = 'planned'") == 4


# -- contacts that are not one-to-ones ---------------------------------------------------------------


def test_log_a_call_resets_reconnect_shows_in_timeline_and_prep_and_is_not_a_one_to_one(oto, scene, open_journal):
    with scene() as s:
        bea = s.person("Bea Stone", stage="leader", last_contact=date(2026, 10, 1))  # due to reconnect
        s.snooze(f"r{bea}", TODAY)  # a reconnect follow-up waiting today
    assert [i["kind"] for i in due_json(oto)["items"]] == ["reconnect"]
    ran = oto("log", "bea", "--call", "Ten minutes about the hearing; she will bring two neighbours")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        "Logged a call with Bea Stone today (c1); not a one-to-one, so not counted this week. "
        "oto will suggest reconnecting on Mon 7 Dec 2026.\n"
    )
    data = due_json(oto)
    assert data["items"] == [] and data["week"]["held"] == 0
    record = json.loads(oto("show", "bea", "--json").stdout)
    assert record["last_contact_on"] == "2026-11-23" and record["stage"] == "leader"
    assert record["timeline"] == [
        {"date": "2026-11-23", "kind": "call", "text": "call (c1): Ten minutes about the hearing; she will bring two neighbours"},
    ]
    sheet = oto("prep", "bea").stdout
    assert "Last contacts\n  today  call  Ten minutes about the hearing; she will bring two neighbours\n" in sheet
    assert "  Last met  not met yet\n" in sheet  # a call is not a meeting
    assert oto("log", "bea", "--text", "Sent the flyer", "--on", "yesterday").exit_code == 0
    assert oto("log", "bea", "--visit", "Dropped by with the petition").exit_code == 0
    assert "  today      visit         Dropped by with the petition\n" in oto("prep", "bea").stdout
    assert "  yesterday  text message  Sent the flyer\n" in oto("prep", "bea").stdout


def test_log_refuses_what_it_cannot_record_and_changes_nothing(oto, scene, open_journal):
    with scene() as s:
        s.person("Bea Stone")
    for args, message in (
        (["log", "bea"], "Give one of --call, --text or --visit"),
        (["log", "bea", "--call", "a", "--text", "b"], "Give one of --call, --text or --visit"),
        (["log", "bea", "--call", "  "], "The call is empty"),
        (["log", "bea", "--visit", "Dropped by", "--on", "tomorrow"], "Tue 24 Nov 2026 is ahead"),
        (["log", "nobody", "--call", "Hello"], "No one called 'nobody'"),
    ):
        ran = oto(*args)
        assert ran.exit_code == 1 and message in ran.stderr, (args, ran.stderr)
        assert ran.stderr.count("\n") == 1
    with open_journal(write=False) as j:
        assert j.value("SELECT count(*) FROM contact") == 0


def test_forget_removes_their_contacts(oto, scene, open_journal, oto_home):
    with scene() as s:
        zeb = s.person("Zebediah Quillfeather")
        s.log(zeb, "call", "Talked about the Brumblewick dispute")
    assert oto("forget", "zeb", "--yes").exit_code == 0
    with open_journal(write=False) as j:
        assert j.value("SELECT count(*) FROM contact") == 0
    data = b"".join((oto_home / n).read_bytes() for n in ("journal.db", "journal.db-wal") if (oto_home / n).exists())
    assert b"Brumblewick" not in data


def test_scene_helpers_record_as_the_commands_do(scene, open_journal):
    with scene() as s:
        maria = s.person("Maria Lopez")
        booked = s.plan(maria, datetime(2026, 11, 20, 17, 0))
        ended = s.noshow("maria")
        logged = s.log(maria, "text", "Sorry I missed you", on=date(2026, 11, 22))
        cancelled = s.cancel(f"m{s.plan(maria, datetime(2026, 11, 25, 18, 0)).meeting}")
    assert (ended.meeting_id, ended.status, ended.no_shows, ended.reschedule_on) == (booked.meeting, "no-show", 1, date(2026, 11, 24))
    assert (logged.kind, logged.on) == ("text", date(2026, 11, 22))
    assert cancelled.status == "cancelled" and NOW.date() == TODAY
