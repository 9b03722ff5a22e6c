"""`oto review`: the practice over a period, on the screen, as JSON and as one HTML page.

The journal (`practice`) is built with oto's own domain functions on known days before NOW
(Monday 23 Nov 2026), so every figure below can be counted by hand from this list:

- Dee, met Mon 5 Oct (listened 50): before the default period, inside the 12-week chart.
- Ana, met Mon 2 Nov (first one-to-one, listened 70, written that evening, thanked the next
  day): a yes "Come to the tenants meeting" by 10 Nov, kept on 10 Nov (she came); referred Ben.
- Ben, met Mon 9 Nov (first, listened 60), written the next day, never thanked: a yes "Talk to
  three neighbours" by 16 Nov, broken on 17 Nov (he did not).
- Ana, met Mon 16 Nov (maintenance, listened 80, thanked): a maybe; my promises "Send the
  hearing dates" by 18 Nov kept 18 Nov, and "Call the housing office" by 17 Nov kept 20 Nov.
- Ben, planned Thu 19 Nov, its reflection marked done without one (held, nothing written).
- Carla, met Fri 20 Nov (first, listened 75, written that evening, thanked only today): a no;
  her commitment "Bring the lease" by 21 Nov still open; referred Eve (not met).
- Ana moved to leader with `oto edit --stage` on Sat 21 Nov.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from onetoone.render.review import EMPTY
from tests.conftest import TODAY

D = date


@pytest.fixture
def practice(scene):
    from onetoone.domain import people

    with scene() as s:
        s.setting("weekly_goal", "3")
        dee = s.person("Dee Park", today=D(2026, 10, 1))
        s.met(dee, D(2026, 10, 5), listened=50)
        ana = s.person("Ana Duarte", today=D(2026, 10, 30))
        first = s.met(ana, D(2026, 11, 2), listened=70, ask="Come to the tenants meeting by 2026-11-10", answer="yes",
                      referral=["Ben Okafor"])
        s.kept(first.commitment.id, on=D(2026, 11, 10))
        ben = people.resolve(s.j, "Ben Okafor").id
        his = s.reflect(ben, D(2026, 11, 9), written=D(2026, 11, 10), listened=60,
                        ask="Talk to three neighbours by 2026-11-16", answer="yes")
        s.broken(his.commitment.id, on=D(2026, 11, 17))
        again = s.met(ana, D(2026, 11, 16), listened=80, ask="Host a house meeting", answer="maybe",
                      i_promise=["Send the hearing dates by 2026-11-18", "Call the housing office by 2026-11-17"])
        sent, called = (p.id for p in again.promises)
        s.kept(sent, on=D(2026, 11, 18))
        s.kept(called, on=D(2026, 11, 20))
        booked = s.plan(ben, datetime(2026, 11, 19, 18, 0))
        s.done(f"f{booked.reflect}", on=D(2026, 11, 19))
        carla = s.person("Carla Mendes", today=D(2026, 11, 15))
        hers = s.reflect(carla, D(2026, 11, 20), listened=75, ask="Join the bargaining team", answer="no",
                         they_promise=["Bring the lease by 2026-11-21"], referral=["Eve Stone"])
        s.done(f"f{hers.thank.id}", on=TODAY)
        people.edit(s.j, people.get(s.j, ana), people.PersonFields(stage="leader"), today=D(2026, 11, 21))


def review_json(oto, *args) -> dict:
    ran = oto("review", "--json", *args)
    assert ran.exit_code == 0, ran.stderr
    return json.loads(ran.stdout)


def test_each_figure_on_a_known_journal(oto, practice):
    got = review_json(oto)
    assert (got["from"], got["to"], got["period"], got["empty"], got["goal"]) == ("2026-10-27", "2026-11-23", "default", False, 3)
    assert (got["held"], got["new_people"], got["maintenance"]) == (5, 3, 2)
    assert got["listening"] == {"noted": 4, "median": 72.5, "under_two_thirds": 1}
    asks = got["asks"]
    assert (asks["made"], asks["yes"], asks["no"], asks["maybe"], asks["later"], asks["unanswered"]) == (4, 2, 1, 1, 0, 0)
    assert asks["after_yes"] == {"showed_up": 1, "did_not": 1, "unknown": 0}
    assert [a["text"] for a in asks["list"]] == [
        "Join the bargaining team", "Host a house meeting", "Talk to three neighbours", "Come to the tenants meeting",
    ]
    assert got["promises"]["mine"] == {
        "due": 2, "kept_on_time": 1, "kept_late": 1, "broken": 0, "open": 0, "released": 0, "renegotiated": 0,
    }
    assert got["promises"]["theirs"] == {
        "due": 3, "kept_on_time": 1, "kept_late": 0, "broken": 1, "open": 1, "released": 0, "renegotiated": 0,
    }
    assert got["thanks"] == {"owed": 4, "within_48_hours": 2, "later": 1, "not_sent": 1, "waiting": 0}
    assert got["reflections"] == {"same_day": 3, "later": 1, "without": 1}
    assert got["referrals"] == {"gathered": 2, "met": 1}
    stages = got["stages"]
    assert (stages["moved_up"], stages["to"], stages["recorded_since"]) == (
        6, {"met": 3, "committed": 2, "active": 0, "leader": 1}, None,
    )
    assert stages["list"][0] == {"date": "2026-11-21", "person": "Ana Duarte", "from": "committed", "to": "leader"}
    assert [(w["start"], w["held"]) for w in got["weeks"] if w["held"]] == [
        ("2026-10-05", 1), ("2026-11-02", 1), ("2026-11-09", 1), ("2026-11-16", 3),
    ]
    assert (got["weeks"][0]["start"], got["weeks"][-1]["start"], len(got["weeks"])) == ("2026-09-07", "2026-11-23", 12)


def test_the_screen_says_what_each_figure_counts(oto, practice):
    ran = oto("review")
    assert ran.exit_code == 0, ran.stderr
    lines = [line.rstrip() for line in ran.stdout.splitlines()]
    assert lines[0] == "Review of the last four weeks: Tue 27 Oct 2026 to Mon 23 Nov 2026"
    chart = lines[lines.index("One-to-ones held, week by week (goal 3 a week)") + 1:][:13]
    assert chart[4] == "   5 Oct  #--|  1"
    assert chart[10:12] == ["  16 Nov  ###|  3", "  23 Nov  ---|  0"]
    assert chart[12].startswith("  # one-to-one held, - short of the goal, | the goal")
    said = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in lines if line.startswith("  ") and ":" in line}
    assert said["One-to-ones held"] == "5 one-to-ones held in these 28 days; a goal of 3 a week makes 12 for them (42% of it)."
    assert said["New people and maintenance"] == "3 first one-to-ones with someone new, 2 with people met before."
    assert said["Share of time listening"].startswith("median 72.5% in the 4 one-to-ones where it was noted; 1 under two thirds")
    assert said["Asks made"] == "4 asks made: 2 yes, 1 no, 1 maybe."
    assert said["Show-up after a yes"] == "of 2 yeses given, 1 came and 1 did not (50% came)."
    assert said["My promises kept on time"] == "1 of 2 promises that came due kept by their date (50%); 1 kept late."
    assert said["Their commitments kept on time"] == (
        "1 of 3 commitments that came due kept by their date (33%); 1 broken, 1 still open."
    )
    assert said["Thank-yous within 48 hours"] == "2 of 4 one-to-ones thanked within 48 hours (50%); 1 later, 1 not sent."
    assert said["Reflections written the same day"] == (
        "3 of 5 one-to-ones held (60%); 1 written later, 1 marked held without one."
    )
    assert said["Referrals gathered"] == (
        "2 people added as someone's referral, 0.4 per one-to-one held; 1 of them met in a one-to-one since."
    )
    assert said["Stages moved up"] == "6 moves up the ladder: 3 to met, 2 to committed, 1 to leader."


@pytest.mark.parametrize(
    "args, span, held, asks, moved",
    [
        (("--week",), ("2026-11-17", "2026-11-23", "week"), 2, 1, 2),
        (("--month",), ("2026-10-24", "2026-11-23", "month"), 5, 4, 6),
        (("--since", "2026-10-01"), ("2026-10-01", "2026-11-23", "since"), 6, 4, 7),
        (("--since", "2026-11-20"), ("2026-11-20", "2026-11-23", "since"), 1, 1, 2),
    ],
)
def test_the_periods(oto, practice, args, span, held, asks, moved):
    got = review_json(oto, *args)
    assert (got["from"], got["to"], got["period"]) == span
    assert (got["held"], got["asks"]["made"], got["stages"]["moved_up"]) == (held, asks, moved)


def test_one_period_at_a_time_and_not_the_future(oto, practice):
    ran = oto("review", "--week", "--month")
    assert ran.exit_code == 2 and "one period at a time" in ran.stderr
    ran = oto("review", "--since", "2026-12-01")
    assert ran.exit_code == 1 and "after today" in ran.stderr
    ran = oto("review", "--json", "--html", "x.html")
    assert ran.exit_code == 2


def test_an_empty_journal_gets_one_friendly_line(oto, oto_home, tmp_path):
    assert oto("add", "Maria Lopez").exit_code == 0  # someone to meet, nothing held yet
    ran = oto("review")
    assert (ran.exit_code, ran.stdout) == (0, EMPTY + "\n")
    assert review_json(oto)["empty"] is True
    page = tmp_path / "empty.html"
    assert oto("review", "--html", str(page)).exit_code == 0
    assert EMPTY in Page.of(page).text


def test_a_period_with_nothing_in_it_still_reads(oto, scene):
    with scene() as s:
        s.met(s.person("Dee Park", today=D(2026, 6, 1)), D(2026, 6, 2))
    ran = oto("review", "--week")
    assert ran.exit_code == 0
    assert "0 one-to-ones held in these 7 days" in ran.stdout
    assert "Asks made:" in ran.stdout and "none in this period." in ran.stdout
    assert "no promise came due in this period." in ran.stdout


def test_the_json_shape(oto, practice):
    got = review_json(oto)
    assert set(got) == {
        "today", "from", "to", "period", "empty", "goal", "weeks", "held", "new_people", "maintenance", "listening",
        "asks", "promises", "thanks", "reflections", "referrals", "events", "stages",
    }
    assert set(got["asks"]) == {"made", "yes", "no", "maybe", "later", "unanswered", "after_yes", "list"}
    assert set(got["asks"]["list"][0]) == {"date", "person", "text", "answer", "showed_up"}
    assert set(got["stages"]) == {"moved_up", "to", "recorded_since", "list"}


def test_a_move_put_right_leaves_the_review(oto, scene):
    """A reflection marked done by mistake and reopened takes back the move to met it made."""
    with scene() as s:
        dee = s.person("Dee Park", today=D(2026, 11, 1))
        booked = s.plan(dee, datetime(2026, 11, 20, 18, 0))
        s.done(f"f{booked.reflect}", on=D(2026, 11, 20))
        s.promise(dee, "Call her back", D(2026, 11, 30))
    assert review_json(oto)["stages"]["moved_up"] == 1
    assert oto("reopen", f"f{booked.reflect}").exit_code == 0
    assert review_json(oto)["stages"]["moved_up"] == 0


# -- The page ----------------------------------------------------------------------------------


class Page(HTMLParser):
    """Every tag and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    @classmethod
    def of(cls, path) -> "Page":
        page = cls()
        page.feed(path.read_text(encoding="utf-8"))
        page.close()
        return page


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "dl", "dt", "dd", "table", "tr", "th",
                "td", "svg", "rect", "line", "text"}


def assert_self_contained(path) -> None:
    raw = path.read_text(encoding="utf-8")
    page = Page.of(path)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("src", "href", "xlink:href", "srcset", "action")
            assert "//" not in (value or "") and "url(" not in (value or "")
    for needle in ("http:", "https:", "//", "@import", "url(", "<script", "<link", "<img", "<iframe"):
        assert needle not in raw.lower(), needle


def test_the_page_has_the_figures_and_nothing_from_elsewhere(oto, practice, tmp_path):
    path = tmp_path / "review.html"
    ran = oto("review", "--html", str(path))
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == "" and f"Wrote the review to {path}" in ran.stderr
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert_self_contained(path)
    page = Page.of(path)
    text = page.text
    assert "Review of the last four weeks: Tue 27 Oct 2026 to Mon 23 Nov 2026" in text
    for sentence in (
        "5 one-to-ones held in these 28 days", "4 asks made: 2 yes, 1 no, 1 maybe.", "1 came and 1 did not (50% came)",
        "2 of 4 one-to-ones thanked within 48 hours (50%)", "3 of 5 one-to-ones held (60%)",
        "6 moves up the ladder: 3 to met, 2 to committed, 1 to leader.", "Talk to three neighbours",
    ):
        assert sentence in text, sentence
    bars = [attrs for tag, attrs in page.tags if tag == "rect" and attrs.get("class") == "bar"]
    assert len(bars) == 12
    heights = [float(b["height"]) for b in bars]
    assert heights[10] == max(heights) and heights[11] == 0.0 and heights[4] == heights[8] > 0  # 3 in 16 Nov's week


def test_the_page_is_written_private_over_an_open_file(oto, practice, tmp_path):
    path = tmp_path / "review.html"
    path.write_text("old")
    os.chmod(path, 0o644)
    assert oto("review", "--html", str(path)).exit_code == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_page_that_cannot_be_written_is_one_line(oto, practice, tmp_path):
    ran = oto("review", "--html", str(tmp_path))  # a folder
    assert ran.exit_code == 1 and len(ran.stderr.strip().splitlines()) == 1 and "Traceback" not in ran.output


HOSTILE_NAME = "<script>alert('x')</script> & \"Co\""
HOSTILE_ASK = "\"><img src=x onerror=alert(1)> [bold]ask[/bold] \x1b[31mred"


def test_hostile_text_is_only_text_on_the_page(oto, scene, tmp_path):
    with scene() as s:
        them = s.person(HOSTILE_NAME, today=D(2026, 11, 1))
        s.met(them, D(2026, 11, 18), ask=HOSTILE_ASK, answer="later", listened=70)
    path = tmp_path / "review.html"
    assert oto("review", "--html", str(path)).exit_code == 0
    assert_self_contained(path)
    text = Page.of(path).text
    assert HOSTILE_NAME in text
    assert "\"><img src=x onerror=alert(1)> [bold]ask[/bold]" in text and "\x1b" not in path.read_text(encoding="utf-8")
    screen = oto("review")
    assert HOSTILE_NAME in screen.stdout and "\x1b" not in screen.stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium on this machine")
def test_a_real_browser_draws_the_page(oto, practice, tmp_path):
    path = tmp_path / "review.html"
    assert oto("review", "--html", str(path)).exit_code == 0
    ran = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    dom = ran.stdout
    assert "4 asks made: 2 yes, 1 no, 1 maybe." in dom
    assert dom.count('class="bar"') == 12 and "<script" not in dom


def test_forget_takes_their_moves_and_asks_out_of_the_review(oto, practice):
    ran = oto("forget", "Ana Duarte", "--yes")
    assert ran.exit_code == 0, ran.stderr
    got = review_json(oto)
    assert got["stages"]["to"] == {"met": 2, "committed": 1, "active": 0, "leader": 0}
    assert "Ana Duarte" not in json.dumps(got)


def test_an_upgraded_journal_says_since_when_moves_are_recorded(oto, oto_home):
    import sqlite3

    from onetoone.store import migrations
    from onetoone.store.journal import APPLICATION_ID
    from onetoone.store.paths import journal_path, private_dir

    private_dir(oto_home)
    db = sqlite3.connect(journal_path(oto_home), isolation_level=None)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA journal_mode = WAL")
    migrations.upgrade(db, datetime(2026, 1, 5, 9, 0), target=5)  # an oto from before review
    db.close()
    assert oto("add", "Dee Park").exit_code == 0  # opens the journal: 0007 is applied now
    assert oto("promise", "Dee", "Call her back", "--by", "fri").exit_code == 0
    got = review_json(oto)
    assert got["stages"]["recorded_since"] == "2026-11-23"
    ran = oto("review")
    assert "no one moved up the ladder (oto records moves since 23 Nov 2026)." in ran.stdout
