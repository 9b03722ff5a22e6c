"""The daily loop on a team journal (PostgreSQL): the same commands, the same answers."""

from __future__ import annotations

import pytest

from tests.teamjournal import install, url_of


@pytest.fixture
def team(pg, monkeypatch):
    install(pg.url)
    monkeypatch.setenv("OTO_DATABASE_URL", url_of(pg.url))
    return pg


def test_add_and_list_people_on_the_server(team, oto, oto_home):
    added = oto("add", "Maria Lopez", "--tag", "tenants")
    assert added.exit_code == 0, added.output
    listed = oto("people")
    assert listed.exit_code == 0, listed.output
    assert "Maria Lopez" in listed.stdout
    assert not (oto_home / "journal.db").exists()  # nothing written to the SQLite journal
