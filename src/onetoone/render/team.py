"""What `oto team` and `oto share` say."""

from __future__ import annotations


def initialized(made) -> str:
    return (f"{made.database} is now a team journal: organizers are members of {made.organizers}, admins of {made.admins}; "
            f"the tables belong to {made.owner}, which no one logs in as. "
            f"Next: oto team add-organizer NAME (--admin for one who may forget anyone).")


def upgraded(done) -> str:
    if not done.applied:
        return f"{done.database} is already at schema {done.version}: nothing to do."
    return f"{done.database} is now at schema {done.version} (applied {', '.join(done.applied)})."


def added(done) -> str:
    role = "an organizer and admin" if done.admin else "an organizer"
    if not done.created:
        return f"{done.name} (a role this server already had) is now {role} of {done.database}; their password is unchanged."
    return (f"{done.name} is now {role} of {done.database}, with no password yet: set one in psql "
            f"(psql {done.database}, then \\password {done.name}), and let them connect in pg_hba.conf.")


def shared(done) -> str:
    if done.kind == "meeting":
        return f"Shared m{done.id} with the team: its note and next step."
    what = {"insight": "i", "story": "s", "promise": "p"}[done.kind]
    return f"Shared {what}{done.id} with the team" + (": its text." if done.kind == "promise" else ".")
