"""`oto due --quiet` and `oto due --count`: the digest for cron, status bars and notifications."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import TODAY, Scene


def test_quiet_exits_0_and_count_is_0_on_a_day_with_nothing_owed(oto, open_journal):
    with open_journal() as journal:
        Scene(journal).person("Rosa Diaz", stage="leader", last_contact=TODAY - timedelta(days=60))  # a suggestion, not owed
    quiet = oto("due", "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    count = oto("due", "--count")
    assert (count.exit_code, count.stdout) == (0, "0\n")


def test_quiet_exits_1_and_count_counts_overdue_and_today_only(oto, open_journal):
    with open_journal() as journal:
        scene = Scene(journal)
        rosa = scene.person("Rosa Diaz")
        scene.promise(rosa, "Send the lease checklist", TODAY - timedelta(days=2), today=TODAY - timedelta(days=5))
        scene.promise(rosa, "Call the housing office", TODAY, today=TODAY - timedelta(days=5))
        scene.promise(rosa, "Bring flyers", TODAY + timedelta(days=3), today=TODAY - timedelta(days=5))  # ahead: not counted
    quiet = oto("due", "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "", "")
    assert oto("due", "--count").stdout == "2\n"
    assert oto("due", "--count", "--on", "+3d").stdout == "3\n"


def test_quiet_and_count_are_one_at_a_time(oto):
    ran = oto("due", "--quiet", "--count")
    assert ran.exit_code == 2 and ran.stdout == ""
