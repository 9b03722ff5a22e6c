"""Prep knows the whole journal: others' records that name the person, whom they referred and how
far each got, and `oto prep NAME --json`."""

import json
from datetime import date, datetime

from onetoone.domain import mentions, people
from onetoone.domain import prep as prepare
from tests.conftest import NOW, TODAY


def found(open_journal, name: str, *, past: bool = False, limit: int | None = None) -> mentions.Mentions:
    with open_journal(write=False) as j:
        return mentions.find(j, people.resolve(j, name), past=past, limit=limit)


def texts(open_journal, name: str, **how) -> list[str]:
    return [m.text for m in found(open_journal, name, **how).items]


def parish(scene) -> dict[str, int]:
    """Father Tom (Tom Walsh), Dmitri, and two Marias: the journal of most tests here."""
    with scene() as s:
        return {
            "tom": s.person("Tom Walsh", aliases=["Father Tom"]),
            "dmitri": s.person("Dmitri Volkov"),
            "chen": s.person("Maria Chen"),
            "lopez": s.person("Maria Lopez"),
            "ana": s.person("Ana Núñez"),
            "shane": s.person("Shane O'Connor"),
        }


def promised(scene, *made: tuple[int, str]) -> None:
    """`oto promise NAME TEXT --by fri` for each (person id, text)."""
    with scene() as s:
        for person_id, text in made:
            s.promise(person_id, text, date(2026, 11, 27))


# -- what counts as naming someone ---------------------------------------------------------------


def test_a_promise_to_someone_else_naming_them_by_full_name_or_alias_shows_in_their_prep(oto, scene, open_journal):
    ids = parish(scene)
    with scene() as s:
        s.promise(ids["dmitri"], "Ask Father Tom about the hall", date(2026, 11, 27), today=date(2026, 11, 20))
        s.promise(ids["chen"], "Bring the flyers tom walsh printed", date(2026, 11, 28), "theirs", today=date(2026, 11, 21))
    assert texts(open_journal, "Tom Walsh") == ["Bring the flyers tom walsh printed", "Ask Father Tom about the hall"]
    ran = oto("prep", "Tom Walsh")
    assert ran.exit_code == 0, ran.stderr
    assert (
        "Mentioned elsewhere\n"
        "  Sat 21 Nov  Maria Chen's commitment      Bring the flyers tom walsh printed  p2, due Sat 28 Nov\n"
        "  Fri 20 Nov  my promise to Dmitri Volkov  Ask Father Tom about the hall       p1, due Fri 27 Nov\n"
    ) in ran.stdout
    assert "Mentioned elsewhere" not in oto("prep", "Dmitri").stdout  # his own records are his, not mentions


def test_a_first_or_last_name_alone_counts_only_when_no_one_else_has_it(scene, open_journal):
    ids = parish(scene)
    promised(scene, (ids["dmitri"], "Call Walsh about the keys"), (ids["dmitri"], "Ask Maria about the mould"),
             (ids["tom"], "Introduce Chen to the tenants' lawyer"), (ids["tom"], "Send Dmitri the minutes"))
    assert texts(open_journal, "Tom Walsh") == ["Call Walsh about the keys"]
    assert texts(open_journal, "Maria Chen") == ["Introduce Chen to the tenants' lawyer"]  # 'Maria' alone is two people
    assert texts(open_journal, "Maria Lopez") == []
    assert found(open_journal, "Maria Lopez").shared == ["Maria"]
    assert texts(open_journal, "Dmitri") == ["Send Dmitri the minutes"]


def test_a_name_inside_another_word_or_a_question_is_not_a_mention(scene, open_journal):
    with scene() as s:
        tom = s.person("Tom Walsh")
        will = s.person("Will Osei")
        dmitri = s.person("Dmitri Volkov")
        s.promise(dmitri, "Bring tomatoes from the Walshire garden", date(2026, 11, 27))
        s.promise(dmitri, "Will you call the city about tom's ward", date(2026, 11, 27))  # lower-case 'tom': a word
        s.promise(tom, "Will you lead the choir?", date(2026, 11, 27))
    assert texts(open_journal, "Tom Walsh") == []
    assert texts(open_journal, "Will Osei") == []  # 'Will you ...' is a question, not Will
    with scene() as s:
        s.promise(tom, "Ask Will to chair the meeting", date(2026, 11, 28))
    assert texts(open_journal, "Will Osei") == ["Ask Will to chair the meeting"]
    assert will


def test_curly_apostrophes_accents_and_case_do_not_hide_a_name(scene, open_journal):
    ids = parish(scene)
    promised(scene, (ids["dmitri"], "Ask Shane O’Connor about the boiler"), (ids["dmitri"], "Walk the block with ANA NUNEZ"),
             (ids["dmitri"], "Tell Núñez’s sister about the meeting"), (ids["chen"], "Call Father Tom's office"))
    assert texts(open_journal, "Shane") == ["Ask Shane O’Connor about the boiler"]
    assert sorted(texts(open_journal, "Ana")) == ["Tell Núñez’s sister about the meeting", "Walk the block with ANA NUNEZ"]
    assert texts(open_journal, "Tom Walsh") == ["Call Father Tom's office"]


def test_a_name_written_with_accents_the_journal_spelling_lacks_is_found(scene, open_journal):
    with scene() as s:
        tomas = s.person("Tomas Reyes")
        other = s.person("Rosa Diaz")
        s.promise(other, "Ask Tomás Reyes for the keys", date(2026, 11, 27))
    assert texts(open_journal, "Tomas") == ["Ask Tomás Reyes for the keys"]
    assert tomas


def test_a_shorter_name_inside_someone_elses_longer_name_names_them_not_it(scene, open_journal):
    with scene() as s:
        s.person("Maria Lopez")
        ana_maria = s.person("Ana Maria Lopez")
        other = s.person("Rosa Diaz")
        s.promise(other, "Ask Ana Maria Lopez about the garden", date(2026, 11, 27))
    assert texts(open_journal, "Maria Lopez") == []
    assert texts(open_journal, "Ana Maria Lopez") == ["Ask Ana Maria Lopez about the garden"]
    assert ana_maria


# -- which records, in which order, how many ----------------------------------------------------


def test_asks_next_steps_and_planned_asks_name_them_too_and_a_yes_shows_once(scene, open_journal):
    ids = parish(scene)
    with scene() as s:
        s.reflect(ids["dmitri"], date(2026, 11, 16), ask="Will you bring Father Tom to the hall meeting?", answer="maybe",
                  next_step="Walk over to Tom Walsh's parish together", next=date(2026, 11, 30))
        s.reflect(ids["chen"], date(2026, 11, 18), ask="Sit with Tom Walsh at the vigil by 2026-11-29", answer="yes")
        s.plan(ids["ana"], datetime(2026, 11, 25, 18, 0), asks=["Meet Father Tom with me"])
    items = found(open_journal, "Tom Walsh").items
    assert [(m.kind, m.person, m.on) for m in items] == [
        ("planned-ask", "Ana Núñez", date(2026, 11, 25)),
        ("promise-theirs", "Maria Chen", date(2026, 11, 18)),  # the yes, as her commitment (its ask is not listed again)
        ("ask", "Dmitri Volkov", date(2026, 11, 16)),
        ("next-step", "Dmitri Volkov", date(2026, 11, 16)),
    ]


def test_newest_first_ties_broken_by_id_capped_with_the_rest_counted(oto, scene, open_journal):
    ids = parish(scene)
    with scene() as s:
        numbers = [s.promise(ids["dmitri"], f"Ask Father Tom about item {n}", date(2026, 11, 30), today=date(2026, 11, 20))
                   for n in range(7)]
    shown = found(open_journal, "Tom Walsh", limit=prepare.MENTIONS)
    assert [m.id for m in shown.items] == sorted(numbers, reverse=True)[:prepare.MENTIONS]
    assert shown.more == 7 - prepare.MENTIONS
    screen = oto("prep", "Tom Walsh").stdout
    assert f"... and {7 - prepare.MENTIONS} more (oto prep \"Tom Walsh\" --all lists them all, closed ones too)" in screen
    everything = oto("prep", "Tom Walsh", "--all").stdout
    assert all(f"item {n}" in everything for n in range(7))


def test_closed_records_are_searched_only_with_all(oto, scene, open_journal):
    ids = parish(scene)
    with scene() as s:
        number = s.promise(ids["dmitri"], "Introduce Dmitri to Father Tom", date(2026, 11, 20), today=date(2026, 11, 10))
        s.kept(number, on=date(2026, 11, 19))
    assert texts(open_journal, "Tom Walsh") == []
    assert texts(open_journal, "Tom Walsh", past=True) == ["Introduce Dmitri to Father Tom"]
    assert "Mentioned elsewhere" not in oto("prep", "Tom Walsh").stdout
    assert "my promise to Dmitri Volkov  Introduce Dmitri to Father Tom  p1, kept" in oto("prep", "Tom Walsh", "--all").stdout


# -- referrals ------------------------------------------------------------------------------------


def test_whom_they_referred_and_how_far_each_got_furthest_first(oto, scene):
    with scene() as s:
        dev = s.person("Dev Patel", stage="leader")
        rosa = s.person("Rosa Diaz", referred_by="Dev Patel")
        s.person("Luis Ortega", referred_by="Rosa Diaz")
        s.person("Kim Ahn", referred_by="Rosa Diaz", stage="committed")
        s.met(rosa, date(2026, 11, 9), minutes=40)
        s.met(rosa, date(2026, 11, 16), minutes=30)
    screen = oto("prep", "Rosa Diaz").stdout
    assert "  Referred by  Dev Patel: mention how their name came up\n" in screen
    assert (
        "Their referrals\n"
        "  Kim Ahn      committed, no one-to-one yet\n"
        "  Luis Ortega  prospect, no one-to-one yet\n"
    ) in screen
    assert "Their referrals\n  Rosa Diaz  met, 2 one-to-ones, last Mon 16 Nov\n" in oto("prep", "Dev Patel").stdout
    assert dev


# -- JSON -----------------------------------------------------------------------------------------


def test_prep_json_holds_the_sheet_with_stable_keys_and_iso_dates(oto, scene):
    ids = parish(scene)
    with scene() as s:
        s.person("Luis Ortega", referred_by="Tom Walsh")
        s.promise(ids["dmitri"], "Ask Father Tom about the hall", date(2026, 11, 27), today=date(2026, 11, 20))
        s.promise(ids["tom"], "Send the hall's rental terms", date(2026, 11, 24))
        s.met(ids["tom"], date(2026, 11, 16), minutes=40, self_interest="Keep the parish hall open", boundary="Not on Sundays")
    ran = oto("prep", "Tom Walsh", "--json")
    assert ran.exit_code == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert list(data) == [
        "id", "name", "aliases", "stage", "do_not_contact", "boundaries", "referred_by", "met_how", "institution",
        "role", "contact", "tags", "last_met", "meetings_held", "planned", "ask_too_soon", "insights",
        "more_insights", "recent", "contacts", "promises", "more_promises", "kept_on_time", "last_ask",
        "to_revisit", "show_ups", "questions", "story", "stories_total", "referrals", "more_referrals", "mentions",
        "events",
    ]
    assert data["name"] == "Tom Walsh" and data["aliases"] == ["Father Tom"] and data["stage"] == "met"
    assert data["boundaries"] == ["Not on Sundays"]
    assert data["insights"] == {"self-interest": ["Keep the parish hall open"]}
    assert data["last_met"] == "2026-11-16" and data["meetings_held"] == 1
    assert data["promises"] == [
        {"id": "p2", "direction": "mine", "text": "Send the hall's rental terms", "due": "2026-11-24", "status": "open", "overdue": False}
    ]
    assert data["referrals"] == [{"id": 7, "name": "Luis Ortega", "stage": "prospect", "held": 0, "last_met": None}]
    assert data["mentions"] == {
        "items": [{
            "id": "p1", "kind": "promise-mine", "date": "2026-11-20", "person": "Dmitri Volkov", "person_id": ids["dmitri"],
            "text": "Ask Father Tom about the hall", "state": "open", "due": "2026-11-27", "open": True,
        }],
        "more": 0, "names": ["Tom Walsh", "Father Tom", "Tom", "Walsh"], "shared": [], "past": False,
    }
    assert data["events"] == {"recent": [], "said_yes": 0, "came_after_yes": 0, "came": 0, "hosted": 0, "no_shows": 0}
    assert data["referred_by"] is None
    assert json.loads(oto("prep", "Luis", "--json").stdout)["referred_by"] == {"id": ids["tom"], "name": "Tom Walsh"}


def test_prep_json_lists_every_open_mention_uncapped(oto, scene):
    ids = parish(scene)
    with scene() as s:
        for n in range(8):
            s.promise(ids["dmitri"], f"Ask Father Tom about item {n}", date(2026, 11, 30))
    mentioned = json.loads(oto("prep", "Tom Walsh", "--json").stdout)["mentions"]
    assert len(mentioned["items"]) == 8 and mentioned["more"] == 0


# -- forget -----------------------------------------------------------------------------------------


def test_forgetting_the_person_whose_record_names_them_removes_the_mention(oto, scene, open_journal):
    ids = parish(scene)
    with scene() as s:
        s.promise(ids["dmitri"], "Ask Father Tom about the hall", date(2026, 11, 27))
    assert texts(open_journal, "Tom Walsh") == ["Ask Father Tom about the hall"]
    assert oto("forget", "Dmitri Volkov", "--yes").exit_code == 0
    assert texts(open_journal, "Tom Walsh", past=True) == []


def test_forgetting_the_person_named_leaves_the_other_persons_record_as_written(oto, scene, open_journal):
    """Dmitri's promise is Dmitri's record, in the organizer's words: forgetting Tom erases Tom's
    own rows, not sentences elsewhere that name him (README, "Forgetting someone")."""
    ids = parish(scene)
    with scene() as s:
        s.promise(ids["dmitri"], "Ask Father Tom about the hall", date(2026, 11, 27))
    assert oto("forget", "Tom Walsh", "--yes").exit_code == 0
    with open_journal(write=False) as j:
        assert j.value("SELECT count(*) FROM person WHERE id = :p", {"p": ids["tom"]}) == 0
        assert [r[0] for r in j.rows("SELECT text FROM promise WHERE person_id = :p", {"p": ids["dmitri"]})] == [
            "Ask Father Tom about the hall"
        ]
    assert "Ask Father Tom about the hall" in oto("prep", "Dmitri").stdout
