"""The team journal's first schema on PostgreSQL, frozen: what "version 10" means on a server.

`pg_schema.install` made this from the models (SQLModel.metadata compiled for PostgreSQL, each
table with its owner column, a setting keyed by its owner, the shareable tables' `shared`) when
the team journal was released at migration 10 (`migrations.PG_BASELINE`). It is kept as text, as
SQLite's first schema is (`migrations._INITIAL`), so that a later change of the models changes
nothing here: a team journal is brought forward only by the PostgreSQL steps of the migrations
after it. Never edit it; add a migration with a `postgres` step.
"""

VERSION = 10

DDL = """
CREATE TABLE institution (id SERIAL NOT NULL, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL, sector VARCHAR NOT NULL, notes VARCHAR, created_on DATE NOT NULL, PRIMARY KEY (id));
ALTER TABLE "institution" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE UNIQUE INDEX ix_institution_name_key ON institution (name_key);
CREATE TABLE migration (version SERIAL NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (version), UNIQUE (name));
ALTER TABLE "migration" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE TABLE setting (key VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY (key));
ALTER TABLE "setting" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE TABLE story (id SERIAL NOT NULL, text VARCHAR NOT NULL, created_on DATE NOT NULL, PRIMARY KEY (id));
ALTER TABLE "story" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE TABLE undo_log (id SERIAL NOT NULL, step INTEGER NOT NULL, tbl VARCHAR NOT NULL, row_id INTEGER, op VARCHAR NOT NULL, sql VARCHAR NOT NULL, PRIMARY KEY (id));
ALTER TABLE "undo_log" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_undo_log_step ON undo_log (step);
CREATE TABLE undo_step (id SERIAL NOT NULL, at TIMESTAMP WITHOUT TIME ZONE NOT NULL, command VARCHAR, PRIMARY KEY (id));
ALTER TABLE "undo_step" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE TABLE person (id SERIAL NOT NULL, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL, contact VARCHAR, met_how VARCHAR, referred_by_id INTEGER, role VARCHAR, stage VARCHAR NOT NULL, cadence_days INTEGER, do_not_contact BOOLEAN NOT NULL, created_on DATE NOT NULL, last_contact_on DATE, reconnect_on DATE, institution_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(referred_by_id) REFERENCES person (id) ON DELETE SET NULL, FOREIGN KEY(institution_id) REFERENCES institution (id) ON DELETE SET NULL);
ALTER TABLE "person" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_person_institution ON person (institution_id, stage);
CREATE INDEX ix_person_name_key ON person (name_key);
CREATE INDEX ix_person_reconnect_on ON person (reconnect_on);
CREATE INDEX ix_person_referral ON person (referred_by_id, stage);
CREATE TABLE contact (id SERIAL NOT NULL, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, contacted_on DATE NOT NULL, note VARCHAR NOT NULL, created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
ALTER TABLE "contact" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_contact_person_on ON contact (person_id, contacted_on);
CREATE TABLE event (id SERIAL NOT NULL, title VARCHAR NOT NULL, kind VARCHAR NOT NULL, day DATE NOT NULL, at VARCHAR, place VARCHAR, host_id INTEGER, created_on DATE NOT NULL, recorded_on DATE, PRIMARY KEY (id), FOREIGN KEY(host_id) REFERENCES person (id) ON DELETE SET NULL);
ALTER TABLE "event" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_event_day ON event (day);
CREATE INDEX ix_event_host_id ON event (host_id);
CREATE TABLE introduction (id SERIAL NOT NULL, person_id INTEGER NOT NULL, other_id INTEGER NOT NULL, introduced_on DATE NOT NULL, note VARCHAR, created_on DATE NOT NULL, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(other_id) REFERENCES person (id) ON DELETE CASCADE);
ALTER TABLE "introduction" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_introduction_other_id ON introduction (other_id);
CREATE INDEX ix_introduction_person_id ON introduction (person_id);
CREATE TABLE meeting (id SERIAL NOT NULL, person_id INTEGER NOT NULL, status VARCHAR NOT NULL, planned_at TIMESTAMP WITHOUT TIME ZONE, place VARCHAR, planned_minutes INTEGER, held_on DATE, minutes INTEGER, listened_pct INTEGER, next_step VARCHAR, note VARCHAR, created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, reflected_on DATE, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
ALTER TABLE "meeting" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_meeting_held_on ON meeting (held_on);
CREATE INDEX ix_meeting_person_id ON meeting (person_id);
CREATE INDEX ix_meeting_person_status_held ON meeting (person_id, status, held_on);
CREATE INDEX ix_meeting_review ON meeting (held_on, status, person_id, listened_pct, reflected_on);
CREATE INDEX ix_meeting_status_planned_at ON meeting (status, planned_at);
CREATE TABLE person_key (id SERIAL NOT NULL, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, text VARCHAR NOT NULL, key VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
ALTER TABLE "person_key" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_person_key_key ON person_key (key);
CREATE INDEX ix_person_key_person_id ON person_key (person_id);
CREATE TABLE tag (person_id INTEGER NOT NULL, tag VARCHAR NOT NULL, PRIMARY KEY (person_id, tag), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
ALTER TABLE "tag" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_tag_tag ON tag (tag);
CREATE TABLE insight (id SERIAL NOT NULL, person_id INTEGER NOT NULL, meeting_id INTEGER, kind VARCHAR NOT NULL, text VARCHAR NOT NULL, created_on DATE NOT NULL, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL);
ALTER TABLE "insight" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_insight_meeting_id ON insight (meeting_id);
CREATE INDEX ix_insight_person_id ON insight (person_id);
CREATE TABLE planned_ask (id SERIAL NOT NULL, meeting_id INTEGER NOT NULL, text VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE);
ALTER TABLE "planned_ask" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_planned_ask_meeting_id ON planned_ask (meeting_id);
CREATE TABLE promise (id SERIAL NOT NULL, person_id INTEGER NOT NULL, meeting_id INTEGER, direction VARCHAR NOT NULL, text VARCHAR NOT NULL, due DATE NOT NULL, first_due DATE NOT NULL, status VARCHAR NOT NULL, created_on DATE NOT NULL, closed_on DATE, event_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL, FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE SET NULL);
ALTER TABLE "promise" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_promise_event_id ON promise (event_id);
CREATE INDEX ix_promise_meeting_id ON promise (meeting_id);
CREATE INDEX ix_promise_person_id ON promise (person_id);
CREATE INDEX ix_promise_status_due ON promise (status, due, direction);
CREATE TABLE stage_move (id SERIAL NOT NULL, person_id INTEGER NOT NULL, meeting_id INTEGER, "old" VARCHAR NOT NULL, "new" VARCHAR NOT NULL, moved_on DATE NOT NULL, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL);
ALTER TABLE "stage_move" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_stage_move_meeting_id ON stage_move (meeting_id);
CREATE INDEX ix_stage_move_moved_on ON stage_move (moved_on);
CREATE INDEX ix_stage_move_person_id ON stage_move (person_id);
CREATE TABLE ask (id SERIAL NOT NULL, person_id INTEGER NOT NULL, meeting_id INTEGER, text VARCHAR NOT NULL, answer VARCHAR, asked_on DATE NOT NULL, revisit_on DATE, promise_id INTEGER, showed_up BOOLEAN, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL, FOREIGN KEY(promise_id) REFERENCES promise (id) ON DELETE SET NULL);
ALTER TABLE "ask" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_ask_asked_on ON ask (asked_on);
CREATE INDEX ix_ask_meeting_id ON ask (meeting_id);
CREATE INDEX ix_ask_person_id ON ask (person_id);
CREATE INDEX ix_ask_promise_id ON ask (promise_id);
CREATE TABLE attendance (event_id INTEGER NOT NULL, person_id INTEGER NOT NULL, status VARCHAR NOT NULL, promise_id INTEGER, PRIMARY KEY (event_id, person_id), FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(promise_id) REFERENCES promise (id) ON DELETE SET NULL);
ALTER TABLE "attendance" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_attendance_person_id ON attendance (person_id);
CREATE INDEX ix_attendance_promise_id ON attendance (promise_id);
CREATE TABLE followup (id SERIAL NOT NULL, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, due DATE NOT NULL, words VARCHAR, status VARCHAR NOT NULL, meeting_id INTEGER, ask_id INTEGER, created_on DATE NOT NULL, done_on DATE, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE, FOREIGN KEY(ask_id) REFERENCES ask (id) ON DELETE CASCADE);
ALTER TABLE "followup" ADD COLUMN owner name NOT NULL DEFAULT current_user;
CREATE INDEX ix_followup_ask_id ON followup (ask_id);
CREATE INDEX ix_followup_meeting_id ON followup (meeting_id);
CREATE INDEX ix_followup_person_id ON followup (person_id);
CREATE INDEX ix_followup_status_due ON followup (status, due);
ALTER TABLE setting DROP CONSTRAINT setting_pkey, ADD PRIMARY KEY (owner, key);
ALTER TABLE "meeting" ADD COLUMN shared boolean NOT NULL DEFAULT false;
ALTER TABLE "insight" ADD COLUMN shared boolean NOT NULL DEFAULT false;
ALTER TABLE "story" ADD COLUMN shared boolean NOT NULL DEFAULT false;
ALTER TABLE "promise" ADD COLUMN shared boolean NOT NULL DEFAULT false
"""
